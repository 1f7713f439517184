/**
 * Every fault the loopback STS can inject, in each place STS is called — a switch, a scheduled
 * refresh (ManualClock: no sleeping), and credential_process over the app's socket. For each: the
 * mapped error (code, message, action), session state that still matches the file, the file
 * untouched; refreshes retried with growing backoff when retrying can help (network, throttling,
 * 5xx) and never when it cannot (denied, expired, skew, a wrong MFA code).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/core/keychain/memory-store';
import { requestFromApp, startCredentialServer } from '../../electron/core/credential-process';
import type { SessionEvent } from '../../electron/core/sessions/types';
import { MFA_SERIAL, createWorld, type World } from '../fixtures/core-harness';
import type { FaultSpec } from '../fixtures/loopback-sts';
import { failure } from './helpers';

/** Room for the SDK's own throttling retries (up to ~1.5 s of backoff) inside one call's deadline. */
const TIMEOUT_MS = 2500;
/** The stall case runs with a short deadline so it costs little wall time. */
const STALL_TIMEOUT_MS = 500;
type Case = [label: string, fault: Omit<FaultSpec, 'action'>, code: string, retryable: boolean];
/**
 * Faults that say AWS no longer accepts the cached MFA session itself (the first AssumeRole is made
 * with it): Rolecall drops that session and asks for a new code instead of failing the same way
 * until it times out. A switch without a prompt reports MfaRequired; a refresh or credential_process
 * opens the MFA prompt.
 */
const DROPS_MFA_SESSION = new Set(['ExpiredToken', 'InvalidClientTokenId']);
const FAULTS: Case[] = [
  ['stall past the deadline', { kind: 'delay', delayMs: STALL_TIMEOUT_MS + 400 }, 'NetworkError', true],
  ['HTTP 500', { kind: 'internal' }, 'StsError', true],
  ['throttling', { kind: 'throttle' }, 'Throttled', true],
  ['AccessDenied', { kind: 'accessDenied' }, 'AccessDenied', false],
  ['ExpiredToken', { kind: 'expiredToken' }, 'ExpiredToken', false],
  ['InvalidClientTokenId', { kind: 'invalidClientTokenId' }, 'InvalidClientTokenId', false],
  ['clock skew', { kind: 'skew' }, 'ClockSkew', false],
];

let world: World;
let events: SessionEvent[];
beforeEach(async () => {
  world = await createWorld({ secrets: new MemorySecretStore(), credentials: '# mine\n[keep]\nregion = eu-west-1\n' });
  events = [];
});
afterEach(async () => {
  world.sts.clearFaults();
  await world.close();
});

async function activeCore(settings: { sessionDurationSeconds?: number; stall?: boolean } = {}) {
  const core = await world.core({ stsTimeoutMs: settings.stall ? STALL_TIMEOUT_MS : TIMEOUT_MS });
  await core.updateSettings({ leadTimeSeconds: 300, sessionDurationSeconds: settings.sessionDurationSeconds ?? 43_200 });
  await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
  core.on((e) => events.push(e));
  await core.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL) });
  return core;
}

const assumeRoleCalls = () => world.sts.calls.filter((c) => c.action === 'AssumeRole').length;
const errorEvents = () => events.filter((e) => e.type === 'session-error');
/** The refresh the clock just started has ended (its SDK retries included) in one more session-error. */
async function nextError(core: { whenIdle(): Promise<void> }, seen: number): Promise<void> {
  await core.whenIdle();
  expect(errorEvents()).toHaveLength(seen + 1);
}
const snapshot = (core: Awaited<ReturnType<typeof activeCore>>) => core.sessions().map((s) => ({ target: s.target, profile: s.profile, expiresAt: s.expiresAt }));

