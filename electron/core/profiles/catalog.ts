/**
 * A snapshot of everything Rolecall knows about profiles: both shared files as the AWS SDK parses
 * them, the keychain's source profiles, and the sections Rolecall manages. Loaded fresh for every
 * user action, so edits made by hand or by the AWS CLI are always seen; each file is read once, so
 * a load racing the AWS CLI's rewrite sees one version of it, whole.
 */
import type { KeychainSourceInfo, ParsedSharedFiles, Profile } from './model';
import { toErrorInfo, type ErrorInfo } from '../errors';
import type { SecretStore } from '../keychain/secret-store';
import { readSharedSnapshot } from '../aws-files/read';
import type { AwsPaths } from '../aws-files/paths';
import { buildProfiles } from './build';
import { managedSectionsIn } from '../aws-files/section-writer';

export interface ManagedSectionInfo {
  name: string;
  expiresAt?: Date;
  source?: string;
}

export interface ProfileCatalog {
  paths: AwsPaths;
  files: ParsedSharedFiles;
  profiles: Profile[];
  managed: ManagedSectionInfo[];
  /** Set when the keychain could not be read: file profiles are still listed, keychain sources are not. */
  keychainProblem?: ErrorInfo;
}

export async function loadCatalog(paths: AwsPaths, secrets: SecretStore, keychainIndex: () => Promise<KeychainSourceInfo[]> = () => listKeychainSources(secrets)): Promise<ProfileCatalog> {
  // one read of each file: the managed sections come from the very bytes the profiles were parsed from
  const [{ files, credentialsBytes }, keychainSources] = await Promise.all([
    readSharedSnapshot(paths),
    keychainIndex().then(
      (sources) => ({ sources }),
      (e: unknown) => ({ sources: [], problem: toErrorInfo(e) }),
    ),
  ]);
  const managed = credentialsBytes ? managedSectionsIn(credentialsBytes.toString('latin1')) : [];
  const profiles = buildProfiles(files, { keychainSources: keychainSources.sources, managedSections: new Set(managed.map((m) => m.name)) });
  return { paths, files, profiles, managed, ...('problem' in keychainSources ? { keychainProblem: keychainSources.problem } : {}) };
}

/**
 * Loads catalogs with the keychain's source index kept for `ttlMs`: listing the keychain decrypts
 * every item (10–15 ms), and a switch reloads the catalog. Rolecall's own changes (add, remove,
 * import) call `invalidate`; a change made by another program (the CLI) shows within `ttlMs`.
 * The AWS files are read fresh every time: they change under us far more often.
 */
export function createCatalogLoader(paths: AwsPaths, secrets: SecretStore, opts: { ttlMs: number; now: () => number }) {
  let cached: { at: number; index: Promise<KeychainSourceInfo[]> } | undefined;
  const index = (fresh: boolean): Promise<KeychainSourceInfo[]> => {
    if (fresh || !cached || opts.now() - cached.at > opts.ttlMs) {
      const entry = { at: opts.now(), index: listKeychainSources(secrets) };
      // a failed listing (locked keychain) is not kept: the next load asks again
      entry.index.catch(() => {
        if (cached === entry) cached = undefined;
      });
      cached = entry;
    }
    return cached.index;
  };
  return {
    /** `fresh`: ask the keychain now (what the user sees listed must be the truth, locked or not). */
    load: (fresh = false) => loadCatalog(paths, secrets, () => index(fresh)),
    invalidate: () => {
      cached = undefined;
    },
  };
}

/** Key ids and MFA devices of keychain sources: not secret, needed to list and to plan. */
async function listKeychainSources(secrets: SecretStore): Promise<KeychainSourceInfo[]> {
  const names = await secrets.listSources();
  const out: KeychainSourceInfo[] = [];
  for (const name of names) {
    const s = await secrets.getSource(name);
    if (s) out.push({ name, accessKeyId: s.accessKeyId, ...(s.mfaSerial ? { mfaSerial: s.mfaSerial } : {}) });
  }
  return out;
}
