/**
 * OIDC client registrations are kept until they expire (about 90 days), as the AWS CLI keeps its
 * own: beside the tokens in `~/.aws/sso/cache`, 0600, one file per session and flow (a client
 * registered for the device flow may not use the authorization-code grant and vice versa). The key
 * is the SHA-1 of a description naming Rolecall, so it never collides with botocore's files.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Clock } from '../sessions/clock';
import type { SsoTokenSource } from './config';
import { REGISTERED_REDIRECT_URI } from './auth-code-flow';
import type { SsoHttpDeps } from './http';
import { registerClient, type ClientRegistration } from './oidc';
import { ssoCacheDir } from './token-cache';
import { deleteJsonCache, readJsonCache, writeJsonCache } from './json-cache';

export type SignInFlow = 'authorization_code' | 'device_code';

/** A registration reused only when it still has this long to live, so a sign-in never outlives it. */
const MIN_LIFETIME_MS = 60 * 60_000;

export function registrationPath(home: string, source: SsoTokenSource, flow: SignInFlow): string {
  const key = JSON.stringify({ tool: 'rolecall', flow, region: source.region, scopes: source.scopes, sessionName: source.sessionName ?? null, startUrl: source.startUrl });
  return join(ssoCacheDir(home), `${createHash('sha1').update(key).digest('hex')}.json`);
}

/**
 * Forgets the cached registration, for when the service refuses it although our clock says it is
 * valid (revoked, or a clock far off): the next {@link clientRegistration} registers anew.
 */
export async function forgetRegistration(home: string, source: SsoTokenSource, flow: SignInFlow): Promise<boolean> {
  return deleteJsonCache(registrationPath(home, source, flow));
}

/** A cached registration with at least an hour left, else a new one (cached). */
export async function clientRegistration(deps: SsoHttpDeps & { home: string; clock: Clock }, source: SsoTokenSource, flow: SignInFlow, signal?: AbortSignal): Promise<ClientRegistration> {
  const path = registrationPath(deps.home, source, flow);
  const cached = await readJsonCache(path);
  const expiresAt = typeof cached?.expiresAt === 'string' ? new Date(cached.expiresAt) : undefined;
  if (cached && typeof cached.clientId === 'string' && typeof cached.clientSecret === 'string' && expiresAt && expiresAt.getTime() - deps.clock.now() > MIN_LIFETIME_MS) {
    return { clientId: cached.clientId, clientSecret: cached.clientSecret, expiresAt };
  }
  const fresh = await registerClient(deps, {
    region: source.region,
    startUrl: source.startUrl,
    scopes: source.scopes,
    ...(flow === 'authorization_code' ? { redirectUri: REGISTERED_REDIRECT_URI } : {}),
    ...(signal ? { signal } : {}),
  });
  await writeJsonCache(path, { clientId: fresh.clientId, clientSecret: fresh.clientSecret, expiresAt: fresh.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'), scopes: [...source.scopes] });
  return fresh;
}
