/**
 * IAM Identity Center settings from `~/.aws/config`, accepted and refused as botocore does, so a
 * profile works in Rolecall exactly when it works in the AWS CLI:
 * - `[sso-session NAME]` holds `sso_start_url`, `sso_region` and optional `sso_registration_scopes`;
 *   a profile points at it with `sso_session` and adds `sso_account_id` + `sso_role_name`.
 * - a legacy profile carries `sso_start_url` / `sso_region` itself; its token is cached under the
 *   start URL's hash and cannot be refreshed (no registration is kept for it).
 * The messages quote botocore's (credentials.py SSOProvider, tokens.py SSOTokenProvider) and add the
 * next step. Rolecall is stricter in one place: the start URL must be an https URL, because it names
 * the portal the browser is sent to.
 */
import { RolecallError } from '../errors';
import type { ParsedSharedFiles, ProfileSettings } from '../profiles/model';

/** What a token is obtained for: an `[sso-session]`, or a legacy profile's own start URL. */
export interface SsoTokenSource {
  /** The `[sso-session]` name; undefined for a legacy profile. */
  readonly sessionName: string | undefined;
  readonly startUrl: string;
  /** The region of the OIDC service and the access portal (`sso_region`). */
  readonly region: string;
  /** `sso_registration_scopes`, comma separated in the file; empty means the service default. */
  readonly scopes: readonly string[];
}

/** A profile that gets its credentials from GetRoleCredentials. */
export interface SsoRoleProfile {
  readonly profile: string;
  readonly source: SsoTokenSource;
  readonly accountId: string;
  readonly roleName: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

function invalid(message: string, action: string, details: Record<string, string> = {}): RolecallError {
  return new RolecallError('SsoConfigInvalid', message, { action, details });
}

/** The `[sso-session NAME]` section, checked; a missing or incomplete one is an SsoConfigInvalid. */
export function ssoSessionSource(files: ParsedSharedFiles, name: string): SsoTokenSource {
  const section = files.ssoSessions?.[name];
  if (!section) {
    const known = Object.keys(files.ssoSessions ?? {});
    throw invalid(`The specified sso-session does not exist: "${name}".`, known.length ? `Use one of: ${known.join(', ')}.` : `Add an [sso-session ${name}] section with sso_start_url and sso_region to ~/.aws/config (or run "aws configure sso-session").`, { session: name });
  }
  const missing = ['sso_start_url', 'sso_region'].filter((k) => section[k] === undefined);
  if (missing.length) {
    throw invalid(`The sso-session "${name}" is missing required configuration: ${missing.join(', ')}.`, `Add ${missing.join(' and ')} to [sso-session ${name}] in ~/.aws/config.`, { session: name });
  }
  return checked({ sessionName: name, startUrl: section.sso_start_url!, region: section.sso_region!, scopes: scopesOf(section) }, `[sso-session ${name}]`);
}

/**
 * The SSO role a profile names, or undefined when the profile is not an SSO profile — botocore's
 * test: neither `sso_account_id` nor `sso_role_name` is set. Keys the profile shares with its
 * sso-session must agree, as botocore requires.
 */
export function ssoRoleProfile(files: ParsedSharedFiles, profile: string): SsoRoleProfile | undefined {
  const settings = files.configFile[profile];
  if (!settings || (settings.sso_account_id === undefined && settings.sso_role_name === undefined)) return undefined;
  let resolved: ProfileSettings = settings;
  const sessionName = settings.sso_session;
  if (sessionName !== undefined) {
    const section = files.ssoSessions?.[sessionName];
    if (!section) throw invalid(`The specified sso-session does not exist: "${sessionName}".`, `Add an [sso-session ${sessionName}] section to ~/.aws/config, or fix sso_session in profile "${profile}".`, { profile, session: sessionName });
    resolved = { ...settings };
    for (const [key, value] of Object.entries(section)) {
      if (settings[key] !== undefined && settings[key] !== value) {
        throw invalid(`The value for ${key} is inconsistent between profile (${settings[key]}) and sso-session (${value ?? ''}).`, `Remove ${key} from profile "${profile}" (the sso-session "${sessionName}" already sets it) or make them equal.`, { profile, session: sessionName });
      }
      resolved[key] = value;
    }
  }
  const required = ['sso_role_name', 'sso_account_id', 'sso_start_url', 'sso_region', ...(sessionName !== undefined ? ['sso_session'] : [])];
  const missing = required.filter((k) => resolved[k] === undefined);
  if (missing.length) {
    throw invalid(`The profile "${profile}" is configured to use SSO but is missing required configuration: ${missing.join(', ')}.`, `Add ${missing.join(', ')} to [profile ${profile}]${sessionName !== undefined ? ` or [sso-session ${sessionName}]` : ''} in ~/.aws/config.`, { profile });
  }
  const where = sessionName !== undefined ? `[sso-session ${sessionName}]` : `profile "${profile}"`;
  const source = checked({ sessionName, startUrl: resolved.sso_start_url!, region: resolved.sso_region!, scopes: sessionName !== undefined ? scopesOf(resolved) : [] }, where);
  const accountId = resolved.sso_account_id!;
  if (!/^\d{12}$/.test(accountId)) throw invalid(`sso_account_id "${accountId.slice(0, 40)}" in profile "${profile}" is not a 12-digit AWS account ID.`, `Fix sso_account_id in [profile ${profile}].`, { profile });
  const roleName = resolved.sso_role_name!;
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) throw invalid(`sso_role_name "${roleName.slice(0, 70)}" in profile "${profile}" is not a permission set name.`, `Fix sso_role_name in [profile ${profile}] (the name shown in the access portal).`, { profile });
  return { profile, source, accountId, roleName };
}

/** Every `[sso-session]` name, for completion and the "which session?" default. */
export function ssoSessionNames(files: ParsedSharedFiles): string[] {
  return Object.keys(files.ssoSessions ?? {});
}

function scopesOf(section: ProfileSettings): string[] {
  return (section.sso_registration_scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function checked(source: SsoTokenSource, where: string): SsoTokenSource {
  let url: URL | undefined;
  try {
    url = new URL(source.startUrl);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.username !== '' || url.password !== '') {
    throw invalid(`sso_start_url "${source.startUrl.slice(0, 100)}" in ${where} is not an https URL.`, `Set sso_start_url to your AWS access portal URL, e.g. https://d-1234567890.awsapps.com/start.`);
  }
  if (!REGION.test(source.region)) {
    throw invalid(`sso_region "${source.region.slice(0, 40)}" in ${where} is not an AWS region name.`, `Set sso_region to the region of your IAM Identity Center instance (for example eu-west-1).`);
  }
  return source;
}
