/**
 * Source profiles in the keychain: add (validated, optionally verified with STS), remove, and
 * import — moving plaintext keys from the shared files into the keychain, then (on request)
 * scrubbing them from the file with the byte-preserving writer after a timestamped backup.
 */
import { RolecallError } from '../errors';
import type { SecretStore } from '../keychain/secret-store';
import { validateAccessKeyId, validateSecretAccessKey } from '../keychain/source-keys';
import type { AddSourceInput, AddSourceResult, ImportResult } from '../facade/app-core-types';
import type { ProfileCatalog } from '../profiles/catalog';
import type { CallerIdentity } from '../sts/types';
import { isValidMfaSerial } from '../profiles/arn';
import { scrubKeys } from '../aws-files/section-writer';
import { assertSourceHome, credentialSourceReason, findCredentialSource, validateRegion, writeSourceConfig, type SourceConfigResult } from './source-home';

export interface SourceDeps {
  secrets: SecretStore;
  loadCatalog(): Promise<ProfileCatalog>;
  /** GetCallerIdentity with the given long-term keys. */
  verify(keys: { accessKeyId: string; secretAccessKey: string }): Promise<CallerIdentity>;
  now(): Date;
}

const NAME = /^[\w+=,.@-][\w+=,.@ -]{0,62}[\w+=,.@-]$|^[\w+=,.@-]$/;

export async function addSource(deps: SourceDeps, input: AddSourceInput): Promise<AddSourceResult> {
  const name = input.name.trim();
  if (!NAME.test(name)) {
    throw new RolecallError('InvalidInput', `"${input.name}" is not a usable profile name.`, {
      action: 'Use letters, digits and + = , . @ _ - (up to 64 characters).',
    });
  }
  const accessKeyId = validateAccessKeyId(input.accessKeyId);
  const secretAccessKey = validateSecretAccessKey(input.secretAccessKey);
  if (accessKeyId.startsWith('ASIA')) {
    throw new RolecallError('InvalidInput', 'ASIA… keys are temporary credentials; a source profile needs an IAM user\'s long-term access key (AKIA…).', {
      action: 'Create an access key for your IAM user in the IAM console and add that.',
    });
  }
  const mfaSerial = input.mfaSerial?.trim() || undefined;
  if (mfaSerial && !isValidMfaSerial(mfaSerial)) {
    throw new RolecallError('InvalidInput', `"${mfaSerial}" is not an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) or hardware serial.`, {
      action: 'Copy the device identifier from IAM → Users → Security credentials → MFA.',
    });
  }
  const region = input.region?.trim() ? validateRegion(input.region) : undefined;
  if (region !== undefined && input.writeConfig !== true) {
    throw new RolecallError('InvalidInput', `A source's region lives in the AWS config file, and "${name}" was not asked to write one.`, {
      action: 'Add --write-config (or tick "Write a [profile] section to the config file") to write the region there.',
    });
  }
  const existing = await deps.secrets.getSource(name);
  if (existing && !input.overwrite) {
    throw new RolecallError('SourceExists', `The keychain already holds a source profile named "${name}".`, {
      action: 'Pick another name, or confirm replacing the stored keys.',
    });
  }
  const catalog = await deps.loadCatalog();
  assertSourceHome(catalog, name, existing !== undefined);
  let identityArn: string | undefined;
  if (input.verify !== false) identityArn = (await deps.verify({ accessKeyId, secretAccessKey })).arn;
  await deps.secrets.setSource(name, { accessKeyId, secretAccessKey, ...(mfaSerial ? { mfaSerial } : {}) });
  const config = input.writeConfig ? await writeSourceConfig(catalog, name, { ...(mfaSerial ? { mfaSerial } : {}), ...(region ? { region } : {}) }, deps.now) : undefined;
  const notes = configNotes(catalog, name, { ...(mfaSerial ? { mfaSerial } : {}), ...(region ? { region } : {}) }, config);
  return { name, accessKeyId, ...(identityArn ? { identityArn } : {}), ...(config ? { config } : {}), ...(notes.length > 0 ? { notes } : {}) };
}

