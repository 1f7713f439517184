/**
 * A `window.api` for the renderer benchmark that answers at once from memory, so the first-render
 * figure measures React and the DOM, not IPC or the core. 500 profiles shaped like a big shop's
 * files: 20 sources (some still in plaintext), 460 roles over 23 accounts (some with MFA, some
 * invalid), 20 profiles Rolecall cannot drive.
 */
import type { Profile, Settings } from '../electron/shared/ipc';
import { defaultState } from '../electron/core/state/schema';

export function benchProfiles(count: number): Profile[] {
  const profiles: Profile[] = [];
  const sources = 20;
  const others = 20;
  for (let i = 0; i < sources; i++) {
    profiles.push({
      kind: 'source',
      name: `source-${i}`,
      origin: i % 5 === 0 ? 'credentials-file' : 'keychain',
      accessKeyId: `AKIA${String(i).padStart(16, '0')}`,
      ...(i % 2 === 0 ? { mfaSerial: `arn:aws:iam::100000000000:mfa/user-${i}` } : {}),
    });
  }
  for (let i = 0; i < count - sources - others; i++) {
    const account = String(200000000000 + (i % 23) * 1111);
    const source = `source-${i % sources}`;
    profiles.push({
      kind: 'role',
      name: `role-${i}`,
      roleArn: `arn:aws:iam::${account}:role/Team${i % 7}-Role${i}`,
      accountId: account,
      roleName: `Team${i % 7}-Role${i}`,
      partition: 'aws',
      sourceProfile: source,
      chain: [`role-${i}`, source],
      ...(i % 3 === 0 ? { mfaSerial: `arn:aws:iam::100000000000:mfa/user-${i % sources}` } : {}),
      ...(i % 4 === 0 ? { region: 'eu-west-1' } : {}),
      ...(i % 97 === 0 ? { error: `The source_profile "${source}-old" referenced in the profile "role-${i}" does not exist.` } : {}),
    });
  }
  for (let i = 0; i < others; i++) profiles.push({ kind: 'other', name: `sso-${i}`, reason: 'sso' });
  return profiles;
}

/** The app's defaults, from the state schema itself. */
const settings: Settings = defaultState().settings;

/** The init script: defines `window.api` before the app's own script runs. */
export function benchApiScript(count: number): string {
  const listing = { profiles: benchProfiles(count), sessions: [], configFile: '/home/bench/.aws/config', credentialsFile: '/home/bench/.aws/credentials' };
  const info = {
    name: 'Rolecall',
    version: 'bench',
    platform: 'linux',
    versions: { electron: '-', chrome: '-', node: '-' },
    paths: { configFile: listing.configFile, credentialsFile: listing.credentialsFile, appDataDir: '/home/bench/.config/Rolecall' },
    capabilities: { console: false },
    notices: [],
  };
  return `(() => {
    const ok = (value) => Promise.resolve({ ok: true, value });
    const off = () => () => {};
    const listing = ${JSON.stringify(listing)};
    window.api = {
      profiles: { list: () => ok(listing) },
      sources: { add: () => ok(null), remove: () => ok(null), import: () => ok({ imported: [], skipped: [] }) },
      sessions: { switchTo: () => new Promise(() => {}), refresh: () => new Promise(() => {}), signOut: () => ok(null), signOutAll: () => ok(null), list: () => ok([]) },
      mfa: { submit: () => ok(null), cancel: () => ok(null), pending: () => ok([]) },
      settings: { get: () => ok(${JSON.stringify(settings)}), update: () => ok(${JSON.stringify(settings)}) },
      app: { info: () => ok(${JSON.stringify(info)}) },
      onSessionsChanged: off, onMfaRequired: off, onMfaUpdated: off, onMfaResolved: off, onSessionExpiring: off,
      onSessionRefreshed: off, onSessionExpired: off, onSessionError: off, onNotice: off,
    };
  })();`;
}
