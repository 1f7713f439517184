/**
 * The API the renderer sees as `window.api`: intent-level methods over the IPC contract and
 * `on…(cb) → unsubscribe` subscriptions. It never hands out `ipcRenderer` or an event object, so a
 * compromised page can reach exactly these calls and nothing else.
 *
 * Built from an injected `ipcRenderer` so it can be tested without Electron; `index.ts` binds the
 * real one. Its type, `RolecallApi`, is derived from the implementation and never written by hand.
 */
import {
  eventWireName,
  fail,
  type EventChannel,
  type EventPayload,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
  type Result,
  type SettingsPatch,
  type SwitchRequest,
  type AddSourceInput,
} from '../shared/ipc';

/** The part of Electron's `ipcRenderer` the API needs. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export function createApi(ipc: IpcRendererLike) {
  const call = <K extends RequestChannel>(channel: K, payload: RequestOf<K>): Promise<Result<ResponseOf<K>>> =>
    (ipc.invoke(channel, payload) as Promise<Result<ResponseOf<K>>>).catch(() =>
      fail({ code: 'Internal', message: 'Rolecall’s background process did not answer.', action: 'Quit and restart Rolecall.' }),
    );

  const subscribe =
    <K extends EventChannel>(name: K) =>
    (callback: (payload: EventPayload<K>) => void): (() => void) => {
      // only the payload crosses over: the IpcRendererEvent (with its sender) stays in preload
      const listener = (_event: unknown, payload: unknown): void => callback(payload as EventPayload<K>);
      ipc.on(eventWireName(name), listener);
      return () => {
        ipc.removeListener(eventWireName(name), listener);
      };
    };

  return {
    profiles: {
      list: () => call('profiles:list', null),
      /** Makes `aws --profile <as>` get its credentials from Rolecall; main supplies the command line. */
      setupCredentialProcess: (profile: string, as: string, takeOver?: boolean) =>
        call('profiles:setupCredentialProcess', takeOver === undefined ? { profile, as } : { profile, as, takeOver }),
    },
    sources: {
      /** The secret goes to main once, here; nothing ever sends it back. */
      add: (input: AddSourceInput) => call('sources:add', input),
      remove: (name: string) => call('sources:remove', { name }),
      import: (opts: { scrub: boolean; names?: string[] }) => call('sources:import', opts),
      /** Progress arrives through `onRotationProgress`; `deleteKeyId` answers a `confirm-delete`. */
      rotate: (source: string, deleteKeyId?: string) => call('sources:rotate', deleteKeyId === undefined ? { source } : { source, deleteKeyId }),
      keyAges: () => call('sources:keyAges', null),
    },
    sessions: {
      switchTo: (profile: string, opts: Omit<SwitchRequest, 'profile'> = {}) => call('sessions:switch', { ...opts, profile }),
      refresh: (target: string) => call('sessions:refresh', { target }),
      /** `noFallback`: sign out completely instead of falling back to the target's baseline. */
      signOut: (target: string, noFallback?: boolean) => call('sessions:signOut', noFallback === undefined ? { target } : { target, noFallback }),
      /** More time for a time-boxed elevation (main's default: 15 min). */
      extend: (target: string, seconds?: number) => call('sessions:extend', seconds === undefined ? { target } : { target, seconds }),
      signOutAll: () => call('sessions:signOutAll', null),
      list: () => call('sessions:list', null),
    },
    mfa: {
      submit: (mfaSerial: string, code: string) => call('mfa:submit', { mfaSerial, code }),
      cancel: (mfaSerial: string) => call('mfa:cancel', { mfaSerial }),
      pending: () => call('mfa:pending', null),
    },
    settings: {
      get: () => call('settings:get', null),
      update: (patch: SettingsPatch) => call('settings:update', patch),
    },
    app: {
      info: () => call('app:info', null),
      /** The same checks as `rolecall doctor`. */
      diagnose: () => call('doctor:run', null),
      /** Removes the BOM the AWS CLI cannot parse from the shared files (main writes a backup first). */
      fixBom: () => call('doctor:fixBom', null),
      /** Backups and copies beside the AWS files that still hold secret keys. */
      secretLeftovers: () => call('doctor:secretLeftovers', null),
      /** Main redacts the secret lines in those files; the renderer never names a path. */
      cleanSecretLeftovers: () => call('doctor:cleanSecretLeftovers', null),
    },
    console: {
      /** The URL goes to the clipboard in main; the renderer only hears whether it worked. */
      copyUrl: (profile: string) => call('console:copyUrl', { profile }),
      open: (profile: string) => call('console:open', { profile }),
    },
    onSessionsChanged: subscribe('sessions-changed'),
    onMfaRequired: subscribe('mfa-required'),
    onMfaUpdated: subscribe('mfa-updated'),
    onMfaResolved: subscribe('mfa-resolved'),
    onSessionExpiring: subscribe('session-expiring'),
    onSessionRefreshed: subscribe('session-refreshed'),
    onSessionExpired: subscribe('session-expired'),
    onSessionError: subscribe('session-error'),
    onElevationEnding: subscribe('elevation-ending'),
    onFellBack: subscribe('fell-back'),
    onNotice: subscribe('notice'),
    onRotationProgress: subscribe('rotation-progress'),
  };
}

/** The type of `window.api`. */
export type RolecallApi = ReturnType<typeof createApi>;
