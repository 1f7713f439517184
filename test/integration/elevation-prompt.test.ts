/**
 * The app's side of W4 (holder 'app', which has the MFA popup), on the real keychain and the
 * signature-verifying loopback STS, with the world's injected clock: an elevated session whose
 * baseline's MFA session has expired asks once — the elevated session has ended before the prompt
 * opens — and a time-boxed one falls back on its own at its deadline, warning two minutes before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { missing } from '../fixtures/components';
import { MFA_SERIAL, W4_CONFIG, createWorld, type World } from '../fixtures/core-harness';
import type { SessionEvent } from '../../electron/core/sessions/types';

describe.skipIf(missing('keyring'))('elevation in the app: one prompt for the baseline, fallback at the deadline', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  async function appCore(w: World) {
    const core = await w.core({ holder: 'app' });
    await core.updateSettings({ elevatedProfiles: ['admin'], sessionDurationSeconds: 900, leadTimeSeconds: 60 });
    await core.addSource({ name: 'me', ...w.keys, mfaSerial: MFA_SERIAL });
    const events: SessionEvent[] = [];
    core.on((e) => events.push(e));
    return { core, events };
  }

  it("asks once for the baseline's code, after the elevated session ended", async () => {
    const w = (world = await createWorld({ config: W4_CONFIG }));
    const { core, events } = await appCore(w);
    await core.switchTo('me', { mfaCode: w.sts.totp(MFA_SERIAL) });
    await core.switchTo('admin', { durationSeconds: 3600 });
    // me's MFA session (900 s) runs out; admin's own session lasts an hour
    await w.clock.advance(901_000);
    await core.whenIdle();
    events.length = 0;

    const asked = new Promise<void>((resolve) => core.on((e) => e.type === 'mfa-required' && resolve()));
    const signingOut = core.signOut('default', { promptForMfa: true });
    await asked;
    expect(core.pendingMfa()).toHaveLength(1);
    expect(w.read('credentials')).not.toContain('[default]');
    expect(events.filter((e) => e.type === 'mfa-required')).toHaveLength(1);
    await w.clock.advance(30_000);
    await core.submitMfaCode(MFA_SERIAL, w.sts.totp(MFA_SERIAL));
    const result = await signingOut;
    expect(result.ended.map((s) => s.profile)).toEqual(['admin']);
    expect(result.fallbacks).toEqual([expect.objectContaining({ target: 'default', from: 'admin', baseline: 'me', restored: expect.objectContaining({ profile: 'me', elevated: false }) })]);
    expect(events.filter((e) => e.type === 'mfa-required')).toHaveLength(1);
    expect(core.sessions().map((s) => s.profile)).toEqual(['me']);
    expect(w.read('credentials')).toMatch(/source=me /);
  });

  it('a time-boxed elevation warns at two minutes, can be extended, and falls back on its own', async () => {
    const w = (world = await createWorld({ config: W4_CONFIG }));
    const { core, events } = await appCore(w);
    await core.updateSettings({ sessionDurationSeconds: 43_200 });
    await core.switchTo('me', { mfaCode: w.sts.totp(MFA_SERIAL) });
    const admin = await core.switchTo('admin', { forSeconds: 600, durationSeconds: 3600 });
    expect(admin).toMatchObject({ elevated: true, baseline: 'me' });
    const deadline = Date.parse(admin.fallsBackAt!);

    await w.clock.advance(480_000);
    await core.whenIdle();
    expect(events).toContainEqual({ type: 'elevation-ending', profile: 'admin', target: 'default', baseline: 'me', secondsLeft: 120 });
    const extended = await core.extend('default', 300);
    expect(Date.parse(extended.fallsBackAt!)).toBe(deadline + 300_000);

    await w.clock.advance(120_000);
    await core.whenIdle();
    expect(core.sessions().map((s) => s.profile)).toEqual(['admin']);
    expect(events.some((e) => e.type === 'fell-back')).toBe(false);

    await w.clock.advance(300_000);
    await core.whenIdle();
    const fell = events.find((e) => e.type === 'fell-back');
    expect(fell).toMatchObject({ type: 'fell-back', profile: 'admin', target: 'default', baseline: 'me', timedOut: true, restored: expect.objectContaining({ profile: 'me' }) });
    expect(core.sessions().map((s) => [s.profile, s.elevated])).toEqual([['me', false]]);
    expect(w.read('credentials')).toMatch(/source=me /);
    // the warning came once for each deadline
    expect(events.filter((e) => e.type === 'elevation-ending')).toHaveLength(2);
  });

  it('an elevated session that runs out unrefreshed falls back to the baseline instead of leaving the target empty', async () => {
    const w = (world = await createWorld({ config: W4_CONFIG }));
    const { core, events } = await appCore(w);
    await core.updateSettings({ sessionDurationSeconds: 43_200 });
    await core.switchTo('me', { mfaCode: w.sts.totp(MFA_SERIAL) });
    const admin = await core.switchTo('admin', { durationSeconds: 900 });
    // AWS now refuses admin's refresh (the role's trust changed): it runs out at its expiry
    w.sts.injectFault({ action: 'AssumeRole', kind: 'accessDenied' });
    // its refresh comes due 60 s before the end, and fails; then it runs out
    await w.clock.advance(Date.parse(admin.expiresAt) - w.clock.now() - 30_000);
    await core.whenIdle();
    expect(events.some((e) => e.type === 'session-error' && e.profile === 'admin')).toBe(true);
    await w.clock.advance(31_000);
    await core.whenIdle();
    expect(events).toContainEqual(expect.objectContaining({ type: 'fell-back', profile: 'admin', baseline: 'me', timedOut: true, restored: expect.objectContaining({ profile: 'me' }) }));
    expect(events.some((e) => e.type === 'session-expired')).toBe(false);
    expect(core.sessions().map((s) => s.profile)).toEqual(['me']);
    expect(w.read('credentials')).toMatch(/source=me /);
  });
});
