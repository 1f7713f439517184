/**
 * The access portal API (the `sso` service): role credentials and discovery, authorised by the
 * access token in `x-amz-sso_bearer_token`. The token is sent in that header only, never in a URL.
 * A 401 means the token is no longer accepted (revoked, signed out elsewhere): a sign-in is needed.
 */
import { RolecallError } from '../errors';
import type { TemporaryCredentials } from '../sts/types';
import type { SsoTokenSource } from './config';
import { ssoEndpoint, ssoRequest, SsoServiceError, type SsoHttpDeps } from './http';
import { ssoLoginRequired } from './token-provider';

export interface SsoAccount {
  readonly accountId: string;
  readonly accountName: string;
  readonly emailAddress: string;
}

export interface SsoAccountRole {
  readonly accountId: string;
  readonly roleName: string;
}

type Query = Record<string, string | undefined>;

async function portalGet(deps: SsoHttpDeps, source: SsoTokenSource, accessToken: string, path: string, query: Query, op: string): Promise<Record<string, unknown>> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
  const url = `${ssoEndpoint('portal', source.region, deps.env)}${path}?${params.toString()}`;
  try {
    return await ssoRequest(deps, url, { method: 'GET', headers: { 'x-amz-sso_bearer_token': accessToken } });
  } catch (e) {
    if (!(e instanceof SsoServiceError)) throw e;
    if (e.status === 401 || e.errorType === 'UnauthorizedException') throw ssoLoginRequired(source, 'the access portal no longer accepts the token');
    const busy = e.status === 429 || e.errorType === 'TooManyRequestsException';
    throw new RolecallError(busy ? 'Throttled' : 'SsoPortalError', `The AWS access portal refused ${op} (${e.errorType})${e.description ? `: ${e.description}` : ''}.`, {
      action: busy ? 'Wait a minute and try again.' : e.status === 403 || e.status === 404 ? refusedAction(op, source) : 'Try again; if it persists, check the IAM Identity Center status.',
      details: { operation: op, errorType: e.errorType },
    });
  }
}

/** What to do about a 403/404: a role the user lacks, or (listing) a token without the account scope. */
function refusedAction(op: string, source: SsoTokenSource): string {
  if (op === 'GetRoleCredentials') return 'Check sso_account_id and sso_role_name against the roles the access portal shows you.';
  return `Listing accounts needs the sso:account:access scope: set sso_registration_scopes = sso:account:access in [sso-session ${source.sessionName ?? '…'}], then sign in again.`;
}

/** GetRoleCredentials: temporary credentials for one account and permission set. */
export async function getRoleCredentials(deps: SsoHttpDeps, source: SsoTokenSource, accessToken: string, input: { accountId: string; roleName: string }): Promise<TemporaryCredentials> {
  const out = await portalGet(deps, source, accessToken, '/federation/credentials', { account_id: input.accountId, role_name: input.roleName }, 'GetRoleCredentials');
  const rc = (out.roleCredentials ?? {}) as Record<string, unknown>;
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = rc;
  if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string' || typeof sessionToken !== 'string' || typeof expiration !== 'number') {
    throw new RolecallError('SsoPortalError', 'The AWS access portal answered GetRoleCredentials without credentials.', { action: 'Try again; check AWS_ENDPOINT_URL_SSO and proxy settings.' });
  }
  // epoch milliseconds, unlike every other expiry in these APIs
  return { accessKeyId, secretAccessKey, sessionToken, expiration: new Date(expiration) };
}

/** Every account the user may use (ListAccounts, all pages). */
export async function listAccounts(deps: SsoHttpDeps, source: SsoTokenSource, accessToken: string): Promise<SsoAccount[]> {
  const out: SsoAccount[] = [];
  for await (const item of pages(deps, source, accessToken, '/assignment/accounts', {}, 'accountList', 'ListAccounts')) {
    if (typeof item.accountId === 'string') out.push({ accountId: item.accountId, accountName: String(item.accountName ?? ''), emailAddress: String(item.emailAddress ?? '') });
  }
  return out;
}

/** The permission sets of one account (ListAccountRoles, all pages). */
export async function listAccountRoles(deps: SsoHttpDeps, source: SsoTokenSource, accessToken: string, accountId: string): Promise<SsoAccountRole[]> {
  const out: SsoAccountRole[] = [];
  for await (const item of pages(deps, source, accessToken, '/assignment/roles', { account_id: accountId }, 'roleList', 'ListAccountRoles')) {
    if (typeof item.roleName === 'string') out.push({ accountId, roleName: item.roleName });
  }
  return out;
}

/** Follows `nextToken` until the last page; a repeated token (a looping server) ends the walk with an error. */
async function* pages(deps: SsoHttpDeps, source: SsoTokenSource, accessToken: string, path: string, query: Query, listKey: string, op: string): AsyncGenerator<Record<string, unknown>> {
  const seen = new Set<string>();
  let next: string | undefined;
  do {
    const out = await portalGet(deps, source, accessToken, path, { ...query, max_result: '100', next_token: next }, op);
    const list = Array.isArray(out[listKey]) ? (out[listKey] as unknown[]) : [];
    for (const item of list) if (item && typeof item === 'object') yield item as Record<string, unknown>;
    next = typeof out.nextToken === 'string' && out.nextToken ? out.nextToken : undefined;
    if (next !== undefined && seen.has(next)) throw new RolecallError('SsoPortalError', `The AWS access portal repeated a page token in ${op}.`, { action: 'Try again later.' });
    if (next !== undefined) seen.add(next);
  } while (next !== undefined);
}

/** Logout: revokes the token at the portal (best effort: a token already invalid is signed out). */
export async function portalLogout(deps: SsoHttpDeps, source: SsoTokenSource, accessToken: string): Promise<void> {
  const url = `${ssoEndpoint('portal', source.region, deps.env)}/logout`;
  await ssoRequest(deps, url, { method: 'POST', headers: { 'x-amz-sso_bearer_token': accessToken } }).catch((e: unknown) => {
    if (!(e instanceof SsoServiceError)) throw e;
  });
}
