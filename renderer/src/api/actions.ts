/**
 * The one place the renderer reaches `window.api` (style.md §8). Views call these intents; each
 * one calls main, folds the `Result` into the right store, and hands errors back as data for the
 * view to show next to what the user did. Nothing here throws at a view.
 */
import type {
  ActiveSession,
  AddSourceInput,
  AddSourceResult,
  BomRemoval,
  DoctorCheck,
  ErrorInfo,
  ImportResult,
  Result,
  RolecallApi,
  SettingsPatch,
  SetupCredentialProcessResult,
  SignOutResult,
} from '../contract';
import { signOutOutcomes } from '../contract';
import { unexpectedError } from '../lib/errors';
import { mfaStore, removeMfaRequest } from '../stores/mfa';
import { pushNotice } from '../stores/notices';
import { profilesStore, reuseUnchanged, setRowState } from '../stores/profiles';
import { sessionsStore, setCardState, setSessions } from '../stores/sessions';
import { settingsStore } from '../stores/settings';

function api(): RolecallApi {
  return window.api;
}

/** Awaits a call and turns a rejected promise (a broken bridge) into an error result. */
async function call<T>(work: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await work();
  } catch {
    return { ok: false, error: unexpectedError() };
  }
}

/** The length a session of this kind is normally issued for, for its countdown bar. */
function nominalLengthMs(s: ActiveSession): number {
  const settings = settingsStore.get().settings;
  const profile = profilesStore.get().profiles.find((p) => p.name === s.profile);
  const ownDuration = profile?.kind === 'role' ? profile.durationSeconds : undefined;
  const seconds =
    s.kind === 'session-token'
      ? settings?.sessionDurationSeconds ?? 43_200
      : s.kind === 'assumed-role-chained'
        ? Math.min(3600, ownDuration ?? settings?.roleDurationSeconds ?? 3600)
        : ownDuration ?? settings?.roleDurationSeconds ?? 3600;
  return seconds * 1000;
}

export function applySessions(sessions: ActiveSession[]): void {
  setSessions(sessions, nominalLengthMs);
}

/** The current list with `s` in place of its target's session (main's `sessions-changed` follows). */
function sessionsWith(s: ActiveSession): ActiveSession[] {
  return sessionsStore.get().sessions.map((x) => (x.target === s.target ? s : x));
}

export async function reloadProfiles(): Promise<void> {
  const r = await call(() => api().profiles.list());
  if (!r.ok) {
    profilesStore.set((prev) => ({ ...prev, loaded: true, error: r.error }));
    return;
  }
  const { profiles, configFile, credentialsFile, sessions, keychainProblem } = r.value;
  profilesStore.set((prev) => ({
    ...prev,
    profiles: reuseUnchanged(prev.profiles, profiles),
    configFile,
    credentialsFile,
    loaded: true,
    error: undefined,
    keychainProblem,
  }));
  applySessions(sessions);
  performance.mark('rolecall:profiles-loaded');
}

export async function reloadSettings(): Promise<void> {
  const [settings, info] = await Promise.all([call(() => api().settings.get()), call(() => api().app.info())]);
  settingsStore.set((prev) => ({
    ...prev,
    ...(settings.ok ? { settings: settings.value } : { error: settings.error }),
    ...(info.ok ? { appInfo: info.value } : {}),
  }));
}

export async function reloadMfa(): Promise<void> {
  const r = await call(() => api().mfa.pending());
  if (r.ok) mfaStore.set(r.value);
}

/** Everything a freshly opened window needs. Settings first: session bars need their lengths. */
export async function loadAll(): Promise<void> {
  await reloadSettings();
  await Promise.all([reloadProfiles(), reloadMfa()]);
}

/**
 * One click on "Switch" (or "for 15 min": `forSeconds`, a time-boxed elevation): the row shows
 * progress; an MFA prompt appears through events if needed.
 */
