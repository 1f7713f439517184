/**
 * Type-checked fakes for main-process tests: a core that records calls and returns canned data,
 * and small Electron stand-ins. `electron` itself is never loaded (it throws without its binary).
 */
import type { ProfileListing, RolecallCore, Settings } from '../../../electron/core/facade/app-core-types';
import type { MfaRequest } from '../../../electron/core/sessions/mfa-broker';
import type { ActiveSession, SessionEvent } from '../../../electron/core/sessions/types';
import { defaultState } from '../../../electron/core/state/schema';

/** The app's defaults, from the state schema itself. */
export const SETTINGS: Settings = defaultState().settings;

export function session(overrides: Partial<ActiveSession> = {}): ActiveSession {
  return {
    profile: 'admin',
    target: 'default',
    identityArn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice',
    account: '123456789012',
    expiresAt: '2030-01-01T12:00:00.000Z',
    sourceProfile: 'dev',
    mfaSerial: 'arn:aws:iam::123456789012:mfa/alice',
    kind: 'assumed-role-chained',
    refreshableWithoutCode: true,
    status: 'active',
    heldBy: 'app',
    elevated: false,
    notes: [],
    ...overrides,
  };
}

export const LISTING: ProfileListing = {
  profiles: [
    { kind: 'source', name: 'dev', origin: 'keychain', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', mfaSerial: 'arn:aws:iam::123456789012:mfa/alice' },
    { kind: 'role', name: 'admin', roleArn: 'arn:aws:iam::123456789012:role/Admin', sourceProfile: 'dev', accountId: '123456789012', roleName: 'Admin', partition: 'aws', chain: ['admin', 'dev'] },
  ],
  sessions: [session()],
  configFile: '/home/u/.aws/config',
  credentialsFile: '/home/u/.aws/credentials',
};

type Call = { method: string; args: unknown[] };

/** A core whose every method records its call; `fail` makes the next call of a method throw. */
export function fakeCore() {
  const calls: Call[] = [];
  const listeners = new Set<(e: SessionEvent) => void>();
  const failures = new Map<string, unknown>();
  let pending: MfaRequest[] = [];
  let settings: Settings = { ...SETTINGS };
  const record = (method: string, args: unknown[]): void => {
    calls.push({ method, args });
    if (failures.has(method)) {
      const e = failures.get(method);
      failures.delete(method);
      throw e;
    }
  };
  const core = {
    async listProfiles() {
      record('listProfiles', []);
      return structuredClone(LISTING);
    },
    async addSource(input) {
      record('addSource', [input]);
      return { name: input.name, accessKeyId: input.accessKeyId, identityArn: 'arn:aws:iam::123456789012:user/alice' };
    },
    async removeSource(name) {
      record('removeSource', [name]);
    },
    async importSources(opts) {
      record('importSources', [opts]);
      return { imported: ['dev'], skipped: [] };
    },
    async switchTo(profile, opts) {
      record('switchTo', [profile, opts]);
      return session({ profile });
    },
    async submitMfaCode(serial, code) {
      record('submitMfaCode', [serial, code]);
    },
    cancelMfa(serial) {
      record('cancelMfa', [serial]);
    },
    pendingMfa() {
      record('pendingMfa', []);
      return pending;
    },
    async refresh(target) {
      record('refresh', [target]);
      return session({ target });
    },
    async signOut(target, opts) {
      record('signOut', [target, opts]);
      return { ended: [session({ target })], fallbacks: [] };
    },
    async extend(target, seconds) {
      record('extend', [target, seconds]);
      return session({ target, elevated: true, fallsBackAt: '2030-01-01T11:00:00.000Z' });
    },
    async signOutAll() {
      record('signOutAll', []);
      return [session()];
    },
    sessions() {
      record('sessions', []);
      return [session()];
    },
    async readSessions() {
      record('readSessions', []);
      return [session()];
    },
    async credentialsFor(profile, opts) {
      record('credentialsFor', [profile, opts]);
      throw new Error('not over IPC');
    },
    async consoleSigninUrl(profile, opts) {
      record('consoleSigninUrl', [profile, opts]);
      return { url: 'https://signin.aws.amazon.com/federation?Action=login&SigninToken=t', expiresAt: new Date(0) };
    },
    async runDoctor() {
      record('runDoctor', []);
      return [{ id: 'keychain', status: 'ok' as const, message: 'The keychain answered.' }];
    },
    async removeByteOrderMarks() {
      record('removeByteOrderMarks', []);
      return [{ file: '/home/me/.aws/config', backupPath: '/home/me/.aws/config.rolecall-backup-20260101T000000Z' }];
    },
    async findSecretLeftovers() {
      record('findSecretLeftovers', []);
      return ['/home/me/.aws/credentials.bak'];
    },
    async cleanSecretLeftovers() {
      record('cleanSecretLeftovers', []);
      return ['/home/me/.aws/credentials.bak'];
    },
    async setupCredentialProcess(profile, opts) {
      record('setupCredentialProcess', [profile, opts]);
      return { section: `profile ${opts.as}`, profileName: opts.as };
    },
    getSettings() {
      record('getSettings', []);
      return settings;
    },
    async updateSettings(patch) {
      record('updateSettings', [patch]);
      settings = { ...settings, ...patch };
      return settings;
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    startupNotices() {
      return ['A corrupt state file was set aside.'];
    },
    async rotateKeys(source: string) {
      record('rotateKeys', [source]);
      return { source, outcome: 'rotated' as const, oldAccessKeyId: 'AKIAIOSFODNN7EXAMPLE', newAccessKeyId: 'AKIAIOSFODNN7NEWKEY1', identityArn: 'arn:aws:iam::123456789012:user/alice', alsoDeleted: [] };
    },
    async mfaCodeNeededToRotate(source: string) {
      record('mfaCodeNeededToRotate', [source]);
      return undefined;
    },
    async resumeRotations() {
      return [];
    },
    async keyAges() {
      record('keyAges', []);
      return [{ source: 'dev', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', createdAt: '2029-01-01T00:00:00.000Z', ageDays: 365, old: true, rotationPending: false }];
    },
    async takeKeyAgeNotices() {
      return [];
    },
    async whenIdle() {},
    dispose() {
      record('dispose', []);
    },
  } satisfies RolecallCore;
  return {
    core,
    calls,
    failNext(method: keyof RolecallCore, error: unknown) {
      failures.set(method, error);
    },
    setPending(requests: MfaRequest[]) {
      pending = requests;
    },
    emit(e: SessionEvent) {
      for (const l of listeners) l(e);
    },
    listenerCount: () => listeners.size,
  };
}

/** setTimeout/clearTimeout over a manual clock: `advance(ms)` fires what falls due, in order. */
export function manualTimers(start = Date.parse('2030-01-01T11:00:00.000Z')) {
  let now = start;
  let nextId = 1;
  const queue = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    timers: {
      setTimeout(callback: () => void, ms: number): unknown {
        const id = nextId++;
        queue.set(id, { at: now + ms, callback });
        return id;
      },
      clearTimeout(handle: unknown): void {
        queue.delete(handle as number);
      },
    },
    pending: () => [...queue.values()].map((t) => t.at - now),
    advance(ms: number): void {
      const end = now + ms;
      for (;;) {
        const due = [...queue.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        queue.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = end;
    },
  };
}
