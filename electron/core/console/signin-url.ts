/**
 * Builds an AWS console sign-in URL from a role or federation session (aws-semantics.md, "Console
 * sign-in URL"): one getSigninToken call to the partition's federation endpoint, then a login URL
 * pointing at the console in the profile's region.
 *
 * The getSigninToken request carries the session's secret key and token in its `Session` parameter,
 * so neither the request URL, nor the raw fetch error (which may quote the URL), nor the response
 * body ever reaches an error message or a log.
 */
import { RolecallError } from '../errors';
import { isLoopbackHost } from '../sts/endpoint-policy';
import { readErrorFacts } from '../sts/error-facts';
import { consoleDestination, partitionHosts } from './partition';
import type { ConsoleCredentials, ConsoleSigninOptions, ConsoleSigninUrl } from './types';

/** A sign-in token (and so the login URL) is good for 15 minutes. */
export const SIGNIN_URL_LIFETIME_MS = 15 * 60_000;
const DEFAULT_TIMEOUT_MS = 10_000;
export const MIN_CONSOLE_SESSION_SECONDS = 900;
export const MAX_CONSOLE_SESSION_SECONDS = 43_200;

/**
 * Asks the federation endpoint for a sign-in token and returns the login URL.
 *
 * Refuses GetSessionToken (MFA-session) credentials up front with `ConsoleUnsupported`: the endpoint
 * would refuse them anyway, with a message nobody understands. `SessionDuration` goes out only for
 * `assumed-role-direct`, the one kind the endpoint accepts it for.
 */
export async function consoleSigninUrl(creds: ConsoleCredentials, opts: ConsoleSigninOptions = {}): Promise<ConsoleSigninUrl> {
  const now = opts.now ?? new Date();
  assertSignable(creds, now);
  const region = opts.region ?? creds.region ?? 'us-east-1';
  const hosts = partitionHosts(region);
  const destination = consoleDestination(region, opts.path);
  const endpoint = resolveEndpoint(opts.federationEndpoint ?? (opts.env ?? process.env).ROLECALL_FEDERATION_ENDPOINT, hosts.federationEndpoint);
  const issuer = checkIssuer(opts.issuer ?? 'Rolecall');
  const duration = sessionDurationFor(creds, opts.sessionDurationSeconds);

  const params = new URLSearchParams({ Action: 'getSigninToken' });
  if (duration !== undefined) params.set('SessionDuration', String(duration));
  params.set('Session', JSON.stringify({ sessionId: creds.accessKeyId, sessionKey: creds.secretAccessKey, sessionToken: creds.sessionToken }));
  const tokenUrl = new URL(endpoint);
  tokenUrl.search = params.toString();

  const signinToken = await fetchSigninToken(tokenUrl, opts, duration !== undefined);

  const login = new URL(endpoint);
  login.search = new URLSearchParams({ Action: 'login', Issuer: issuer, Destination: destination, SigninToken: signinToken }).toString();
  const result: ConsoleSigninUrl = {
    url: login.toString(),
    expiresAt: new Date(now.getTime() + SIGNIN_URL_LIFETIME_MS),
    consoleSessionEndsAt: duration !== undefined ? new Date(now.getTime() + duration * 1000) : creds.expiration,
  };
  if (duration !== undefined) result.sessionDurationSeconds = duration;
  return result;
}

function assertSignable(creds: ConsoleCredentials, now: Date): void {
  if (creds.kind === 'session-token') {
    throw new RolecallError(
      'ConsoleUnsupported',
      'These credentials come from GetSessionToken (an MFA session), and AWS does not let MFA-session credentials sign in to the console.',
      { action: 'Switch to a role profile and open the console from it, or, for an IAM user without a role, use a federation token (Rolecall offers one).' },
    );
  }
  if (!['assumed-role-direct', 'assumed-role-chained', 'federation'].includes(creds.kind) || !creds.sessionToken || creds.accessKeyId.startsWith('AKIA')) {
    throw new RolecallError('ConsoleUnsupported', 'Only role sessions and federation tokens can sign in to the AWS console; these credentials are neither.', {
      action: 'Switch to a role profile, or use a federation token for an IAM user.',
    });
  }
  if (creds.expiration.getTime() <= now.getTime()) {
    throw new RolecallError('ExpiredToken', 'The session for the console sign-in has expired.', { action: 'Refresh the session, then open the console again.' });
  }
}

