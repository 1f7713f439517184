/**
 * The retry policy for STS calls, plugged into the SDK's retry middleware (its `RetryStrategyV2`
 * contract).
 *
 * Why not the SDK's standard strategy as is: it retries anything "transient", and for a call that
 * carries an MFA code that is wrong. A 5xx or a timeout may come *after* STS accepted the code; the
 * retry then sends a spent code and the user sees "MFA code not accepted" for a code that was fine.
 * So MFA-bearing calls retry only throttling (rejected before the code is looked at), other calls
 * also retry network failures and 5xx, and nothing ever retries an auth or validation error.
 */

/** Structural copy of the SDK's retry token / strategy types (keeps @smithy/types out of our API). */
export interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}
export interface RetryErrorInfo {
  error?: unknown;
  errorType: 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR';
  retryAfterHint?: Date;
}
export interface RetryStrategy {
  acquireInitialRetryToken(scope: string): Promise<RetryToken>;
  refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken>;
  recordSuccess(token: RetryToken): void;
}

/** `mfa`: the request carries a TOTP code, so only retries that cannot have consumed it. */
export type RetryKind = 'standard' | 'mfa';

/** Codes that mean "this request will fail the same way again": never retried. */
const NEVER = new Set([
  'AccessDenied', 'AccessDeniedException', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'IncompleteSignature',
  'ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'ValidationError', 'MalformedPolicyDocument',
  'MalformedPolicyDocumentException', 'PackedPolicyTooLarge', 'PackedPolicyTooLargeException', 'RegionDisabledException',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { Code?: unknown; name?: unknown };
  if (typeof e.Code === 'string') return e.Code;
  return typeof e.name === 'string' ? e.name : undefined;
}

/** Whether a failed attempt may be retried under the given policy (attempt limits aside). */
export function isRetryable(info: RetryErrorInfo, kind: RetryKind): boolean {
  const code = errorCode(info.error);
  if (code === 'AbortError' || (code !== undefined && NEVER.has(code))) return false;
  if (info.errorType === 'THROTTLING') return true;
  return kind === 'standard' && info.errorType === 'TRANSIENT';
}

export interface RetryPolicyOptions {
  maxAttempts: number;
  kind: RetryKind;
  /** Base of the exponential backoff for network/5xx; throttling uses five times this. Default 100 ms. */
  baseDelayMs?: number;
  /** Upper bound of one backoff delay. Default 5 s. */
  maxDelayMs?: number;
  random?: () => number;
}

const token = (count: number, delay: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => delay });

/**
 * Backoff is "full jitter" (a random delay up to the exponential bound) so many refreshes failing
 * together do not retry in lock step; the SDK's middleware waits out the token's delay and stops
 * waiting when the call's deadline aborts it.
 */
export function createRetryPolicy(opts: RetryPolicyOptions): RetryStrategy {
  const base = opts.baseDelayMs ?? 100;
  const cap = opts.maxDelayMs ?? 5000;
  const random = opts.random ?? Math.random;
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    refreshRetryTokenForRetry: async (previous, info) => {
      const attempt = previous.getRetryCount() + 1;
      if (attempt >= opts.maxAttempts || !isRetryable(info, opts.kind)) {
        // The middleware rethrows the attempt's own error when this rejects.
        throw new Error('no retry');
      }
      const unit = info.errorType === 'THROTTLING' ? base * 5 : base;
      let delay = Math.floor(random() * Math.min(cap, unit * 2 ** previous.getRetryCount()));
      if (info.retryAfterHint) delay = Math.min(cap, Math.max(delay, info.retryAfterHint.getTime() - Date.now()));
      return token(attempt, Math.max(0, delay));
    },
    recordSuccess: () => undefined,
  };
}