describe('STS faults during a switch', () => {
  it.each(FAULTS)('%s → %s; the session and the file stay as they were', async (_label, fault, expected) => {
    let code = expected;
    const core = await activeCore({ stall: fault.kind === 'delay' });
    const before = world.read('credentials');
    const sessions = snapshot(core);
    world.sts.injectFault({ ...fault, action: 'AssumeRole' });
    if (DROPS_MFA_SESSION.has(code)) code = 'MfaRequired';
    const e = await failure(core.switchTo('readonly', { target: 'work' }));
    expect(e.code).toBe(code);
    expect(e.message.length).toBeGreaterThan(20);
    expect(e.action).toBeTruthy();
    expect(e.message + e.action).not.toContain(world.keys.secretAccessKey);
    expect(world.read('credentials')).toBe(before);
    expect(snapshot(core)).toEqual(sessions);
    expect(core.sessions()[0]!.status).toBe('active');
  });

  it('a wrong code and a reused code are refused with their own messages; nothing is written', async () => {
    const core = await activeCore();
    await core.signOutAll(); // forgets the MFA session: the next switch needs a code
    const code = world.sts.totp(MFA_SERIAL);
    const wrong = await failure(core.switchTo('admin', { target: 'work', mfaCode: code === '123456' ? '654321' : '123456' }));
    expect(wrong.code).toBe('MfaInvalid');
    expect(wrong.message).toBe(`The MFA code was not accepted for ${MFA_SERIAL}.`);
    expect(wrong.action).toMatch(/next code/);
    expect(world.read('credentials')).toBe('# mine\n[keep]\nregion = eu-west-1\n');
    await world.clock.advance(30_000);
    const fresh = world.sts.totp(MFA_SERIAL);
    await core.switchTo('admin', { target: 'work', mfaCode: fresh });
    await core.signOutAll();
    const reused = await failure(core.switchTo('admin', { target: 'work', mfaCode: fresh }));
    expect(reused.code).toBe('MfaCodeReused');
    expect(Number(reused.details.waitSeconds)).toBeGreaterThan(0);
    expect(core.sessions()).toEqual([]);
    expect(world.read('credentials')).toBe('# mine\n[keep]\nregion = eu-west-1\n');
  });
});

describe('STS faults during a scheduled refresh', () => {
  it.each(FAULTS)('%s → %s; retried with backoff only when retrying can help', async (_label, fault, code, retryable) => {
    const core = await activeCore({ stall: fault.kind === 'delay' });
    const before = world.read('credentials');
    const expiresAt = core.sessions()[0]!.expiresAt;
    world.sts.injectFault({ ...fault, action: 'AssumeRole' });
    const calls0 = assumeRoleCalls();
    await world.clock.advance(55 * 60_000 + 1000); // past the 5-min lead time of the 1 h session
    await nextError(core, 0);
    if (DROPS_MFA_SESSION.has(code)) {
      // the dead MFA session is dropped and the expiry prompt opens, once; the file is untouched
      expect(core.pendingMfa()).toEqual([{ mfaSerial: MFA_SERIAL, profiles: ['admin'], reason: 'expiring' }]);
      expect(core.sessions()[0]!.status).toBe('waiting-for-mfa');
      expect(world.read('credentials')).toBe(before);
      world.sts.clearFaults();
      await core.submitMfaCode(MFA_SERIAL, world.sts.totp(MFA_SERIAL));
      expect(core.sessions()[0]!.status).toBe('active');
      expect(world.read('credentials')).not.toBe(before);
      return;
    }
    const s = core.sessions()[0]!;
    expect(s.status).toBe('error');
    expect(s.lastError?.code).toBe(code);
    expect(s.expiresAt).toBe(expiresAt);
    expect(errorEvents().map((e) => e.type === 'session-error' && e.error.code)).toEqual([code]);
    expect(world.read('credentials')).toBe(before);
    const calls1 = assumeRoleCalls();
    expect(calls1).toBeGreaterThan(calls0);

    if (!retryable) {
      // nothing is tried again, however long we wait; at expiry the section goes
      await world.clock.advance(4 * 60_000 - 1000);
      await world.clock.advance(60_000); // 60 min: the session's end
      await core.whenIdle();
      expect(events.filter((e) => e.type === 'session-expired')).toHaveLength(1);
      expect(world.read('credentials')).toBe('# mine\n[keep]\nregion = eu-west-1\n');
      expect(core.sessions()).toEqual([]);
      // checked after the expiry, which ran after every deadline before it: no retry was scheduled
      expect(assumeRoleCalls()).toBe(calls1);
      expect(errorEvents()).toHaveLength(1);
      return;
    }
    // 15 s later it is tried again; the next try waits 30 s (backoff), not 15
    await world.clock.advance(15_000);
    await nextError(core, 1);
    const calls2 = assumeRoleCalls();
    expect(calls2).toBeGreaterThan(calls1);
    await world.clock.advance(15_000);
    await core.whenIdle();
    expect(assumeRoleCalls()).toBe(calls2);
    expect(errorEvents()).toHaveLength(2);
    world.sts.clearFaults();
    await world.clock.advance(15_000);
    await core.whenIdle();
    expect(core.sessions()[0]?.status).toBe('active');
    // no try ran while the fault was still injected between the second failure and this success
    expect(errorEvents()).toHaveLength(2);
    const after = core.sessions()[0]!;
    expect(after.lastError).toBeUndefined();
    expect(Date.parse(after.expiresAt)).toBeGreaterThan(Date.parse(expiresAt));
    expect(world.read('credentials')).not.toBe(before);
    expect(world.read('credentials').startsWith('# mine\n[keep]\nregion = eu-west-1\n')).toBe(true);
  });

  it('a wrong code typed into the expiry prompt is never retried; the prompt stays open for a right one', async () => {
    const core = await activeCore({ sessionDurationSeconds: 900 }); // the MFA session is gone by refresh time
    await world.clock.advance(55 * 60_000 + 1000);
    await core.whenIdle();
    expect(core.pendingMfa()).toEqual([{ mfaSerial: MFA_SERIAL, profiles: ['admin'], reason: 'expiring' }]);
    const before = world.read('credentials');
    const withCode = () => world.sts.calls.filter((c) => c.params.TokenCode === 'present').length;
    const codes0 = withCode();
    const right = world.sts.totp(MFA_SERIAL);
    const e = await failure(core.submitMfaCode(MFA_SERIAL, right === '111111' ? '222222' : '111111'));
    expect(e.code).toBe('MfaInvalid');
    expect(withCode()).toBe(codes0 + 1);
    await world.clock.advance(60_000);
    await core.whenIdle();
    expect(withCode()).toBe(codes0 + 1);
    expect(core.pendingMfa()).toHaveLength(1);
    expect(world.read('credentials')).toBe(before);
    await core.submitMfaCode(MFA_SERIAL, world.sts.totp(MFA_SERIAL));
    expect(core.pendingMfa()).toEqual([]);
    expect(core.sessions()[0]!.status).toBe('active');
    expect(world.read('credentials')).not.toBe(before);
  });
});

