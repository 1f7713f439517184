/**
 * The two IAM Identity Center services speak plain REST-JSON without SigV4 (the OIDC service takes
 * the client secret in the body, the portal a bearer token in `x-amz-sso_bearer_token`), so they are
 * called with `fetch` here rather than through SDK clients: `@aws-sdk/client-sso(-oidc)` have no
 * release on client-sts's version line and would pull a second SDK core into the app.
 *
 * Endpoints follow the SDK's own resolution: `AWS_ENDPOINT_URL_SSO_OIDC` / `AWS_ENDPOINT_URL_SSO`,
 * then `AWS_ENDPOINT_URL`, then the regional AWS host — each override through the one endpoint
 * rule (https, or http to loopback only), since these calls carry tokens and return secrets.
 */
import { RolecallError } from '../errors';
import { endpointOverrideProblem } from '../sts/endpoint-policy';

export type SsoService = 'oidc' | 'portal';

export interface SsoHttpDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Deadline for one request. Default 10 s. */
  readonly timeoutMs?: number;
}

/** A service's answer that was not 2xx: the AWS error name (`AuthorizationPendingException`…) and status. */
export class SsoServiceError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    readonly description: string,
  ) {
    super(`${errorType} (${status})`);
    this.name = 'SsoServiceError';
  }
}

const VARIABLE: Record<SsoService, string> = { oidc: 'AWS_ENDPOINT_URL_SSO_OIDC', portal: 'AWS_ENDPOINT_URL_SSO' };

/** The service's base URL for `region`, with any override checked. */
export function ssoEndpoint(service: SsoService, region: string, env: SsoHttpDeps['env']): string {
  for (const variable of [VARIABLE[service], 'AWS_ENDPOINT_URL']) {
    const value = env[variable];
    if (!value) continue;
    const problem = endpointOverrideProblem(value, variable);
    if (problem) throw problem;
    return value.replace(/\/+$/, '');
  }
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return service === 'oidc' ? `https://oidc.${region}.${suffix}` : `https://portal.sso.${region}.${suffix}`;
}

/**
 * One JSON request. Transport failures become NetworkError; a non-2xx answer an {@link SsoServiceError}
 * for the caller to map (its meaning differs per operation). Bodies are never put into messages.
 */
export async function ssoRequest(
  deps: SsoHttpDeps,
  url: string,
  init: { method: 'GET' | 'POST'; body?: Record<string, unknown>; headers?: Record<string, string>; signal?: AbortSignal },
): Promise<Record<string, unknown>> {
  const deadline = AbortSignal.timeout(deps.timeoutMs ?? 10_000);
  const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      signal,
      redirect: 'error',
    });
  } catch (e) {
    if (init.signal?.aborted) throw cancelled();
    const host = new URL(url).host;
    throw new RolecallError('NetworkError', deadline.aborted ? `${host} did not answer in time.` : `Cannot reach ${host}.`, {
      action: 'Check your network connection (and HTTPS_PROXY, if you use one), then try again.',
      cause: e,
    });
  }
  const text = await res.text().catch(() => '');
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // an HTML error page from a proxy: the status says enough
  }
  if (res.ok) return body;
  const typeHeader = res.headers.get('x-amzn-errortype') ?? '';
  const errorType = typeHeader.split(':')[0] || String(body.__type ?? body.error ?? '').split('#').pop() || `Http${res.status}`;
  const description = typeof body.error_description === 'string' ? body.error_description : typeof body.message === 'string' ? body.message : '';
  throw new SsoServiceError(res.status, errorType, description.slice(0, 300));
}

/** The user (or the app) stopped a sign-in. */
export function cancelled(): RolecallError {
  return new RolecallError('SsoSignInFailed', 'The sign-in was cancelled.', { action: 'Run the sign-in again when you are ready.', details: { reason: 'cancelled' } });
}