/** What the user should know about the config file's say over the source they just added. */
function configNotes(catalog: ProfileCatalog, name: string, given: { mfaSerial?: string; region?: string }, config: SourceConfigResult | undefined): string[] {
  const section = catalog.files.configFile[name];
  if (!Object.prototype.hasOwnProperty.call(catalog.files.configFile, name) || section === undefined) return [];
  const notes: string[] = [];
  if (config && !config.written) notes.push(`${catalog.paths.configFile} already has a section for "${name}"; it was left as it is.`);
  const fileMfa = section.mfa_serial?.trim();
  if (given.mfaSerial && fileMfa && fileMfa !== given.mfaSerial) notes.push(`The config file sets mfa_serial = ${fileMfa} for "${name}"; that one is used, not ${given.mfaSerial}.`);
  const fileRegion = section.region?.trim();
  if (given.region && fileRegion && fileRegion !== given.region) notes.push(`The config file sets region = ${fileRegion} for "${name}"; that one is used, not ${given.region}.`);
  return notes;
}

export async function removeSource(deps: SourceDeps, name: string): Promise<void> {
  const removed = await deps.secrets.deleteSource(name);
  await deps.secrets.deleteMfaSession(name);
  if (!removed) throw new RolecallError('SourceNotFound', `The keychain has no source profile named "${name}".`, { action: 'See the stored sources with "rolecall list".' });
}

/**
 * Moves static long-term keys from the shared files into the keychain. Keys are read back from the
 * keychain before any plaintext is scrubbed, so a keychain that silently lost them can never cost
 * the user their only copy.
 */
export async function importSources(deps: SourceDeps, opts: { scrub: boolean; names?: string[] }): Promise<ImportResult> {
  const catalog = await deps.loadCatalog();
  const wanted = opts.names ? new Set(opts.names) : undefined;
  const result: ImportResult = { imported: [], skipped: [] };
  const toScrub: string[] = [];
  for (const p of catalog.profiles) {
    if (wanted && !wanted.has(p.name)) continue;
    const elsewhere = findCredentialSource(catalog, p.name, { config: false, credentials: false });
    if (p.kind !== 'source' || (p.origin === 'credentials-file' && elsewhere)) {
      if (wanted && elsewhere) result.skipped.push({ name: p.name, reason: credentialSourceReason(p.name, elsewhere) });
      else if (wanted && p.kind !== 'source') result.skipped.push({ name: p.name, reason: 'has no access keys to import' });
      continue;
    }
    if (p.origin === 'keychain') {
      if (p.plaintextCopies?.includes('credentials-file')) {
        // scrub the plaintext copy only if it is the very key the keychain holds: a rotated key
        // pasted into the file must not be deleted while the old one stays in use
        const file = catalog.files.credentialsFile[p.name] ?? {};
        const stored = await deps.secrets.getSource(p.name);
        if (stored && stored.accessKeyId === file.aws_access_key_id?.trim() && stored.secretAccessKey === file.aws_secret_access_key?.trim()) toScrub.push(p.name);
        else result.skipped.push({ name: p.name, reason: 'the keys in the file differ from the keychain\'s; re-add them with "rolecall add --force" or remove them by hand' });
      } else if (wanted) result.skipped.push({ name: p.name, reason: 'already in the keychain' });
      continue;
    }
    if (p.temporary) {
      result.skipped.push({ name: p.name, reason: 'holds temporary credentials (a session token), not long-term keys' });
      continue;
    }
    if (p.origin !== 'credentials-file') {
      result.skipped.push({ name: p.name, reason: `keys are in ${catalog.paths.configFile}; move them by hand or add them with "rolecall add"` });
      continue;
    }
    const section = catalog.files.credentialsFile[p.name] ?? {};
    const accessKeyId = section.aws_access_key_id?.trim();
    const secretAccessKey = section.aws_secret_access_key?.trim();
    if (!accessKeyId || !secretAccessKey) {
      result.skipped.push({ name: p.name, reason: 'incomplete keys' });
      continue;
    }
    const mfaSerial = p.mfaSerial;
    await deps.secrets.setSource(p.name, { accessKeyId, secretAccessKey, ...(mfaSerial ? { mfaSerial } : {}) });
    const back = await deps.secrets.getSource(p.name);
    if (!back || back.accessKeyId !== accessKeyId || back.secretAccessKey !== secretAccessKey) {
      throw new RolecallError('KeychainError', `The keychain did not keep the keys of "${p.name}"; nothing was removed from ${catalog.paths.credentialsFile}.`, {
        action: 'Check that your keychain is unlocked and writable, then import again.',
      });
    }
    result.imported.push(p.name);
    toScrub.push(p.name);
  }
  if (wanted) for (const n of wanted) if (!catalog.profiles.some((p) => p.name === n)) result.skipped.push({ name: n, reason: 'no such profile' });
  if (opts.scrub && toScrub.length > 0) {
    const { backupPath } = await scrubKeys(catalog.paths.credentialsFile, toScrub, { now: deps.now });
    if (backupPath) result.backupPath = backupPath;
  }
  return result;
}
