/**
 * The authorization-code flow with PKCE (RFC 7636) and a loopback redirect (RFC 8252), the AWS CLI's
 * default since 2.22: the browser signs in at the OIDC authorize page and is sent back to
 * `http://127.0.0.1:PORT/oauth/callback` with a code that only this process, holding the verifier,
 * can exchange. The `state` ties the callback to this sign-in: any other request is refused and the
 * wait goes on. The callback server listens on loopback only and closes when the flow ends.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RolecallError } from '../errors';
import type { Clock } from '../sessions/clock';
import { denied } from './device-flow';
import { cancelled, ssoEndpoint, SsoServiceError, type SsoHttpDeps } from './http';
import { createToken, signInRefused, type ClientRegistration, type IssuedToken } from './oidc';

/** How the AWS CLI registers the redirect: loopback, any port (RFC 8252 §7.3). */
export const REGISTERED_REDIRECT_URI = 'http://127.0.0.1/oauth/callback';

export interface AuthCodeFlowInput {
  readonly region: string;
  readonly scopes: readonly string[];
  /** Registers (or returns a cached) client for the redirect URI. */
  readonly client: () => Promise<ClientRegistration>;
  /** Opens the authorize URL; rejects when no browser can be opened (the caller falls back). */
  readonly openBrowser: (url: string) => Promise<void>;
  /** How long to wait for the browser to come back. Default 10 minutes. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** A PKCE verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const PAGE = (text: string): string => `<!doctype html><meta charset="utf-8"><title>Rolecall</title><p>${text}</p>`;

/** Serves the callback until it receives this sign-in's state; resolves with the code or rejects. */
async function listenForCallback(state: string): Promise<{ server: Server; port: number; result: Promise<string> }> {
  let settle!: { resolve: (code: string) => void; reject: (e: unknown) => void };
  const result = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  // the browser may come back (denied) while the opener is still running, before anyone awaits this
  result.catch(() => undefined);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };
    if (req.method !== 'GET' || url.pathname !== '/oauth/callback' || url.searchParams.get('state') !== state) {
      res.writeHead(404, headers).end(PAGE('Not found.'));
      return;
    }
    const code = url.searchParams.get('code');
    if (code) {
      res.writeHead(200, headers).end(PAGE('Signed in. You can close this window and return to Rolecall.'));
      settle.resolve(code);
    } else {
      res.writeHead(200, headers).end(PAGE('The sign-in was not completed. You can close this window.'));
      settle.reject(url.searchParams.get('error') === 'access_denied' ? denied() : new RolecallError('SsoSignInFailed', `The browser returned without a code (${(url.searchParams.get('error') ?? 'no error given').slice(0, 60)}).`, { action: 'Run the sign-in again.' }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port, result };
}

export async function authCodeSignIn(deps: SsoHttpDeps & { clock: Clock }, input: AuthCodeFlowInput): Promise<IssuedToken> {
  const state = randomBytes(24).toString('base64url');
  const { verifier, challenge } = pkcePair();
  const { server, port, result } = await listenForCallback(state);
  const redirectUri = `http://127.0.0.1:${port}/oauth/callback`;
  let timer: unknown;
  let onAbort: (() => void) | undefined;
  try {
    const client = await input.client();
    const query = new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: redirectUri, state, code_challenge_method: 'S256', code_challenge: challenge });
    if (input.scopes.length) query.set('scopes', input.scopes.join(','));
    await input.openBrowser(`${ssoEndpoint('oidc', input.region, deps.env)}/authorize?${query.toString()}`);
    const stop = new Promise<never>((_, reject) => {
      timer = deps.clock.setTimer(() => reject(new RolecallError('SsoSignInFailed', 'The browser did not come back from the sign-in page in time.', { action: 'Run the sign-in again (or use --device-code to sign in from another device).', details: { reason: 'timeout' } })), input.timeoutMs ?? 600_000);
      if (input.signal?.aborted) reject(cancelled());
      onAbort = () => reject(cancelled());
      input.signal?.addEventListener('abort', onAbort, { once: true });
    });
    const code = await Promise.race([result, stop]);
    try {
      return await createToken(deps, { region: input.region, client, grant: { grantType: 'authorization_code', code, codeVerifier: verifier, redirectUri }, ...(input.signal ? { signal: input.signal } : {}) });
    } catch (e) {
      throw e instanceof SsoServiceError ? signInRefused('CreateToken', e) : e;
    }
  } finally {
    if (timer !== undefined) deps.clock.clearTimer(timer);
    if (onAbort) input.signal?.removeEventListener('abort', onAbort);
    result.catch(() => undefined);
    server.close();
    server.closeAllConnections();
  }
}
