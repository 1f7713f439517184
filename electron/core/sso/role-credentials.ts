/**
 * The one seam the session engine calls for an SSO role: credentials from the cached token
 * (refreshed when it is inside botocore's window), or `SsoLoginRequired` naming the sign-in command.
 * It never starts a sign-in itself: that is a user's decision, one per SSO session.
 */
import type { ParsedSharedFiles } from '../profiles/model';
import type { TemporaryCredentials } from '../sts/types';
import { ssoSessionSource, type SsoRoleProfile } from './config';
import { getRoleCredentials } from './portal';
import { ssoAccessToken, type SsoDeps } from './token-provider';

export interface SsoRoleRequest {
  /** The `[sso-session]` name. */
  readonly session: string;
  readonly accountId: string;
  readonly roleName: string;
}

export interface SsoRoleDeps extends SsoDeps {
  /** The parsed shared files (readSharedFiles), where the `[sso-session]` is looked up. */
  readonly files: ParsedSharedFiles;
}

/**
 * Temporary credentials for `roleName` in `accountId` via the session's token. Throws
 * SsoConfigInvalid (bad or missing `[sso-session]`), SsoLoginRequired (no usable token, or the
 * portal refused it), SsoPortalError / Throttled / NetworkError.
 */
export async function ssoRoleCredentials(deps: SsoRoleDeps, request: SsoRoleRequest): Promise<{ credentials: TemporaryCredentials; expiresAt: Date }> {
  return ssoProfileCredentials(deps, { profile: '', source: ssoSessionSource(deps.files, request.session), accountId: request.accountId, roleName: request.roleName });
}

/** The same for a profile config.ts resolved already (sso-session or legacy start URL). */
export async function ssoProfileCredentials(deps: SsoDeps, profile: SsoRoleProfile): Promise<{ credentials: TemporaryCredentials; expiresAt: Date }> {
  const token = await ssoAccessToken(deps, profile.source);
  const credentials = await getRoleCredentials(deps, profile.source, token.accessToken, { accountId: profile.accountId, roleName: profile.roleName });
  return { credentials, expiresAt: credentials.expiration };
}
