/**
 * The SSO-OIDC operations Rolecall uses: RegisterClient, StartDeviceAuthorization and CreateToken
 * (device code, authorization code with PKCE, refresh token). Shapes as the service documents them;
 * `expiresIn` is in seconds, `clientSecretExpiresAt` in epoch seconds.
 */
import { RolecallError } from '../errors';
import { ssoEndpoint, ssoRequest, SsoServiceError, type SsoHttpDeps } from './http';

export interface ClientRegistration {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly expiresAt: Date;
}

export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string;
  readonly expiresInSeconds: number;
  readonly intervalSeconds: number;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  readonly refreshToken?: string;
}

export type TokenGrant =
  | { grantType: 'urn:ietf:params:oauth:grant-type:device_code'; deviceCode: string }
  | { grantType: 'authorization_code'; code: string; codeVerifier: string; redirectUri: string }
  | { grantType: 'refresh_token'; refreshToken: string };

const CLIENT_NAME = 'rolecall';

/**
 * Registers a public client. With `redirectUri` it is registered for the authorization-code flow,
 * as the AWS CLI does (`issuerUrl` = the start URL); without, for the device flow.
 */
export async function registerClient(
  deps: SsoHttpDeps,
  input: { region: string; startUrl: string; scopes: readonly string[]; redirectUri?: string; signal?: AbortSignal },
): Promise<ClientRegistration> {
  const body: Record<string, unknown> = { clientName: CLIENT_NAME, clientType: 'public' };
  if (input.scopes.length) body.scopes = input.scopes;
  if (input.redirectUri) Object.assign(body, { grantTypes: ['authorization_code', 'refresh_token'], redirectUris: [input.redirectUri], issuerUrl: input.startUrl });
  const out = await call(deps, input.region, '/client/register', body, 'RegisterClient', input.signal);
  return { clientId: need(out, 'clientId'), clientSecret: need(out, 'clientSecret'), expiresAt: new Date(num(out, 'clientSecretExpiresAt') * 1000) };
}

export async function startDeviceAuthorization(
  deps: SsoHttpDeps,
  input: { region: string; startUrl: string; client: ClientRegistration; signal?: AbortSignal },
): Promise<DeviceAuthorization> {
  const out = await call(deps, input.region, '/device_authorization', { clientId: input.client.clientId, clientSecret: input.client.clientSecret, startUrl: input.startUrl }, 'StartDeviceAuthorization', input.signal);
  const verificationUri = need(out, 'verificationUri');
  return {
    deviceCode: need(out, 'deviceCode'),
    userCode: need(out, 'userCode'),
    verificationUri,
    verificationUriComplete: typeof out.verificationUriComplete === 'string' ? out.verificationUriComplete : verificationUri,
    expiresInSeconds: num(out, 'expiresIn'),
    intervalSeconds: typeof out.interval === 'number' && out.interval > 0 ? out.interval : 5,
  };
}

/**
 * CreateToken. Errors are left as {@link SsoServiceError} for the flows, which each give
 * `authorization_pending`, `slow_down`, `expired_token`, `invalid_grant` their own meaning.
 */
export async function createToken(
  deps: SsoHttpDeps,
  input: { region: string; client: ClientRegistration; grant: TokenGrant; scopes?: readonly string[]; signal?: AbortSignal },
): Promise<IssuedToken> {
  const body: Record<string, unknown> = { clientId: input.client.clientId, clientSecret: input.client.clientSecret, ...input.grant };
  if (input.scopes?.length) body.scope = input.scopes;
  const url = `${ssoEndpoint('oidc', input.region, deps.env)}/token`;
  const out = await ssoRequest(deps, url, { method: 'POST', body, ...(input.signal ? { signal: input.signal } : {}) });
  const token: IssuedToken = { accessToken: need(out, 'accessToken'), expiresInSeconds: num(out, 'expiresIn') };
  return typeof out.refreshToken === 'string' && out.refreshToken ? { ...token, refreshToken: out.refreshToken } : token;
}

async function call(deps: SsoHttpDeps, region: string, path: string, body: Record<string, unknown>, op: string, signal: AbortSignal | undefined): Promise<Record<string, unknown>> {
  try {
    return await ssoRequest(deps, `${ssoEndpoint('oidc', region, deps.env)}${path}`, { method: 'POST', body, ...(signal ? { signal } : {}) });
  } catch (e) {
    throw e instanceof SsoServiceError ? signInRefused(op, e) : e;
  }
}

/** A refusal from the OIDC service as a user-facing error (never with the request's secrets). */
export function signInRefused(op: string, e: SsoServiceError): RolecallError {
  const why = e.description ? `: ${e.description}` : '';
  const action =
    e.errorType === 'InvalidRequestException' || e.errorType === 'InvalidClientException'
      ? 'Check sso_start_url and sso_region in your sso-session (the start URL must belong to an IAM Identity Center instance in that region).'
      : e.status === 429 || e.status >= 500
        ? 'The service is busy or failing; try again in a minute.'
        : 'Run the sign-in again.';
  return new RolecallError('SsoSignInFailed', `IAM Identity Center refused ${op} (${e.errorType})${why}.`, { action, details: { operation: op, errorType: e.errorType } });
}

function need(out: Record<string, unknown>, key: string): string {
  const v = out[key];
  if (typeof v !== 'string' || v === '') throw malformed(key);
  return v;
}

function num(out: Record<string, unknown>, key: string): number {
  const v = out[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw malformed(key);
  return v;
}

function malformed(key: string): RolecallError {
  return new RolecallError('SsoSignInFailed', `IAM Identity Center answered without a valid "${key}".`, { action: 'Check AWS_ENDPOINT_URL_SSO_OIDC / proxy settings, then try again.' });
}
