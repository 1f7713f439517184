/**
 * The one IPC contract between the renderer and the main process.
 *
 * Every request channel maps to its request and response types; every main→renderer event to its
 * payload. The handler map in main is typed `Handlers`, so a channel without a handler (or a handler
 * for a channel that does not exist) is a compile error, and the preload API is derived from the
 * same types, so nothing is written twice.
 *
 * Runtime code here is plain constants: the sandboxed preload bundles this file and must not pull
 * in any package (the zod schemas live apart, in `ipc-schemas.ts`, for main only).
 *
 * Capability channels: `console:copyUrl` / `console:open` join `RequestContracts` (with a schema
 * and a handler; the compiler then demands both) once the console sign-in core exists.
 * `AppInfo.capabilities.console` tells the UI whether to offer them; until then they are absent,
 * not faked.
 */
import type { AddSourceInput, AddSourceResult, BomRemoval, DoctorCheck, ImportResult, KeyAge, ProfileListing, Settings } from '../core/facade/app-core-types';
import type { ErrorInfo } from '../core/errors';
import type { MfaRequest } from '../core/sessions/mfa-broker';
import type { ActiveSession, Fallback, SessionEvent, SignOutResult } from '../core/sessions/types';

export type { ActiveSession, Fallback, SignOutResult, AddSourceInput, AddSourceResult, BomRemoval, DoctorCheck, ErrorInfo, ImportResult, KeyAge, MfaRequest, ProfileListing, Settings };
export type { Profile, RoleProfile, SourceProfile, OtherProfile } from '../core/profiles/model';

/** Errors are data: the core's typed error as code, message and suggested action. Never a stack. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** `sessions:switch`: the app always prompts through the MFA popup, so `promptForMfa` is not the renderer's to choose. */
export interface SwitchRequest {
  profile: string;
  target?: string;
  takeOver?: boolean;
  mfaCode?: string;
  durationSeconds?: number;
  /** Time-boxed elevation (tray "for 15 min / 30 min / 1 h"): the holder falls back after this long. */
  forSeconds?: number;
}

export type SettingsPatch = Partial<Settings>;

/** `profiles:setupCredentialProcess`: `takeOver` replaces a section the user wrote under `as` (after a backup). */
export interface SetupCredentialProcessRequest {
  profile: string;
  as: string;
  takeOver?: boolean;
}

/** Where the profile went: `section` as written (`profile NAME`), `profileName` for `aws --profile`. */
export interface SetupCredentialProcessResult {
  section: string;
  profileName: string;
  /** The copy of the config file from before the change; absent when there was no file. */
  backupPath?: string;
}

/** `sources:rotate`: `deleteKeyId` is the second key the user agreed to delete after a `confirm-delete` answer. */
export interface RotateRequest {
  source: string;
  deleteKeyId?: string;
}

/** The key Rolecall would delete to make room (the user already has IAM's two), as the dialog shows it. */
export interface KeyToDeleteInfo {
  accessKeyId: string;
  createdAt: string;
  lastUsedAt?: string;
  lastUsedService?: string;
}

/**
 * What a rotation came to. `confirm-delete`: nothing was changed, ask the user and call again with
 * `deleteKeyId`. `keychain-failed`: IAM made a new key the keychain could not store; `unsavedKey` is
 * the one secret that ever crosses IPC to a renderer, in the reply to the window that asked and
 * nowhere else, so the user can keep a key that otherwise exists only in memory (see rotation-handlers.ts).
 */
export type RotateResponse =
  | { status: 'rotated'; oldAccessKeyId?: string; newAccessKeyId?: string; identityArn?: string; alsoDeleted: string[] }
  | { status: 'confirm-delete'; keyToDelete: KeyToDeleteInfo }
  | { status: 'keychain-failed'; error: ErrorInfo; unsavedKey: { accessKeyId: string; secretShownOnce: string } };

/** Features that exist only when their core part does; the UI hides what is false. */
export interface Capabilities {
  console: boolean;
}

/** What the About view shows: versions and where Rolecall reads and writes. */
export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  versions: { electron: string; chrome: string; node: string };
  paths: { configFile: string; credentialsFile: string; appDataDir: string };
  capabilities: Capabilities;
  /** Notices from start-up (e.g. a corrupt state file set aside), for a window opened later. */
  notices: string[];
}

