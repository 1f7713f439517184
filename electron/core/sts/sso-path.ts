/**
 * The engine's path for an IAM Identity Center profile (`sso_session` + `sso_account_id` +
 * `sso_role_name`, or a legacy one with `sso_start_url`): no keychain source and no MFA code — the
 * cached sign-in token of its SSO session buys the role's credentials (GetRoleCredentials), which
 * are then checked with GetCallerIdentity like every other session, so the marker, the countdown,
 * credential_process and exec treat them as any role session. When the token is missing or cannot
 * be refreshed the answer is SsoLoginRequired naming `rolecall sso login <session>`: one sign-in
 * per SSO session, never one per role.
 */
import type { ProfileCatalog } from '../profiles/catalog';
import { ssoRoleProfile, type SsoRoleProfile } from '../sso/config';
import { ssoProfileCredentials } from '../sso/role-credentials';
import type { SsoDeps } from '../sso/token-provider';
import { RolecallError } from '../errors';
import type { ResolvedCredentials, StsCalls } from './engine-types';

/** The SSO role `name` uses, when the catalog sees an SSO profile there (botocore's test); else undefined. */
export function ssoPlanFor(catalog: ProfileCatalog, name: string): SsoRoleProfile | undefined {
  const p = catalog.profiles.find((x) => x.name === name);
  if (p?.kind !== 'other' || p.reason !== 'sso') return undefined;
  return ssoRoleProfile(catalog.files, name);
}

/** What the marker's `via` says for an SSO session: the section it signs in with. */
export function ssoVia(role: SsoRoleProfile): string {
  return role.source.sessionName !== undefined ? `sso-session ${role.source.sessionName}` : role.source.startUrl;
}

export async function resolveSsoRole(deps: { sso: SsoDeps | undefined; stsFor(region: string | undefined): StsCalls }, profile: string, role: SsoRoleProfile, region: string | undefined): Promise<ResolvedCredentials> {
  if (!deps.sso) throw new RolecallError('Internal', 'IAM Identity Center is not available in this part of Rolecall.', { action: 'Use the rolecall CLI or the app.' });
  const { credentials } = await ssoProfileCredentials(deps.sso, role);
  const where = region ?? role.source.region;
  const identity = await deps.stsFor(where).getCallerIdentity(credentials);
  return {
    profile,
    credentials,
    identityArn: identity.arn,
    account: identity.account,
    // no SessionDuration on a console sign-in: only AssumeRole with long-term keys may send one
    kind: 'assumed-role-chained',
    sourceProfile: ssoVia(role),
    refreshableWithoutCode: true,
    notes: [`IAM Identity Center role ${role.roleName} in ${role.accountId}; it lasts as long as the permission set allows and is renewed with the sign-in of ${ssoVia(role)}.`],
    region: where,
  };
}
