/**
 * A snapshot of everything Rolecall knows about profiles: both shared files as the AWS SDK parses
 * them, the keychain's source profiles, and the sections Rolecall manages. Loaded fresh for every
 * user action, so edits made by hand or by the AWS CLI are always seen.
 */
import type { ParsedSharedFiles, Profile } from './profiles/model';
import { toErrorInfo, type ErrorInfo } from './errors';
import type { SecretStore } from './keychain/secret-store';
import { readSharedFiles } from './aws-files/read';
import type { AwsPaths } from './aws-files/paths';
import { buildProfiles } from './profiles/build';
import { listManagedSections } from './aws-files/section-writer';

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

export async function loadCatalog(paths: AwsPaths, secrets: SecretStore): Promise<ProfileCatalog> {
  const [files, managed, keychainSources] = await Promise.all([
    readSharedFiles(paths),
    listManagedSections(paths.credentialsFile),
    listKeychainSources(secrets).then(
      (sources) => ({ sources }),
      (e: unknown) => ({ sources: [], problem: toErrorInfo(e) }),
    ),
  ]);
  const profiles = buildProfiles(files, { keychainSources: keychainSources.sources, managedSections: new Set(managed.map((m) => m.name)) });
  return { paths, files, profiles, managed, ...('problem' in keychainSources ? { keychainProblem: keychainSources.problem } : {}) };
}

/** Key ids and MFA devices of keychain sources: not secret, needed to list and to plan. */
async function listKeychainSources(secrets: SecretStore): Promise<Array<{ name: string; accessKeyId: string; mfaSerial?: string }>> {
  const names = await secrets.listSources();
  const out: Array<{ name: string; accessKeyId: string; mfaSerial?: string }> = [];
  for (const name of names) {
    const s = await secrets.getSource(name);
    if (s) out.push({ name, accessKeyId: s.accessKeyId, ...(s.mfaSerial ? { mfaSerial: s.mfaSerial } : {}) });
  }
  return out;
}
