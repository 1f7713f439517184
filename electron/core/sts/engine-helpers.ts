/** Small pieces of the engine that do not need its state. */
import { userInfo } from 'node:os';
import { RolecallError } from '../errors';
import type { RoleProfile, SourceProfile } from '../profiles/model';
import type { SecretStore } from '../keychain/secret-store';
import type { ProfileCatalog } from '../profiles/catalog';
import type { AwsCredentials } from './types';
import { resolveChainProfiles } from '../profiles/chain';

/** The chain from `name` down to its source, or a typed error naming what is wrong with it. */
export function chainFor(catalog: ProfileCatalog, name: string): Array<RoleProfile | SourceProfile> {
  const profile = catalog.profiles.find((p) => p.name === name);
  const kp = catalog.keychainProblem;
  if (kp && (!profile || profile.error)) {
    // the missing piece is most likely a keychain source we could not read: say that, not "not found"
    throw new RolecallError(kp.code, kp.message, kp.action ? { action: kp.action } : {});
  }
  if (!profile) {
    throw new RolecallError('ProfileNotFound', `There is no profile named "${name}" in ${catalog.paths.configFile}, ${catalog.paths.credentialsFile} or the keychain.`, {
      action: 'Check the name with "rolecall list", or add the source with "rolecall add".',
    });
  }
  if (profile.kind === 'other') {
    throw new RolecallError('ProfileInvalid', `Profile "${name}" is not a source or role profile Rolecall can switch to (${describeOther(profile.reason)}).`, {
      action: 'Pick a role profile (with role_arn) or a source profile with access keys.',
    });
  }
  // the chain's own error first: it carries the precise code (ProfileCycle, ProfileNotFound…)
  const resolved = resolveChainProfiles(catalog.profiles, name);
  if (!resolved.ok) throw resolved.error;
  if (profile.error) throw new RolecallError('ProfileInvalid', profile.error, { action: `Fix profile "${name}" in ${catalog.paths.configFile}.` });
  return resolved.chain;
}

function describeOther(reason: string): string {
  switch (reason) {
    case 'managed':
      return 'it is a target Rolecall writes session credentials to';
    case 'sso':
      return 'it uses IAM Identity Center (SSO)';
    case 'credential_process':
      return 'it uses credential_process';
    case 'web_identity':
      return 'it uses web identity';
    default:
      return 'it holds only settings';
  }
}

/** The source's long-term keys: from the keychain, else (plaintext, not yet imported) the credentials file. */
export async function sourceLongTermKeys(catalog: ProfileCatalog, source: SourceProfile, secrets: SecretStore): Promise<AwsCredentials> {
  if (source.origin === 'keychain') {
    const s = await secrets.getSource(source.name);
    if (!s) throw new RolecallError('SourceNotFound', `The keychain has no keys for "${source.name}".`, { action: `Add them with "rolecall add ${source.name}".` });
    return { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey };
  }
  const section = lowerKeys(catalog.files.credentialsFile[source.name] ?? {});
  const conf = lowerKeys(catalog.files.configFile[source.name] ?? {});
  const id = section.aws_access_key_id ?? conf.aws_access_key_id;
  const secret = section.aws_secret_access_key ?? conf.aws_secret_access_key;
  if (!id || !secret) throw new RolecallError('ProfileInvalid', `The source profile "${source.name}" must have credentials.`, { action: `Add keys with "rolecall add ${source.name}".` });
  const token = section.aws_session_token ?? section.aws_security_token;
  return { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) };
}

function lowerKeys(settings: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(settings)) out[k.toLowerCase()] = v;
  return out;
}

/**
 * A RoleSessionName that tells CloudTrail readers who this was: `rolecall-<os user>`, cut to STS's
 * pattern ([\w+=,.@-], 2–64 chars). No STS call, so switching costs one round trip less.
 */
export function defaultRoleSessionName(): string {
  let user = 'user';
  try {
    user = userInfo().username || user;
  } catch {
    // no passwd entry (containers): keep the generic name
  }
  return sanitizeSessionName(`rolecall-${user}`);
}

export function sanitizeSessionName(raw: string): string {
  const cleaned = raw.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : `${cleaned}--`.slice(0, 2);
}
