/**
 * Whether a profile name can take a keychain source (aws-vault's layout, workflow W1). A config
 * profile with no credential source of its own — only settings such as `region`, `mfa_serial`,
 * `duration_seconds`, `output` — is a fine home: its settings then apply to the keychain's keys.
 * A profile that already gets credentials elsewhere is not: botocore would use those, and Rolecall
 * and the AWS CLI would disagree about who `dev` is.
 */
import type { ProfileCatalog } from '../profiles/catalog';
import { RolecallError } from '../errors';
import type { ProfileSettings } from '../profiles/model';
import { appendSectionIfAbsent } from '../aws-files/section-writer';
import { isRegionName } from '../profiles/arn';
import { CREDENTIAL_KEYS, configSectionName } from '../../shared/profile-rules';

const STATIC_KEYS = /^aws_(access_key_id|secret_access_key|session_token|security_token)$/;

export interface CredentialSourceFound {
  /** The keys found, e.g. `['credential_process']`. */
  keys: string[];
  /** The file that holds them (the real path). */
  file: string;
}

function keysIn(settings: ProfileSettings | undefined, skipStatic: boolean): string[] {
  if (settings === undefined) return [];
  const present = Object.keys(settings).filter((k) => settings[k]?.trim());
  const out: string[] = [];
  for (const re of CREDENTIAL_KEYS) for (const k of present) if (re.test(k) && !(skipStatic && STATIC_KEYS.test(k)) && !out.includes(k)) out.push(k);
  return out;
}

function own(record: Record<string, ProfileSettings>, name: string): ProfileSettings | undefined {
  return Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
}

/**
 * The credential source `name` already has in the shared files, if any: the config file first,
 * then the credentials file (botocore merges both). `staticKeysIn`: the files whose static keys
 * count (an import moves exactly those, so it counts none; a re-add of stored keys may leave the
 * credentials file's copy to import).
 */
export function findCredentialSource(catalog: ProfileCatalog, name: string, staticKeysIn: { config: boolean; credentials: boolean }): CredentialSourceFound | undefined {
  const inConfig = keysIn(own(catalog.files.configFile, name), !staticKeysIn.config);
  if (inConfig.length > 0) return { keys: inConfig, file: catalog.paths.configFile };
  const inCredentials = keysIn(own(catalog.files.credentialsFile, name), !staticKeysIn.credentials);
  if (inCredentials.length > 0) return { keys: inCredentials, file: catalog.paths.credentialsFile };
  return undefined;
}

/** "`dev` already gets credentials from `credential_process` in /home/me/.aws/config." */
export function credentialSourceReason(name: string, found: CredentialSourceFound): string {
  return `\`${name}\` already gets credentials from ${found.keys.map((k) => `\`${k}\``).join(' and ')} in ${found.file}`;
}

/**
 * Refuses `name` as a home for a keychain source when it has a credential source of its own or is
 * a section Rolecall writes sessions to. `keychainHasIt`: a re-add (replacing stored keys) may
 * leave a plaintext copy of them alone: import and doctor report that one.
 */
export function assertSourceHome(catalog: ProfileCatalog, name: string, keychainHasIt: boolean): void {
  if (catalog.managed.some((m) => m.name === name)) {
    throw new RolecallError('InvalidInput', `\`${name}\` is a target profile Rolecall writes sessions to in ${catalog.paths.credentialsFile}, not a source.`, {
      action: 'Pick another name for the source profile.',
    });
  }
  const found = findCredentialSource(catalog, name, { config: !keychainHasIt, credentials: !keychainHasIt });
  if (!found) return;
  const fileKeys = found.file === catalog.paths.credentialsFile && found.keys.every((k) => STATIC_KEYS.test(k));
  throw new RolecallError('InvalidInput', `${credentialSourceReason(name, found)}, so the AWS CLI would not use keys from the keychain for it.`, {
    action: fileKeys
      ? `Move those keys into the keychain with "rolecall import --scrub ${name}", or pick another name.`
      : `Pick another name for the source profile, or remove ${found.keys.join(', ')} from that profile first.`,
  });
}

/** What `add --write-config` did to the config file. */
export interface SourceConfigResult {
  file: string;
  /** The header text, `profile dev` (or `default`). */
  section: string;
  /** False when the profile already had a section there (left exactly as it was). */
  written: boolean;
}

/** A region name as AWS spells them (`eu-west-1`, `us-gov-west-1`), or an InvalidInput error. */
export function validateRegion(region: string): string {
  const r = region.trim();
  if (!isRegionName(r)) {
    throw new RolecallError('InvalidInput', `"${region}" is not an AWS region name (for example eu-west-1 or us-east-1).`, {
      action: 'Use the region code, not its display name.',
    });
  }
  return r;
}

/**
 * aws-vault's `add` companion: appends `[profile NAME]` (`[default]` for default) with the given
 * `mfa_serial` and `region` to the config file through the byte-preserving writer, only when the
 * profile has no config section yet (in either header form the AWS CLI reads).
 */
export async function writeSourceConfig(catalog: ProfileCatalog, name: string, settings: { mfaSerial?: string; region?: string }, now: () => Date): Promise<SourceConfigResult> {
  const section = configSectionName(name);
  const file = catalog.paths.configFile;
  if (own(catalog.files.configFile, name) !== undefined) return { file, section, written: false };
  const keys: Record<string, string> = {};
  if (settings.mfaSerial) keys.mfa_serial = settings.mfaSerial;
  if (settings.region) keys.region = settings.region;
  const { written } = await appendSectionIfAbsent(file, section, keys, { now, kind: 'config' });
  return { file, section, written };
}
