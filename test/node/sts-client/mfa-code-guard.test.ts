import { describe, expect, it } from 'vitest';
import { RolecallError } from '../../../electron/core/errors';
import { createMfaCodeGuard, TOTP_STEP_MS } from '../../../electron/core/sts/mfa-code-guard';

const SERIAL = 'arn:aws:iam::111111111111:mfa/alice';
const OTHER = 'arn:aws:iam::111111111111:mfa/bob';
const STEP0 = 1_800_000_000_000 - (1_800_000_000_000 % TOTP_STEP_MS); // a step boundary

function clock(start: number) {
  let t = start;
  return { now: () => t, set: (v: number) => (t = v) };
}

function caught(fn: () => void): RolecallError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RolecallError) return e;
    throw e;
  }
  throw new Error('expected a RolecallError');
}

describe('createMfaCodeGuard', () => {
  it.each(['12345', '1234567', '12a456', ' 123456', '', '１２３４５６'])('rejects %j as not six digits', (code) => {
    const guard = createMfaCodeGuard(() => STEP0);
    const err = caught(() => guard.assertUsable(SERIAL, code));
    expect(err.code).toBe('InvalidInput');
  });

  it('accepts a fresh code and refuses it once used, with the seconds to the next code', () => {
    const c = clock(STEP0 + 12_000);
    const guard = createMfaCodeGuard(c.now);
    guard.assertUsable(SERIAL, '123456');
    guard.markUsed(SERIAL, '123456');
    c.set(STEP0 + 20_500);
    const err = caught(() => guard.assertUsable(SERIAL, '123456'));
    expect(err.code).toBe('MfaCodeReused');
    expect(err.details.waitSeconds).toBe(10); // 9.5 s to the boundary, rounded up
    expect(err.action).toBe('Wait 10 s for the next code, then enter it.');
    expect(err.message).not.toContain('123456');
  });

  it('keeps refusing through the next step (AWS remembers used codes that long)', () => {
    const c = clock(STEP0 + 29_999);
    const guard = createMfaCodeGuard(c.now);
    guard.markUsed(SERIAL, '123456');
    c.set(STEP0 + TOTP_STEP_MS); // boundary: next step begins
    expect(caught(() => guard.assertUsable(SERIAL, '123456')).details.waitSeconds).toBe(30);
    c.set(STEP0 + 2 * TOTP_STEP_MS - 1); // last millisecond of the next step
    expect(caught(() => guard.assertUsable(SERIAL, '123456')).details.waitSeconds).toBe(1);
    c.set(STEP0 + 2 * TOTP_STEP_MS); // two steps later the code may come round again
    expect(() => guard.assertUsable(SERIAL, '123456')).not.toThrow();
  });

  it('tracks codes per device and lets other codes through', () => {
    const guard = createMfaCodeGuard(() => STEP0);
    guard.markUsed(SERIAL, '123456');
    expect(() => guard.assertUsable(OTHER, '123456')).not.toThrow();
    expect(() => guard.assertUsable(SERIAL, '654321')).not.toThrow();
  });

  it('release() forgets a code STS never evaluated', () => {
    const guard = createMfaCodeGuard(() => STEP0);
    guard.markUsed(SERIAL, '123456');
    guard.release(SERIAL, '123456');
    expect(() => guard.assertUsable(SERIAL, '123456')).not.toThrow();
  });

  it('stays bounded: expired entries are pruned and the oldest dropped past the cap', () => {
    const c = clock(STEP0);
    const guard = createMfaCodeGuard(c.now, { maxEntries: 3 });
    for (const code of ['000001', '000002', '000003', '000004']) guard.markUsed(SERIAL, code);
    expect(() => guard.assertUsable(SERIAL, '000001')).not.toThrow(); // evicted: oldest
    expect(() => guard.assertUsable(SERIAL, '000004')).toThrow(RolecallError);
    c.set(STEP0 + 2 * TOTP_STEP_MS);
    for (let i = 0; i < 1000; i++) guard.markUsed(SERIAL, String(100000 + i));
    expect(() => guard.assertUsable(SERIAL, '100999')).toThrow(RolecallError);
    expect(() => guard.assertUsable(SERIAL, '100000')).not.toThrow();
  });
});
