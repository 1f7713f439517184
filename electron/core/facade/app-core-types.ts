/**
 * The one facade over the core that the Electron main process, the IPC handler map, the CLI and the
 * credential_process bridge use. Everything here is safe to hand to a renderer except where a type
 * says it carries credentials (`SessionCredentials`), which never leave the main process/CLI.
 */
import type { ErrorInfo } from '../errors';
import type { Profile } from '../profiles/model';
import type { ActiveSession, SessionEvent, SignOutOptions, SignOutResult, SwitchOptions } from '../sessions/types';
import type { MfaRequest, WaitOptions } from '../sessions/mfa-broker';
import type { CredentialKind } from '../sts/engine-types';
import type { DoctorCheck } from '../doctor/types';
import type { BomRemoval } from '../aws-files/bom';
import type { RotateOptions, RotationResult } from '../rotation/types';
import type { KeyAge } from '../rotation/key-age';

/** User settings (persisted in the state store). */
export interface Settings {
  defaultTarget: string;
  /** Per-profile target overrides. */
  roleTargets: Record<string, string>;
  /** Refresh this long before expiry. */
  leadTimeSeconds: number;
  /** Remove a session's section from the credentials file when it expires unrefreshed. */
  removeExpired: boolean;
  /** At quit, the app or agent signs out of every session it holds (default: they last until they expire). */
  signOutAtQuit: boolean;
  /** GetSessionToken duration for MFA sessions. */
  sessionDurationSeconds: number;
  /** Default AssumeRole duration. */
  roleDurationSeconds: number;
  notifications: boolean;
  startAtLogin: boolean;
  /** An access key older than this many days is flagged (badge, weekly notification, doctor). */
  keyMaxAgeDays: number;
  /** Profiles marked elevated (W4): shown as elevated, never a baseline. */
  elevatedProfiles: string[];
  /** Per-target baseline chosen by the user: where signing out of an elevated session falls back to. */
  baselines: Record<string, string>;
}

export interface ProfileListing {
  profiles: Profile[];
  sessions: ActiveSession[];
  configFile: string;
  credentialsFile: string;
  /** The keychain could not be read (locked, unavailable): keychain sources are missing from `profiles`. */
  keychainProblem?: ErrorInfo;
}

export interface AddSourceInput {
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  mfaSerial?: string;
  /** Default true: call GetCallerIdentity with the keys before storing them. */
  verify?: boolean;
  /** Replace an existing keychain source of that name. */
  overwrite?: boolean;
  /** Region for the source's config section; only together with `writeConfig`. */
  region?: string;
  /**
   * Append `[profile NAME]` with `mfaSerial`/`region` to the config file (aws-vault's layout) when
   * the profile has no section there yet; an existing one is left as it is.
   */
  writeConfig?: boolean;
}

export interface AddSourceResult {
  name: string;
  accessKeyId: string;
  /** Present when verified. */
  identityArn?: string;
  /** Present when `writeConfig` was asked for: where the section went, or that one existed. */
  config?: { file: string; section: string; written: boolean };
  /** Where the config file overrides what was given (its mfa_serial/region win). */
  notes?: string[];
}

export interface ImportResult {
  imported: string[];
  skipped: Array<{ name: string; reason: string }>;
  /** Set when plaintext keys were scrubbed: where the untouched copy of the file went. */
  backupPath?: string;
}

/** Credentials handed to the AWS CLI through credential_process or used for a console URL. Never over IPC. */
export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  kind: CredentialKind;
  region?: string;
  identityArn: string;
}

export interface RolecallCore {
  listProfiles(): Promise<ProfileListing>;
  addSource(input: AddSourceInput): Promise<AddSourceResult>;
  removeSource(name: string): Promise<void>;
  importSources(opts: { scrub: boolean; names?: string[] }): Promise<ImportResult>;

