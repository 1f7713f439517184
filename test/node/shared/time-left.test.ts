import { describe, expect, it } from 'vitest';
import { formatCompactTimeLeft, formatTimeLeft, msUntilTextChanges } from '../../../electron/shared/time-left';

const s = 1000;
const m = 60 * s;

describe('time left', () => {
  it.each([
    [2 * 60 * m + 5 * m + 30 * s, '2 h 05 min', '2h05m'],
    [42 * m + 59 * s, '42 min', '42m'],
    [60 * s, '1 min', '1m'],
    [59 * s + 999, '59 s', '59s'],
    [1, '0 s', '0s'],
    [0, 'expired', 'expired'],
    [-5 * m, 'expired', 'expired'],
    [Number.NaN, 'expired', 'expired'],
  ])('%d ms reads "%s" / "%s" (never more than is left)', (ms, long, compact) => {
    expect(formatTimeLeft(ms)).toBe(long);
    expect(formatCompactTimeLeft(ms)).toBe(compact);
  });

  it('changes at minute boundaries while minutes show, every second in the last minute', () => {
    expect(msUntilTextChanges(5 * m + 30 * s)).toBe(30 * s + 1);
    expect(msUntilTextChanges(5 * m)).toBe(1);
    expect(msUntilTextChanges(60 * s)).toBe(1);
    expect(msUntilTextChanges(59 * s + 500)).toBe(501);
    expect(msUntilTextChanges(0)).toBeUndefined();
  });

  it('the text really changes exactly when announced', () => {
    for (const ms of [3 * m + 17 * s, 61 * s, 60 * s, 59 * s + 1, 2 * s]) {
      const d = msUntilTextChanges(ms)!;
      expect(formatTimeLeft(ms - d + 1)).toBe(formatTimeLeft(ms));
      expect(formatTimeLeft(ms - d)).not.toBe(formatTimeLeft(ms));
    }
  });
});