describe('STS faults during credential_process (served over the app socket)', () => {
  it.each(FAULTS)('%s → %s over the socket; nothing written, and the next call works', async (_label, fault, code) => {
    const core = await activeCore({ stall: fault.kind === 'delay' });
    await core.signOut('work');
    const before = world.read('credentials');
    const server = await startCredentialServer(core, { dir: world.appDataDir });
    try {
      world.sts.injectFault({ ...fault, action: 'AssumeRole' });
      if (DROPS_MFA_SESSION.has(code)) {
        // the app's MFA popup serves the caller: one prompt, a code, and the caller gets credentials
        const prompted = new Promise<void>((resolve) => {
          const off = core.on((e) => e.type === 'mfa-required' && (off(), resolve()));
        });
        const answered = requestFromApp({ dir: world.appDataDir, profile: 'readonly', timeoutMs: 20_000 });
        await prompted;
        expect(core.pendingMfa()).toHaveLength(1);
        world.sts.clearFaults();
        await world.clock.advance(30_000); // the next TOTP step: the switch above spent this one's code
        await core.submitMfaCode(MFA_SERIAL, world.sts.totp(MFA_SERIAL));
        expect(await answered).toMatchObject({ ok: true, output: { Version: 1 } });
        expect(world.read('credentials')).toBe(before);
        return;
      }
      const answer = await requestFromApp({ dir: world.appDataDir, profile: 'readonly', timeoutMs: 20_000 });
      expect(answer).toMatchObject({ ok: false, error: { code } });
      expect(JSON.stringify(answer)).not.toMatch(/stack|at .*\.ts:/);
      expect(world.read('credentials')).toBe(before);
      world.sts.clearFaults();
      const ok = await requestFromApp({ dir: world.appDataDir, profile: 'readonly', timeoutMs: 20_000 });
      expect(ok).toMatchObject({ ok: true, output: { Version: 1 } });
      expect(world.read('credentials')).toBe(before);
    } finally {
      await server.close();
    }
  });
});

describe('a cached MFA session STS no longer accepts', () => {
  // Once a bug: the dead MFA session stayed cached in the keychain, so every switch and refresh kept
  // presenting it until it expired by the clock (12 h by default) or the user signed out of all.
  it('when AWS rejects the cached MFA session (ExpiredToken), it is dropped and a new code is asked for', async () => {
    const core = await activeCore();
    world.sts.injectFault({ kind: 'expiredToken', action: 'AssumeRole', times: 1 });
    expect((await failure(core.switchTo('readonly', { target: 'ro' }))).code).toBe('MfaRequired');
    expect((await failure(core.switchTo('readonly', { target: 'ro' }))).code).toBe('MfaRequired');
  });
});