function sessionDurationFor(creds: ConsoleCredentials, requested: number | undefined): number | undefined {
  if (requested === undefined || creds.kind !== 'assumed-role-direct') return undefined;
  if (!Number.isInteger(requested) || requested < MIN_CONSOLE_SESSION_SECONDS || requested > MAX_CONSOLE_SESSION_SECONDS) {
    throw new RolecallError('InvalidInput', `A console session must last between ${MIN_CONSOLE_SESSION_SECONDS} and ${MAX_CONSOLE_SESSION_SECONDS} seconds.`, {
      action: 'Choose a console session length from 15 minutes to 12 hours.',
    });
  }
  return requested;
}

function checkIssuer(issuer: string): string {
  // eslint-disable-next-line no-control-regex
  if (issuer.length === 0 || issuer.length > 200 || /[\x00-\x1f\x7f]/.test(issuer)) {
    throw new RolecallError('InvalidInput', 'The issuer name for the console sign-in is empty, too long or has control characters.', { action: 'Use a short plain name such as Rolecall.' });
  }
  return issuer;
}

/** An override must not downgrade the secret-carrying request to plain HTTP on a real network. */
function resolveEndpoint(override: string | undefined, fallback: string): string {
  if (override === undefined || override === '') return fallback;
  let url: URL;
  try {
    url = new URL(override);
  } catch {
    throw new RolecallError('InvalidInput', 'The federation endpoint override is not a URL.', { action: 'Set ROLECALL_FEDERATION_ENDPOINT to a URL such as https://signin.aws.amazon.com/federation, or unset it.' });
  }
  const loopback = isLoopbackHost(url.hostname);
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) || url.username !== '' || url.password !== '') {
    throw new RolecallError('InvalidInput', `The federation endpoint override ${url.protocol}//${url.host} is not allowed: the request carries session secrets.`, {
      action: 'Use an https URL (plain http only on 127.0.0.1 / localhost), without a user name or password.',
    });
  }
  url.search = '';
  url.hash = '';
  return url.toString();
}

async function fetchSigninToken(tokenUrl: URL, opts: ConsoleSigninOptions, sentDuration: boolean): Promise<string> {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const host = tokenUrl.host;
  let response: Response;
  try {
    response = await doFetch(tokenUrl, { method: 'GET', headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw networkError(e, host, timeoutMs);
  }
  let body: string;
  try {
    body = await response.text();
  } catch (e) {
    throw networkError(e, host, timeoutMs);
  }
  if (!response.ok) throw httpError(response.status, host, sentDuration);
  let token: unknown;
  try {
    token = (JSON.parse(body) as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token.length === 0) {
    throw new RolecallError('StsError', `The AWS sign-in endpoint at ${host} answered without a sign-in token.`, {
      action: 'Try again; if you set a federation endpoint override or use a proxy, check that it forwards to AWS sign-in.',
      details: { host },
    });
  }
  return token;
}

/** No `cause`: a fetch error can quote the request URL, and that URL holds the session secrets. */
function networkError(e: unknown, host: string, timeoutMs: number): RolecallError {
  const reason = readErrorFacts(e).network;
  const message =
    reason?.reason === 'timeout'
      ? `The AWS sign-in endpoint at ${host} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`
      : reason?.reason === 'refused'
        ? `Could not connect to the AWS sign-in endpoint at ${host}: the connection was refused.`
        : reason?.reason === 'not-found'
          ? `Could not find the AWS sign-in endpoint at ${host}: the host name did not resolve.`
          : `The request to the AWS sign-in endpoint at ${host} failed.`;
  return new RolecallError('NetworkError', message, {
    action: 'Check your network connection, VPN or proxy (and ROLECALL_FEDERATION_ENDPOINT, if set), then try again.',
    details: { host, reason: reason?.code ?? 'unknown' },
  });
}

function httpError(status: number, host: string, sentDuration: boolean): RolecallError {
  const details = { host, httpStatus: status };
  if (status === 429) return new RolecallError('Throttled', 'AWS sign-in is limiting the request rate.', { action: 'Wait a minute and try again.', details });
  if (status >= 500) return new RolecallError('StsError', `AWS sign-in had a temporary problem (HTTP ${status}).`, { action: 'Try again in a moment.', details });
  if (status === 400 && sentDuration) {
    return new RolecallError('ConsoleUnsupported', 'AWS sign-in refused the request (HTTP 400), most likely the console session length for this role session.', {
      action: 'Open the console without a session length; the console session then lasts as long as the credentials.',
      details,
    });
  }
  if (status === 400 || status === 401 || status === 403) {
    return new RolecallError('AccessDenied', `AWS sign-in refused these credentials (HTTP ${status}): they expired or were revoked, or they are not role or federation credentials.`, {
      action: 'Refresh the session and try again; for an IAM user without a role, use a federation token.',
      details,
    });
  }
  return new RolecallError('StsError', `AWS sign-in answered with HTTP ${status}.`, { action: 'Try again; if it keeps happening, check any proxy between you and AWS.', details });
}
