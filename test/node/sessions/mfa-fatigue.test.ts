/**
 * #13 medium 5, the rules on their own: a waiting job whose caller went away leaves the queue, a
 * cancel starts a cool-down for unattended waits only (driven by the ManualClock), the prompt lists
 * who asked, and a resolve shared by several callers is aborted only when the last one leaves.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CredentialCache } from '../../../electron/core/sessions/credential-cache';
import { ManualClock } from '../../../electron/core/sessions/clock';
import { MFA_COOL_DOWN_SECONDS, MfaBroker, type MfaBrokerEvent } from '../../../electron/core/sessions/mfa-broker';
import type { ResolvedCredentials } from '../../../electron/core/sts/engine-types';

const SERIAL = 'arn:aws:iam::123456789012:mfa/dev';
const noop = async (): Promise<void> => {};

describe('MfaBroker against prompt fatigue', () => {
  it('any subset of callers leaving: the rest stay queued, and the prompt closes when none is left', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), async (leaves) => {
        const events: MfaBrokerEvent[] = [];
        const broker = new MfaBroker((e) => events.push(e));
        const callers = leaves.map((_, i) => ({ ctl: new AbortController(), profile: `p${i}` }));
        const waits = callers.map((c) => broker.wait(SERIAL, c.profile, 'switch', noop, { signal: c.ctl.signal, requestedBy: `credential_process for profile ${c.profile}` }));
        leaves.forEach((leave, i) => leave && callers[i]!.ctl.abort());
        const staying = callers.filter((_, i) => !leaves[i]);
        for (const [i, w] of waits.entries()) if (leaves[i]) await expect(w).rejects.toMatchObject({ code: 'MfaRequired', message: expect.stringContaining('went away') });
        if (staying.length === 0) {
          expect(broker.requests()).toEqual([]);
          expect(events.at(-1)).toEqual({ type: 'resolved', mfaSerial: SERIAL });
          return;
        }
        expect(broker.requests()).toEqual([
          { mfaSerial: SERIAL, reason: 'switch', profiles: staying.map((c) => c.profile), requestedBy: staying.map((c) => `credential_process for profile ${c.profile}`) },
        ]);
        await broker.submit(SERIAL, '123456');
        await Promise.all(waits.filter((_, i) => !leaves[i]));
      }),
      { numRuns: 60 },
    );
  });

  it('a cancel refuses unattended waits for the cool-down, attended ones never', async () => {
    const clock = new ManualClock(new Date('2026-03-01T12:00:00Z'));
    const events: MfaBrokerEvent[] = [];
    const broker = new MfaBroker((e) => events.push(e), () => clock.now());
    const first = broker.wait(SERIAL, 'admin', 'switch', noop, { unattended: true });
    broker.cancel(SERIAL);
    await expect(first).rejects.toMatchObject({ code: 'MfaRequired' });
    await expect(broker.wait(SERIAL, 'admin', 'switch', noop, { unattended: true })).rejects.toMatchObject({
      code: 'MfaRequired',
      message: `The MFA prompt for ${SERIAL} was just cancelled; Rolecall does not ask again for ${MFA_COOL_DOWN_SECONDS} s.`,
      details: { waitSeconds: MFA_COOL_DOWN_SECONDS },
    });
    expect(events.filter((e) => e.type === 'required')).toHaveLength(1);
    // the user at the screen switching again is asked at once
    const attended = broker.wait(SERIAL, 'admin', 'switch', noop);
    expect(events.filter((e) => e.type === 'required')).toHaveLength(2);
    await broker.submit(SERIAL, '123456');
    await attended;
    await clock.advance(MFA_COOL_DOWN_SECONDS * 1000 - 1);
    await expect(broker.wait(SERIAL, 'admin', 'switch', noop, { unattended: true })).rejects.toMatchObject({ details: { waitSeconds: 1 } });
    await clock.advance(1);
    const later = broker.wait(SERIAL, 'admin', 'switch', noop, { unattended: true });
    expect(broker.requests()).toHaveLength(1);
    await broker.submit(SERIAL, '654321');
    await later;
  });
});

describe('CredentialCache sharing one resolve', () => {
  const resolved = (): ResolvedCredentials =>
    ({ credentials: { accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 't', expiration: new Date('2030-01-01T00:00:00Z') }, kind: 'assumed-role-direct', identityArn: 'arn' }) as ResolvedCredentials;

  it('aborts the shared resolve only when every caller has gone; a caller after that starts afresh', async () => {
    const clock = new ManualClock(new Date('2026-03-01T12:00:00Z'));
    const signals: AbortSignal[] = [];
    const finishers: Array<(r: ResolvedCredentials) => void> = [];
    const cache = new CredentialCache(clock, (_p, opts) => {
      signals.push(opts.prompt!.signal!);
      return new Promise((resolve, reject) => {
        finishers.push(resolve);
        opts.prompt!.signal!.addEventListener('abort', () => reject(new Error('prompt ended')));
      });
    });
    const [a, b, c] = [new AbortController(), new AbortController(), new AbortController()];
    const ga = cache.get('admin', { minRemainingSeconds: 960, promptForMfa: true, prompt: { signal: a.signal } });
    const gb = cache.get('admin', { minRemainingSeconds: 960, promptForMfa: true, prompt: { signal: b.signal } });
    expect(signals).toHaveLength(1);
    a.abort();
    expect(signals[0]!.aborted).toBe(false);
    b.abort();
    expect(signals[0]!.aborted).toBe(true);
    await expect(ga).rejects.toThrow('prompt ended');
    await expect(gb).rejects.toThrow('prompt ended');
    const gc = cache.get('admin', { minRemainingSeconds: 960, promptForMfa: true, prompt: { signal: c.signal } });
    expect(signals).toHaveLength(2);
    finishers[1]!(resolved());
    await expect(gc).resolves.toMatchObject({ accessKeyId: 'ASIA1' });
  });
});
