/**
 * The `exec --server` refresher on the ManualClock: a new session is fetched in the background
 * ahead of expiry (16 min ahead, or half of a short session), requests are answered from memory
 * in between, a failed refresh keeps the held session and tries again, and nothing runs after stop.
 * Session lengths are generated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionCredentials } from '../../../electron/core/facade/app-core-types';
import { CredentialRefresher, REFRESH_LEAD_MS } from '../../../electron/core/container-credentials/refresher';
import { ManualClock } from '../../../electron/core/sessions/clock';

function sessionSource(clock: ManualClock, lifetimeMs: number) {
  const asked: number[] = [];
  let n = 0;
  let failNext = 0;
  return {
    asked,
    failTimes: (k: number) => (failNext = k),
    fetch: async (minRemainingSeconds: number): Promise<SessionCredentials> => {
      asked.push(minRemainingSeconds);
      if (failNext > 0) {
        failNext--;
        throw new Error('STS is down');
      }
      n++;
      return { accessKeyId: `ASIA${n}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(clock.now() + lifetimeMs), kind: 'assumed-role-chained', identityArn: 'arn:aws:sts::1:assumed-role/R/x' };
    },
  };
}

describe('CredentialRefresher', () => {
  it('refreshes ahead of every expiry and serves the held session in between', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 900, max: 43_200 }), async (seconds) => {
        const clock = new ManualClock(0);
        const lifetime = seconds * 1000;
        const src = sessionSource(clock, lifetime);
        const errors: unknown[] = [];
        const r = new CredentialRefresher({ clock, fetch: src.fetch, onError: (e) => errors.push(e) });
        expect((await r.start(960)).accessKeyId).toBe('ASIA1');
        const lead = CredentialRefresher.leadMs(lifetime);
        expect(lead).toBe(Math.min(REFRESH_LEAD_MS, lifetime / 2));
        for (let k = 1; k <= 3; k++) {
          await clock.advance(lifetime - lead - 1);
          expect((await r.credentials()).accessKeyId).toBe(`ASIA${k}`); // from memory, no fetch
          await clock.advance(1);
          await new Promise((res) => setImmediate(res));
          const now = await r.credentials();
          expect(now.accessKeyId).toBe(`ASIA${k + 1}`);
          expect(now.expiration.getTime()).toBeGreaterThan(clock.now());
        }
        expect(src.asked).toEqual([960, ...Array(3).fill(Math.ceil(lead / 1000) + 1)]);
        expect(errors).toEqual([]);
        r.stop();
        expect(clock.pendingTimers()).toBe(0);
      }),
      { numRuns: 20 },
    );
  });

  it('a failed refresh keeps serving the held session, retries, and recovers', async () => {
    const clock = new ManualClock(0);
    const src = sessionSource(clock, 3_600_000);
    const errors: unknown[] = [];
    const r = new CredentialRefresher({ clock, fetch: src.fetch, onError: (e) => errors.push(e) });
    await r.start(960);
    src.failTimes(2);
    await clock.advance(3_600_000 - REFRESH_LEAD_MS);
    expect(errors).toHaveLength(1);
    expect((await r.credentials()).accessKeyId).toBe('ASIA1');
    await clock.advance(60_000); // two retries at most 30 s apart
    expect(errors).toHaveLength(2);
    expect((await r.credentials()).accessKeyId).toBe('ASIA2');
    r.stop();
  });

  it('when the held session is nearly over, a request waits for a fresh one instead of getting it', async () => {
    const clock = new ManualClock(0);
    const src = sessionSource(clock, 3_600_000);
    const r = new CredentialRefresher({ clock, fetch: src.fetch, onError: () => undefined });
    await r.start(960);
    r.stop(); // no background refresh: the request itself must notice
    await clock.advance(3_600_000 - REFRESH_LEAD_MS / 4);
    expect((await r.credentials()).accessKeyId).toBe('ASIA2');
  });
});
