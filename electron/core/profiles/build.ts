/**
 * Turns the parsed shared files and the keychain's source list into the profile model: classify each
 * name the way botocore's credential chain would, read the role settings, validate them, and resolve
 * every role's chain. A broken profile carries its `error` and never stops the others from listing.
 */
import { lowerKeys } from '../aws-files/read';
import { isValidRoleSessionName, parseRoleArn, partitionForRegion } from './arn';
import type {
  BuildExtras,
  CredentialSourceKind,
  KeychainSourceInfo,
  OtherReason,
  ParsedSharedFiles,
  PlaintextFile,
  Profile,
  ProfileSettings,
  RoleProfile,
  SourceProfile,
} from './model';
import { resolveChains } from './resolve';
import { applySourceSettings, mfaSerialError, readSourceSettings } from './source-settings';

const CREDENTIAL_SOURCES: Record<string, CredentialSourceKind> = {
  environment: 'Environment',
  ec2instancemetadata: 'Ec2InstanceMetadata',
  ecscontainer: 'EcsContainer',
};
const SSO_KEYS = ['sso_start_url', 'sso_session', 'sso_account_id', 'sso_role_name'];
export const MIN_ROLE_DURATION = 900;
export const MAX_ROLE_DURATION = 43_200;

/**
 * Every profile the user has, in file order (config, then names only in the credentials file, then
 * keychain-only sources). Precedence follows botocore's chain: `role_arn` (without a web identity
 * token) makes a role; then a keychain source (Rolecall's own, standing in for the credentials file,
 * and winning over a plaintext copy there); a Rolecall-managed output section; web identity; SSO;
 * static keys in the credentials file; `credential_process`; static keys in the config file.
 */
export function buildProfiles(files: ParsedSharedFiles, extra: BuildExtras): Profile[] {
  const keychain = new Map<string, KeychainSourceInfo>();
  for (const k of extra.keychainSources) keychain.set(k.name, k);
  const names = new Set<string>(Object.keys(files.configFile));
  for (const name in files.credentialsFile) names.add(name);
  for (const name of keychain.keys()) names.add(name);
  const profiles: Profile[] = [];
  for (const name of names) {
    const config = lowerKeys(own(files.configFile, name));
    const credentials = lowerKeys(own(files.credentialsFile, name));
    profiles.push(classify(name, config, credentials, keychain.get(name), extra.managedSections.has(name)));
  }
  resolveChains(profiles);
  return profiles;
}

function own(record: Record<string, ProfileSettings>, name: string): ProfileSettings {
  return Object.prototype.hasOwnProperty.call(record, name) ? (record[name] ?? {}) : {};
}

/** One profile's sections in the two files (keys lower-cased). */
interface Sections {
  config: ProfileSettings;
  credentials: ProfileSettings;
}

function classify(name: string, config: ProfileSettings, credentials: ProfileSettings, keychain: KeychainSourceInfo | undefined, managed: boolean): Profile {
  const files: Sections = { config, credentials };
  const merged: ProfileSettings = isEmpty(credentials) ? config : isEmpty(config) ? credentials : { ...config, ...credentials };
  const region = nonEmpty(merged.region);
  const inCredentials = hasStaticKeys(credentials);
  const inConfig = hasStaticKeys(config);

  if (nonEmpty(merged.role_arn) && !nonEmpty(merged.web_identity_token_file)) {
    let ownSource: SourceProfile | undefined;
    if (keychain) ownSource = keychainSource(name, keychain, files, managed ? [] : plaintext(inCredentials, inConfig), true);
    else if (!managed && inCredentials) ownSource = fileSource(name, 'credentials-file', credentials, files, true);
    else if (!managed && inConfig) ownSource = fileSource(name, 'config-file', config, files, true);
    return buildRole(name, region, merged, ownSource);
  }
  if (keychain) return keychainSource(name, keychain, files, managed ? [] : plaintext(inCredentials, inConfig));
  const other = (reason: OtherReason): Profile => (region === undefined ? { name, kind: 'other', reason } : { name, kind: 'other', reason, region });
  if (managed) return other('managed');
  if (nonEmpty(merged.web_identity_token_file)) return other('web_identity');
  if (SSO_KEYS.some((k) => nonEmpty(merged[k]))) return other('sso');
  if (inCredentials) return fileSource(name, 'credentials-file', credentials, files);
  if (nonEmpty(merged.credential_process)) return other('credential_process');
  if (inConfig) return fileSource(name, 'config-file', config, files);
  return other('settings-only');
}

/** botocore counts a section as holding static keys when either half of the pair is there. */
function hasStaticKeys(s: ProfileSettings): boolean {
  return nonEmpty(s.aws_access_key_id) !== undefined || nonEmpty(s.aws_secret_access_key) !== undefined;
}

function plaintext(inCredentials: boolean, inConfig: boolean): PlaintextFile[] {
  const out: PlaintextFile[] = [];
  if (inCredentials) out.push('credentials-file');
  if (inConfig) out.push('config-file');
  return out;
}

function keychainSource(name: string, k: KeychainSourceInfo, files: Sections, copies: PlaintextFile[], role = false): SourceProfile {
  const source: SourceProfile = { name, kind: 'source', origin: 'keychain', accessKeyId: k.accessKeyId };
  if (copies.length > 0) source.plaintextCopies = copies;
  return withError(source, ...applySourceSettings(source, settingsFor(name, files, role, k.mfaSerial)));
}