  switchTo(profile: string, opts?: SwitchOptions): Promise<ActiveSession>;
  submitMfaCode(mfaSerial: string, code: string): Promise<void>;
  cancelMfa(mfaSerial: string): void;
  pendingMfa(): MfaRequest[];
  refresh(target: string): Promise<ActiveSession>;
  /** Signs out of a target (or a profile's sessions); an elevated session falls back to its baseline unless `noFallback`. */
  signOut(target: string, opts?: SignOutOptions): Promise<SignOutResult>;
  /** Extends a time-boxed elevation (`switch --for`) by `seconds` (default 15 min). */
  extend(target: string, seconds?: number): Promise<ActiveSession>;
  signOutAll(): Promise<ActiveSession[]>;
  /** The sessions this process holds or last read (synchronous, for the tray). */
  sessions(): ActiveSession[];
  /** The sessions as the credentials file's markers record them now (adopting new ones when this process is a holder). */
  readSessions(): Promise<ActiveSession[]>;
  /**
   * Resolves once the refreshes and expiries that deadlines started have finished — their STS
   * calls, file writes, events and saved state — so a test that moves the clock awaits exactly
   * that work. An MFA prompt waiting for its code does not count as running.
   */
  whenIdle(): Promise<void>;

  /**
   * Credentials for `profile` with at least `minRemainingSeconds` left: from the active session
   * when it has enough time, else a fresh resolve (prompting through the MFA broker when
   * `promptForMfa`). Used by credential_process, `rolecall exec` and the console URL. Not written to
   * any file. `durationSeconds` asks for that session length (`rolecall exec --duration`); `prompt`
   * names the caller in the MFA prompt and ends its wait when it goes away.
   */
  credentialsFor(profile: string, opts: { minRemainingSeconds: number; promptForMfa: boolean; mfaCode?: string; durationSeconds?: number; prompt?: WaitOptions }): Promise<SessionCredentials>;

  /**
   * A console sign-in URL (valid 15 min) for a role profile's session. Source profiles cannot sign
   * in with their MFA session; `federation: true` uses GetFederationToken from the long-term keys
   * instead (after the UI has shown `FEDERATION_LIMITS_NOTICE`). The URL holds a sign-in token: it
   * goes to the clipboard or browser, never into logs.
   */
  consoleSigninUrl(profile: string, opts?: { region?: string; path?: string; federation?: boolean; promptForMfa?: boolean; mfaCode?: string }): Promise<{ url: string; expiresAt: Date }>;

  /** Writes a `credential_process` profile into the config file (backup first). */
  setupCredentialProcess(profile: string, opts: { as: string; command: readonly string[]; takeOver?: boolean }): Promise<{ section: string; profileName: string; backupPath?: string }>;

  /** `rolecall doctor`'s checks (read-only), for the Diagnostics view. */
  runDoctor(): Promise<DoctorCheck[]>;
  /** Removes a leading UTF-8 BOM (which botocore cannot parse) from the shared files, backup first. */
  removeByteOrderMarks(): Promise<BomRemoval[]>;
  /** Backups and other files beside the AWS files holding `aws_secret_access_key` values. */
  findSecretLeftovers(): Promise<string[]>;
  /** Redacts the secret lines in those files (atomic, mode 0600, no backup); lists those changed. */
  cleanSecretLeftovers(): Promise<string[]>;

  getSettings(): Settings;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;

  // key rotation (rotation/): one small block, apart from the session methods
  /**
   * Rotates the access key of keychain source `source` (finishing or rolling back an interrupted
   * rotation first). Callbacks ask for an MFA code / confirmation and report progress.
   */
  rotateKeys(source: string, opts?: RotateOptions): Promise<RotationResult>;
  /**
   * The MFA device a rotation of `source` would ask a code of now (it has an mfa_serial and no MFA
   * session with 5 minutes left in the keychain), else undefined. The app then makes that session
   * first through `credentialsFor(…, { promptForMfa })`, i.e. its usual MFA popup.
   */
  mfaCodeNeededToRotate(source: string): Promise<string | undefined>;
  /**
   * Finishes or rolls back every interrupted rotation that can be without asking anything (app
   * start-up); one line per source for the user, e.g. "needs an MFA code: run rolecall rotate dev".
   */
  resumeRotations(): Promise<string[]>;
  /** Each keychain source's key age and last use (IAM, read-only, never prompts). */
  keyAges(): Promise<KeyAge[]>;
  /**
   * The old keys to notify about now (at most once a week per source), recorded as notified in the
   * app's state. Only the app calls this; read-only commands use `keyAges`.
   */
  takeKeyAgeNotices(): Promise<KeyAge[]>;

  on(listener: (e: SessionEvent) => void): () => void;
  /** A notice for the user from start-up (e.g. a corrupt state file set aside). */
  startupNotices(): string[];
  dispose(): void;
}

export type { ErrorInfo, DoctorCheck, BomRemoval, RotateOptions, RotationResult, KeyAge };