/** Request channels: `request` is the one argument the renderer sends (`null` when none), `response` the value of an ok result. */
export interface RequestContracts {
  'profiles:list': { request: null; response: ProfileListing };
  'sources:add': { request: AddSourceInput; response: AddSourceResult };
  'sources:remove': { request: { name: string }; response: null };
  'sources:import': { request: { scrub: boolean; names?: string[] }; response: ImportResult };
  'sessions:switch': { request: SwitchRequest; response: ActiveSession };
  'sessions:refresh': { request: { target: string }; response: ActiveSession };
  /** Falls back to the target's baseline unless `noFallback` ("Sign out completely"). */
  'sessions:signOut': { request: { target: string; noFallback?: boolean }; response: SignOutResult };
  /** More time for a time-boxed elevation (default 15 min). */
  'sessions:extend': { request: { target: string; seconds?: number }; response: ActiveSession };
  'sessions:signOutAll': { request: null; response: null };
  'sessions:list': { request: null; response: ActiveSession[] };
  'mfa:submit': { request: { mfaSerial: string; code: string }; response: null };
  'mfa:cancel': { request: { mfaSerial: string }; response: null };
  'mfa:pending': { request: null; response: MfaRequest[] };
  'settings:get': { request: null; response: Settings };
  'settings:update': { request: SettingsPatch; response: Settings };
  'app:info': { request: null; response: AppInfo };
  /** Main copies the sign-in URL to the clipboard itself: the URL (a sign-in token) never reaches the renderer. */
  'console:copyUrl': { request: { profile: string }; response: null };
  /** Main opens the console in the default browser (allow-listed AWS hosts only). */
  'console:open': { request: { profile: string }; response: null };
  /** `rolecall doctor`'s checks, for the Diagnostics part of About. */
  'doctor:run': { request: null; response: DoctorCheck[] };
  /** Removes the UTF-8 BOM botocore cannot parse from the shared files (backup first); lists what changed. */
  'doctor:fixBom': { request: null; response: BomRemoval[] };
  /** Backups and other files beside the AWS files that still hold secret keys (paths only). */
  'doctor:secretLeftovers': { request: null; response: string[] };
  /** Redacts the secret lines in those files (main finds them itself); lists the files it changed. */
  'doctor:cleanSecretLeftovers': { request: null; response: string[] };
  /**
   * Writes `[profile as]` with `credential_process = rolecall credential-process --profile <profile>`
   * into the config file (backup first). The command is main's to choose, never the renderer's.
   */
  'profiles:setupCredentialProcess': { request: SetupCredentialProcessRequest; response: SetupCredentialProcessResult };
  /** Replaces a keychain source's access key (rotation/rotate.ts); progress arrives as `rotation-progress` events. */
  'sources:rotate': { request: RotateRequest; response: RotateResponse };
  /** Each keychain source's key age and last use (IAM, read-only, never prompts). */
  'sources:keyAges': { request: null; response: KeyAge[] };
}

export type RequestChannel = keyof RequestContracts;
export type RequestOf<K extends RequestChannel> = RequestContracts[K]['request'];
export type ResponseOf<K extends RequestChannel> = RequestContracts[K]['response'];

/** One handler per channel; `Handlers` missing a channel does not compile. */
export type Handler<K extends RequestChannel> = (payload: RequestOf<K>) => Promise<Result<ResponseOf<K>>>;
export type Handlers = { [K in RequestChannel]: Handler<K> };

// A Record over the union: adding a channel to the contract without listing it here is a compile error.
const requestChannelSet: Record<RequestChannel, true> = {
  'profiles:list': true,
  'sources:add': true,
  'sources:remove': true,
  'sources:import': true,
  'sessions:switch': true,
  'sessions:refresh': true,
  'sessions:signOut': true,
  'sessions:extend': true,
  'sessions:signOutAll': true,
  'sessions:list': true,
  'mfa:submit': true,
  'mfa:cancel': true,
  'mfa:pending': true,
  'settings:get': true,
  'settings:update': true,
  'app:info': true,
  'console:copyUrl': true,
  'console:open': true,
  'doctor:run': true,
  'doctor:fixBom': true,
  'doctor:secretLeftovers': true,
  'doctor:cleanSecretLeftovers': true,
  'profiles:setupCredentialProcess': true,
  'sources:rotate': true,
  'sources:keyAges': true,
};

/** Every request channel, for registration loops and coverage tests. */
export const REQUEST_CHANNELS = Object.freeze(Object.keys(requestChannelSet) as RequestChannel[]);

type SessionEventPayload<T extends SessionEvent['type']> = Omit<Extract<SessionEvent, { type: T }>, 'type'>;

/** Main→renderer events. Payloads are plain data with no secret (main projects them field by field). */
export interface EventContracts {
  'sessions-changed': SessionEventPayload<'sessions-changed'>;
  'mfa-required': SessionEventPayload<'mfa-required'>;
  'mfa-updated': SessionEventPayload<'mfa-updated'>;
  'mfa-resolved': SessionEventPayload<'mfa-resolved'>;
  'session-expiring': SessionEventPayload<'session-expiring'>;
  'session-refreshed': SessionEventPayload<'session-refreshed'>;
  'session-expired': SessionEventPayload<'session-expired'>;
  'session-error': SessionEventPayload<'session-error'>;
  'elevation-ending': SessionEventPayload<'elevation-ending'>;
  'fell-back': SessionEventPayload<'fell-back'>;
  notice: { message: string; level: 'info' | 'warning' | 'error' };
  /** One step of a running rotation (creating, storing, verifying, deleting). Never a secret. */
  'rotation-progress': { source: string; message: string };
}

export type EventChannel = keyof EventContracts;
export type EventPayload<K extends EventChannel> = EventContracts[K];

const eventChannelSet: Record<EventChannel, true> = {
  'sessions-changed': true,
  'mfa-required': true,
  'mfa-updated': true,
  'mfa-resolved': true,
  'session-expiring': true,
  'session-refreshed': true,
  'session-expired': true,
  'session-error': true,
  'elevation-ending': true,
  'fell-back': true,
  notice: true,
  'rotation-progress': true,
};

/** Wire names of events are prefixed so they can never collide with a request channel. */
export const EVENT_PREFIX = 'event:';
export const EVENT_CHANNELS = Object.freeze(Object.keys(eventChannelSet) as EventChannel[]);

export function eventWireName(name: EventChannel): string {
  return `${EVENT_PREFIX}${name}`;
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: ErrorInfo): Result<T> {
  return error.action === undefined
    ? { ok: false, error: { code: error.code, message: error.message } }
    : { ok: false, error: { code: error.code, message: error.message, action: error.action } };
}