/** A source whose keys sit in `section` of one file; the two files supply the settings around them. */
function fileSource(name: string, origin: 'credentials-file' | 'config-file', section: ProfileSettings, files: Sections, role = false): SourceProfile {
  const accessKeyId = nonEmpty(section.aws_access_key_id);
  const secret = nonEmpty(section.aws_secret_access_key);
  const source: SourceProfile = { name, kind: 'source', origin };
  if (accessKeyId !== undefined) source.accessKeyId = accessKeyId;
  if (nonEmpty(section.aws_session_token) !== undefined || nonEmpty(section.aws_security_token) !== undefined) source.temporary = true;
  const errors = applySourceSettings(source, settingsFor(name, files, role));
  const file = origin === 'credentials-file' ? 'credentials file' : 'config file';
  const missing = accessKeyId ? 'aws_secret_access_key' : 'aws_access_key_id';
  const partial = accessKeyId && secret ? undefined : `The profile "${name}" in the ${file} has only part of its keys: ${missing} is missing.`;
  return withError(source, partial, ...errors);
}

/** A role's own keys: its `duration_seconds` is the role session's, not an MFA session length. */
function settingsFor(name: string, files: Sections, role: boolean, keychainMfa?: string) {
  const s = readSourceSettings(name, files.config, files.credentials, keychainMfa);
  if (!role) return s;
  const { durationSeconds: _d, ...origins } = s.origins;
  return { ...s, durationSeconds: undefined, origins, errors: s.errors.filter((e) => !e.includes('duration_seconds')) };
}

function buildRole(name: string, region: string | undefined, s: ProfileSettings, ownSource: SourceProfile | undefined): RoleProfile {
  const roleArn = s.role_arn!.trim();
  const sourceProfile = nonEmpty(s.source_profile);
  const rawCredentialSource = nonEmpty(s.credential_source);
  const credentialSource = rawCredentialSource ? CREDENTIAL_SOURCES[rawCredentialSource.toLowerCase()] : undefined;
  const mfaSerial = nonEmpty(s.mfa_serial);
  const roleSessionName = nonEmpty(s.role_session_name);
  const rawDuration = nonEmpty(s.duration_seconds);
  const duration = rawDuration !== undefined && /^\d{1,6}$/.test(rawDuration) ? Number(rawDuration) : undefined;
  const arn = parseRoleArn(roleArn);
  // Optional fields are stored one by one (never `key: undefined`) with constant keys: V8 keeps
  // these objects fast, which matters at 10,000 profiles (a generic setter or spreads cost 3×).
  const role: RoleProfile = { name, kind: 'role', roleArn, chain: [] };
  if (region !== undefined) role.region = region;
  if (sourceProfile !== undefined) role.sourceProfile = sourceProfile;
  if (credentialSource !== undefined) role.credentialSource = credentialSource;
  if (mfaSerial !== undefined) role.mfaSerial = mfaSerial;
  const externalId = nonEmpty(s.external_id);
  if (externalId !== undefined) role.externalId = externalId;
  if (roleSessionName !== undefined) role.roleSessionName = roleSessionName;
  if (duration !== undefined && duration >= MIN_ROLE_DURATION && duration <= MAX_ROLE_DURATION) role.durationSeconds = duration;
  if (arn) {
    role.partition = arn.partition;
    role.accountId = arn.accountId;
    role.roleName = arn.roleName;
  }
  if (ownSource !== undefined) role.ownSource = ownSource;
  const errors: Array<string | undefined> = [];
  if (sourceProfile && rawCredentialSource) errors.push(`The profile "${name}" contains both source_profile and credential_source.`);
  else if (!sourceProfile && !rawCredentialSource) errors.push(`The profile "${name}" has a role_arn but neither source_profile nor credential_source: set one of them to say where the credentials to assume the role come from.`);
  else if (rawCredentialSource && !credentialSource) errors.push(`The credential source "${rawCredentialSource}" referenced in profile "${name}" is not valid (use Environment, Ec2InstanceMetadata or EcsContainer).`);
  if (!arn) errors.push(`The role_arn "${roleArn}" in profile "${name}" is not a valid IAM role ARN (expected arn:aws:iam::123456789012:role/NAME).`);
  else if (region && partitionForRegion(region) !== arn.partition) {
    errors.push(`The region "${region}" in profile "${name}" is in the ${partitionForRegion(region)} partition, but its role_arn is in ${arn.partition}.`);
  }
  errors.push(mfaSerialError(name, mfaSerial));
  if (rawDuration !== undefined && role.durationSeconds === undefined) {
    errors.push(`The duration_seconds "${rawDuration}" in profile "${name}" must be a whole number of seconds from ${MIN_ROLE_DURATION} to ${MAX_ROLE_DURATION}.`);
  }
  if (roleSessionName && !isValidRoleSessionName(roleSessionName)) {
    errors.push(`The role_session_name "${roleSessionName}" in profile "${name}" must be 2 to 64 characters of letters, digits and +=,.@_-.`);
  }
  return withError(role, ...errors);
}

/** Joins the messages that apply into the profile's `error` (in place: the profile is ours, just built). */
function withError<T extends Profile>(profile: T, ...messages: Array<string | undefined>): T {
  const all = messages.filter((m): m is string => m !== undefined && m !== '');
  if (all.length > 0) profile.error = all.join(' ');
  return profile;
}

function isEmpty(settings: ProfileSettings): boolean {
  for (const _ in settings) return false;
  return true;
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}
