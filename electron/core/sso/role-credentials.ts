/**
 * The one seam the session engine calls for an SSO role: credentials from the cached token
 * (refreshed when it is inside botocore's window), or `SsoLoginRequired` naming the sign-in command.
 * It never starts a sign-in itself: that is a user's decision, one per SSO session.
 */
import type { ParsedSharedFiles } from '../profiles/model';
import type { TemporaryCredentials } from '../sts/types';
import { ssoSessionSource } from './config';
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
  const source = ssoSessionSource(deps.files, request.session);
  const token = await ssoAccessToken(deps, source);
  const credentials = await getRoleCredentials(deps, source, token.accessToken, { accountId: request.accountId, roleName: request.roleName });
  return { credentials, expiresAt: credentials.expiration };
}