export async function switchTo(profile: string, opts: { takeOver?: boolean; forSeconds?: number } = {}): Promise<void> {
  setRowState(profile, { status: 'switching' });
  const r = await call(() => api().sessions.switchTo(profile, opts));
  if (r.ok) {
    setRowState(profile, undefined);
    const until = r.value.fallsBackAt ? ` until ${new Date(r.value.fallsBackAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : '';
    pushNotice('info', `Switched: ${r.value.target} now holds ${profile}${until} (${r.value.identityArn}).`);
    await reloadProfiles();
  } else {
    setRowState(profile, { status: 'error', error: r.error });
  }
}

export async function refreshSession(target: string): Promise<void> {
  setCardState(target, { status: 'busy', action: 'refresh' });
  const r = await call(() => api().sessions.refresh(target));
  setCardState(target, r.ok ? undefined : { status: 'error', error: r.error });
  if (r.ok) await reloadProfiles();
}

/**
 * "Sign out" falls back to the target's baseline (W4); `noFallback` is "Sign out completely". A
 * notice says which session the target is back on, or why it is empty.
 */
export async function signOut(target: string, noFallback?: boolean): Promise<SignOutResult | undefined> {
  setCardState(target, { status: 'busy', action: noFallback ? 'signOutCompletely' : 'signOut' });
  const r = await call(() => (noFallback ? api().sessions.signOut(target, true) : api().sessions.signOut(target)));
  setCardState(target, r.ok ? undefined : { status: 'error', error: r.error });
  if (!r.ok) return undefined;
  for (const f of r.value.fallbacks) {
    const [text] = signOutOutcomes({ ended: [], fallbacks: [f] });
    pushNotice(f.error ? 'warning' : 'info', `${text!.title}. ${text!.body.split('\n')[0]}`);
  }
  await reloadProfiles();
  return r.value;
}

/** "Extend 15 min" on a time-boxed elevation (main's default length). */
export async function extendElevation(target: string): Promise<void> {
  setCardState(target, { status: 'busy', action: 'extend' });
  const r = await call(() => api().sessions.extend(target));
  setCardState(target, r.ok ? undefined : { status: 'error', error: r.error });
  if (r.ok) applySessions(sessionsWith(r.value));
}

export async function signOutAll(): Promise<ErrorInfo | undefined> {
  const r = await call(() => api().sessions.signOutAll());
  await reloadProfiles();
  return r.ok ? undefined : r.error;
}

/** Resolves with the error to show under the code field, or undefined when the code was taken. */
export async function submitMfa(mfaSerial: string, code: string): Promise<ErrorInfo | undefined> {
  const r = await call(() => api().mfa.submit(mfaSerial, code));
  if (r.ok) removeMfaRequest(mfaSerial);
  return r.ok ? undefined : r.error;
}

export async function cancelMfa(mfaSerial: string): Promise<void> {
  await call(() => api().mfa.cancel(mfaSerial));
  removeMfaRequest(mfaSerial);
}

export async function addSource(input: AddSourceInput): Promise<Result<AddSourceResult>> {
  const r = await call(() => api().sources.add(input));
  if (r.ok) {
    const { name, identityArn } = r.value;
    if (identityArn) profilesStore.set((prev) => ({ ...prev, identities: { ...prev.identities, [name]: identityArn } }));
    await reloadProfiles();
  }
  return r;
}

export async function removeSource(name: string): Promise<ErrorInfo | undefined> {
  const r = await call(() => api().sources.remove(name));
  if (r.ok) {
    pushNotice('info', `Removed the source profile “${name}” from the keychain.`);
    await reloadProfiles();
  }
  return r.ok ? undefined : r.error;
}

/** Moves plaintext keys into the keychain and removes them from the credentials file (a backup is kept). */
export async function importSources(names?: string[]): Promise<Result<ImportResult>> {
  const r = await call(() => api().sources.import({ scrub: true, ...(names ? { names } : {}) }));
  if (r.ok) await reloadProfiles();
  return r;
}

/**
 * Writes `[profile as]` with a `credential_process` line that asks Rolecall for `profile`'s
 * credentials. Main picks the command; the listing is reloaded so the new profile shows at once.
 */
export async function setupCredentialProcess(profile: string, as: string, opts: { takeOver?: boolean } = {}): Promise<Result<SetupCredentialProcessResult>> {
  const r = await call(() => (opts.takeOver ? api().profiles.setupCredentialProcess(profile, as, true) : api().profiles.setupCredentialProcess(profile, as)));
  if (r.ok) await reloadProfiles();
  return r;
}

/** Removes the BOM the AWS CLI cannot parse from the shared files (main backs them up first). */
export function removeByteOrderMarks(): Promise<Result<BomRemoval[]>> {
  return call(() => api().app.fixBom());
}

/** Backups and other files beside the AWS files that still hold secret keys. */
export function findSecretLeftovers(): Promise<Result<string[]>> {
  return call(() => api().app.secretLeftovers());
}

/** Main redacts the secret keys in those files; returns the files it changed. */
export function cleanSecretLeftovers(): Promise<Result<string[]>> {
  return call(() => api().app.cleanSecretLeftovers());
}

/** `rolecall doctor`'s checks, run on request only: one of them asks STS for the time. */
export function runDiagnostics(): Promise<Result<DoctorCheck[]>> {
  return call(() => api().app.diagnose());
}

export async function saveSettings(patch: SettingsPatch): Promise<ErrorInfo | undefined> {
  const r = await call(() => api().settings.update(patch));
  if (r.ok) settingsStore.set((prev) => ({ ...prev, settings: r.value, error: undefined }));
  return r.ok ? undefined : r.error;
}

/**
 * Console sign-in, offered only when `AppInfo.capabilities.console` says main has it. The channels
 * join the contract with that feature; until then `window.api.console` is absent and so is the button.
 */
interface ConsoleApi {
  copyUrl(profile: string): Promise<Result<unknown>>;
  open(profile: string): Promise<Result<unknown>>;
}

export function consoleApi(): ConsoleApi | undefined {
  const candidate = (window.api as unknown as { console?: ConsoleApi }).console;
  return candidate && typeof candidate.copyUrl === 'function' && typeof candidate.open === 'function' ? candidate : undefined;
}

export async function consoleAction(action: 'copyUrl' | 'open', session: ActiveSession): Promise<void> {
  const c = consoleApi();
  if (!c) return;
  setCardState(session.target, { status: 'busy', action: 'console' });
  const r = await call(() => c[action](session.profile));
  setCardState(session.target, r.ok ? undefined : { status: 'error', error: r.error });
  if (r.ok && action === 'copyUrl') pushNotice('info', 'Console sign-in URL copied. It works for 15 minutes.');
}
