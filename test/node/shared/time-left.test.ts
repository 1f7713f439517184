import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCompactTimeLeft, formatTimeLeft, msUntilTextChanges } from '../../../electron/shared/time-left';

const s = 1000;
const m = 60 * s;

describe('time left', () => {
  it.each([
    [2 * 60 * m + 5 * m + 30 * s, '2 h 05 min', '2h05m'],
    [42 * m + 59 * s, '42 min', '42m'],
    [2 * m, '2 min', '2m'],
    [2 * m - 1, '1 min', '1m'],
    [60 * s, '1 min', '1m'],
    [59 * s + 1, '1 min', '1m'],
    [59 * s, '59 s', '59s'],
    [58 * s + 1, '59 s', '59s'],
    [30 * s, '30 s', '30s'],
    [1 * s + 1, '2 s', '2s'],
    [1 * s, '1 s', '1s'],
    [999, '1 s', '1s'],
    [1, '1 s', '1s'],
    [0, 'expired', 'expired'],
    [-1, 'expired', 'expired'],
    [-5 * m, 'expired', 'expired'],
    [Number.NaN, 'expired', 'expired'],
  ])('%d ms reads "%s" / "%s"', (ms, long, compact) => {
    expect(formatTimeLeft(ms)).toBe(long);
    expect(formatCompactTimeLeft(ms)).toBe(compact);
  });

  it('never reads "0 s" while time is left, at any instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 * 60 * m }), (ms) => {
        expect(formatTimeLeft(ms)).not.toMatch(/^0 |expired/);
        expect(formatCompactTimeLeft(ms)).not.toMatch(/^0|expired/);
      }),
      { numRuns: 5000 },
    );
  });

  it('minutes never claim a minute that is not there', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60 * s, max: 30 * 60 * m }), (ms) => {
        const shown = /(?:(\d+) h )?(\d+) min/.exec(formatTimeLeft(ms))!;
        expect(Number(shown[1] ?? 0) * 60 + Number(shown[2])).toBeLessThanOrEqual(ms / m);
      }),
    );
  });

  it('changes at minute boundaries while minutes show, every second in the last minute', () => {
    expect(msUntilTextChanges(5 * m + 30 * s)).toBe(30 * s + 1);
    expect(msUntilTextChanges(5 * m)).toBe(1);
    expect(msUntilTextChanges(60 * s)).toBe(1 * s);
    expect(msUntilTextChanges(59 * s + 500)).toBe(500);
    expect(msUntilTextChanges(59 * s)).toBe(1 * s);
    expect(msUntilTextChanges(500)).toBe(500);
    expect(msUntilTextChanges(0)).toBeUndefined();
  });

  it('the text really changes exactly when announced, at every instant', () => {
    const check = (ms: number) => {
      const d = msUntilTextChanges(ms)!;
      expect(d).toBeGreaterThan(0);
      expect(formatTimeLeft(ms - d + 1)).toBe(formatTimeLeft(ms));
      expect(formatTimeLeft(ms - d)).not.toBe(formatTimeLeft(ms));
    };
    for (const ms of [3 * m + 17 * s, 2 * m, 2 * m - 1, 61 * s, 60 * s, 59 * s + 1, 59 * s, 2 * s, 1001, 1000, 1]) check(ms);
    fc.assert(fc.property(fc.integer({ min: 1, max: 3 * 60 * m }), check), { numRuns: 5000 });
  });
});
