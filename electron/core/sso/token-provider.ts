/**
 * A usable access token for an SSO session, from the shared cache, refreshed the way botocore
 * refreshes it: within 15 minutes of `expiresAt`, with the cached refresh token and registration,
 * the new token written back for every tool. A refresh that fails leaves a still-valid token in use
 * (botocore does the same); only when none is left is the answer {@link ssoLoginRequired} — one per
 * SSO session, however many roles asked: concurrent callers share one refresh.
 */
import { RolecallError } from '../errors';
import type { Clock } from '../sessions/clock';
import type { SsoTokenSource } from './config';
import type { SsoHttpDeps } from './http';
import { createToken } from './oidc';
import { readCachedToken, tokenCachePath, writeCachedToken, type SsoCachedToken } from './token-cache';

export interface SsoDeps extends SsoHttpDeps {
  /** The home directory whose `.aws/sso/cache` is shared with the AWS CLI. */
  readonly home: string;
  readonly clock: Clock;
}

/** botocore's `SSOTokenProvider._REFRESH_WINDOW`. */
export const REFRESH_WINDOW_MS = 15 * 60_000;

const inFlight = new Map<string, Promise<SsoCachedToken>>();

/** The session's display name in messages and in the sign-in command. */
export function sourceLabel(source: Pick<SsoTokenSource, 'sessionName' | 'startUrl'>): string {
  return source.sessionName ?? source.startUrl;
}

export function ssoLoginRequired(source: Pick<SsoTokenSource, 'sessionName' | 'startUrl'>, why: string): RolecallError {
  const command = source.sessionName !== undefined ? `rolecall sso login ${source.sessionName}` : 'aws sso login --profile <profile> (legacy profiles sign in with the AWS CLI), or move the profile to an [sso-session]';
  return new RolecallError('SsoLoginRequired', `Sign-in to IAM Identity Center needed for "${sourceLabel(source)}": ${why}.`, {
    action: `Run ${command}.`,
    details: { session: sourceLabel(source) },
  });
}

/** The cached token, refreshed if it is inside the refresh window; SsoLoginRequired when none is usable. */
export function ssoAccessToken(deps: SsoDeps, source: SsoTokenSource): Promise<SsoCachedToken> {
  const path = tokenCachePath(deps.home, source);
  const running = inFlight.get(path);
  if (running) return running;
  const work = resolveToken(deps, source, path).finally(() => inFlight.delete(path));
  inFlight.set(path, work);
  return work;
}

async function resolveToken(deps: SsoDeps, source: SsoTokenSource, path: string): Promise<SsoCachedToken> {
  const token = await readCachedToken(path);
  if (!token) throw ssoLoginRequired(source, 'no cached token');
  const now = deps.clock.now();
  const remaining = token.expiresAt.getTime() - now;
  if (remaining >= REFRESH_WINDOW_MS) return token;
  const refreshed = await tryRefresh(deps, source, token, now);
  if (refreshed) {
    await writeCachedToken(path, refreshed);
    return refreshed;
  }
  if (remaining > 0) return token;
  throw ssoLoginRequired(source, source.sessionName === undefined ? 'the token expired (legacy profiles cannot refresh)' : 'the token expired and could not be refreshed');
}

/** botocore's `_refresh_access_token`: undefined when a refresh is impossible or refused. */
async function tryRefresh(deps: SsoDeps, source: SsoTokenSource, token: SsoCachedToken, now: number): Promise<SsoCachedToken | undefined> {
  const { refreshToken, clientId, clientSecret, registrationExpiresAt } = token;
  if (source.sessionName === undefined || !refreshToken || !clientId || !clientSecret || !registrationExpiresAt) return undefined;
  if (registrationExpiresAt.getTime() <= now) return undefined;
  try {
    const client = { clientId, clientSecret, expiresAt: registrationExpiresAt };
    const issued = await createToken(deps, { region: source.region, client, grant: { grantType: 'refresh_token', refreshToken } });
    return {
      startUrl: source.startUrl,
      region: source.region,
      accessToken: issued.accessToken,
      expiresAt: new Date(deps.clock.now() + issued.expiresInSeconds * 1000),
      clientId,
      clientSecret,
      registrationExpiresAt,
      ...(issued.refreshToken ? { refreshToken: issued.refreshToken } : {}),
    };
  } catch (e) {
    if (e instanceof RolecallError && e.code === 'FileWriteFailed') throw e;
    return undefined;
  }
}
