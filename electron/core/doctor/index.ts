/**
 * `runDoctor`: every diagnosis Rolecall can make about the desk it runs on, as plain data. The CLI's
 * `rolecall doctor` prints it and the Diagnostics view can show the very same list, so a user and a
 * support thread always talk about the same findings. Read-only: doctor never edits a file, the
 * keychain or the state store (an app start-up may clean up; a diagnosis must not).
 */
import { loadCatalog, type ProfileCatalog } from '../profiles/catalog';
import { RolecallError, toErrorInfo } from '../errors';
import type { SecretStore } from '../keychain/secret-store';
import { checkClock, fetchDate, stsEndpointFor } from './clock-check';
import { checkEnvironment, checkShadowedTargets } from './env-checks';
import { checkByteOrderMarks, checkExpiredSections, checkFileModes, checkPlaintextKeys, checkProfiles } from './file-checks';
import { checkSecretLeftovers } from './secret-leftovers';
import { checkSymlinkedIntoGit } from './symlink-check';
import type { DoctorCheck, DoctorDeps } from './types';

export type { CheckStatus, DateFetcher, DoctorCheck, DoctorDeps, DoctorSettings } from './types';
export { readDoctorState } from './state-check';
export { cleanSecretLeftovers, findSecretLeftovers } from './secret-leftovers';

/** Runs every check; never throws (a check that breaks is itself reported as a warning). */
export async function runDoctor(deps: DoctorDeps): Promise<DoctorCheck[]> {
  const now = deps.now ?? Date.now;
  const platform = deps.platform ?? process.platform;
  const clockUrl = stsEndpointFor(deps.env);
  const [modes, boms, loaded, clock] = await Promise.all([
    safely('file-mode', async () => [...(await checkFileModes(deps.paths, platform)), ...(await checkSymlinkedIntoGit(deps.paths))]),
    safely('file-bom', () => checkByteOrderMarks(deps.paths)),
    loadCatalog(deps.paths, readOnly(deps.secrets)).then(
      (catalog) => ({ catalog }),
      (e: unknown) => ({ error: toErrorInfo(e) }),
    ),
    deps.skipClock
      ? Promise.resolve([] as DoctorCheck[])
      : safely('clock', async () => [await checkClock({ url: clockUrl, now, fetch: deps.fetchDate ?? fetchDate, timeoutMs: deps.clockTimeoutMs ?? 5000 })]),
  ]);

  const out: DoctorCheck[] = [...(deps.extra ?? [])];
  if ('error' in loaded) {
    out.push(await probeKeychain(deps));
    out.push(...modes, ...boms);
    out.push(...(await safely('secret-leftovers', async () => [await checkSecretLeftovers(deps.paths)])));
    out.push({ id: 'aws-files', status: 'fail', message: loaded.error.message, ...(loaded.error.action ? { fix: loaded.error.action } : {}) });
    out.push(...(await safely('environment', async () => checkEnvironment(deps.env, deps.settings, new Set()))));
    out.push(...clock);
    return out;
  }
  const { catalog } = loaded;
  out.push(keychainFromCatalog(catalog));
  out.push(...modes, ...boms);
  out.push(...(await safely('plaintext-keys', async () => [checkPlaintextKeys(catalog)])));
  out.push(...(await safely('secret-leftovers', async () => [await checkSecretLeftovers(deps.paths)])));
  out.push(...(await safely('targets', async () => checkShadowedTargets(catalog, deps.settings, deps.paths.configFile))));
  out.push(...(await safely('environment', async () => checkEnvironment(deps.env, deps.settings, new Set(catalog.managed.map((m) => m.name))))));
  out.push(...clock);
  out.push(...(await safely('profiles', async () => checkProfiles(catalog, deps.paths.configFile))));
  out.push(...(await safely('expired-sections', async () => checkExpiredSections(catalog, now(), deps.paths.credentialsFile))));
  return out;
}

/** True when nothing failed: `rolecall doctor` exits 0 then, 1 otherwise. */
export function doctorPassed(checks: readonly DoctorCheck[]): boolean {
  return checks.every((c) => c.status !== 'fail');
}

const KEYCHAIN_FIX_FALLBACK = 'Unlock your keychain, or start GNOME Keyring / KWallet, then run rolecall doctor again.';

function keychainFromCatalog(catalog: ProfileCatalog): DoctorCheck {
  if (catalog.keychainProblem) {
    return { id: 'keychain', status: 'fail', message: catalog.keychainProblem.message, fix: catalog.keychainProblem.action ?? KEYCHAIN_FIX_FALLBACK };
  }
  return keychainOk(catalog.profiles.filter((p) => p.kind === 'source' && p.origin === 'keychain').length);
}

/**
 * Items were listed and read back, so the keychain is unlocked. With none stored, a locked Secret
 * Service keyring answers a search with nothing rather than an error: only "reachable" is known then.
 */
function keychainOk(n: number): DoctorCheck {
  return n === 0
    ? { id: 'keychain', status: 'ok', message: 'The keychain is reachable (no source profiles stored in it yet).' }
    : { id: 'keychain', status: 'ok', message: `The keychain is reachable and unlocked (${n} source profile${n === 1 ? '' : 's'} stored).` };
}

/** Used when the AWS files could not be read: the keychain is still worth checking on its own. */
async function probeKeychain(deps: DoctorDeps): Promise<DoctorCheck> {
  try {
    const names = await deps.secrets.listSources();
    if (names[0] !== undefined) await deps.secrets.getSource(names[0]);
    return keychainOk(names.length);
  } catch (e) {
    const info = toErrorInfo(e);
    return { id: 'keychain', status: 'fail', message: info.message, fix: info.action ?? KEYCHAIN_FIX_FALLBACK };
  }
}

/** The catalog wants a whole store; doctor hands it one that cannot write, by construction. */
function readOnly(secrets: DoctorDeps['secrets']): SecretStore {
  const refuse = async (): Promise<never> => {
    throw new RolecallError('Internal', 'Rolecall doctor tried to change the keychain.', { action: 'Report this as a bug.' });
  };
  return {
    listSources: () => secrets.listSources(),
    getSource: (name) => secrets.getSource(name),
    setSource: refuse,
    deleteSource: refuse,
    getMfaSession: async () => undefined,
    setMfaSession: refuse,
    deleteMfaSession: refuse,
    getRotationJournal: async () => undefined,
    setRotationJournal: refuse,
    deleteRotationJournal: refuse,
  };
}

/** A check that throws must not take the diagnosis down with it. */
async function safely(id: string, run: () => Promise<DoctorCheck[]>): Promise<DoctorCheck[]> {
  try {
    return await run();
  } catch (e) {
    const info = toErrorInfo(e);
    return [{ id, status: 'warn', message: `The ${id} check could not run: ${info.message}`, ...(info.action ? { fix: info.action } : {}) }];
  }
}
