import { describe, expect, it } from 'vitest';
import { createRetryPolicy, isRetryable, type RetryErrorInfo } from '../../../electron/core/sts/retry-policy';

const info = (errorType: RetryErrorInfo['errorType'], name = 'X', extra: Partial<RetryErrorInfo> = {}): RetryErrorInfo => ({
  errorType,
  error: { name, $metadata: {} },
  ...extra,
});

describe('isRetryable', () => {
  it.each([
    ['THROTTLING', 'Throttling', 'standard', true],
    ['THROTTLING', 'Throttling', 'mfa', true],
    ['TRANSIENT', 'TimeoutError', 'standard', true],
    ['TRANSIENT', 'TimeoutError', 'mfa', false],
    ['TRANSIENT', 'InternalFailure', 'mfa', false],
    ['SERVER_ERROR', 'NotImplemented', 'standard', false],
    ['CLIENT_ERROR', 'AccessDenied', 'standard', false],
    // even if the SDK classifies them as transient (clock-skew corrected), auth errors are final
    ['TRANSIENT', 'SignatureDoesNotMatch', 'standard', false],
    ['TRANSIENT', 'AccessDenied', 'standard', false],
    ['TRANSIENT', 'AbortError', 'standard', false],
  ] as const)('%s %s under %s → %s', (type, name, kind, expected) => {
    expect(isRetryable(info(type, name), kind)).toBe(expected);
  });
});

describe('createRetryPolicy', () => {
  it('stops at maxAttempts', async () => {
    const policy = createRetryPolicy({ maxAttempts: 3, kind: 'standard', random: () => 0 });
    let token = await policy.acquireInitialRetryToken('');
    token = await policy.refreshRetryTokenForRetry(token, info('THROTTLING'));
    token = await policy.refreshRetryTokenForRetry(token, info('THROTTLING'));
    expect(token.getRetryCount()).toBe(2);
    await expect(policy.refreshRetryTokenForRetry(token, info('THROTTLING'))).rejects.toThrow();
  });

  it('backs off exponentially with jitter, throttling slower, capped', async () => {
    const policy = createRetryPolicy({ maxAttempts: 10, kind: 'standard', baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 });
    let token = await policy.acquireInitialRetryToken('');
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      token = await policy.refreshRetryTokenForRetry(token, info('TRANSIENT'));
      delays.push(token.getRetryDelay());
    }
    expect(delays).toEqual([99, 199, 399, 799, 999]);
    const first = await policy.refreshRetryTokenForRetry(await policy.acquireInitialRetryToken(''), info('THROTTLING'));
    expect(first.getRetryDelay()).toBe(499);
  });

  it('honours a Retry-After hint up to the cap', async () => {
    const policy = createRetryPolicy({ maxAttempts: 3, kind: 'standard', maxDelayMs: 2000, random: () => 0 });
    const token = await policy.refreshRetryTokenForRetry(await policy.acquireInitialRetryToken(''), info('THROTTLING', 'Throttling', { retryAfterHint: new Date(Date.now() + 60_000) }));
    expect(token.getRetryDelay()).toBe(2000);
  });
});
