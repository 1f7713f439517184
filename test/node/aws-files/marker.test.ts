import { describe, expect, it } from 'vitest';
import { formatMarker, isMarkerLine, parseMarker } from '../../../electron/core/aws-files/marker';

describe('marker', () => {
  it('formats a readable, parseable comment line', () => {
    const line = formatMarker({ expiresAt: new Date('2026-11-22T20:00:00.000Z'), source: 'admin' });
    expect(line).toBe('# rolecall:managed expires=2026-11-22T20:00:00Z source=admin (managed by Rolecall; edits here are overwritten)');
    expect(parseMarker(line)).toEqual({ expiresAt: new Date('2026-11-22T20:00:00Z'), source: 'admin' });
  });

  it('round-trips sources with spaces, percent signs and unicode', () => {
    for (const source of ['my profile', '100%', 'café-☕', 'a=b,c@d+e/f:g']) {
      expect(parseMarker(formatMarker({ source }))).toEqual({ source });
    }
    expect(formatMarker({ source: 'a=b,c@d+e/f:g' })).toContain('source=a=b,c@d+e/f:g ');
  });

  it('survives a malformed UTF-16 source instead of throwing', () => {
    expect(parseMarker(formatMarker({ source: 'a\uD800b' }))).toEqual({ source: 'a\uFFFDb' });
  });

  it('allows a marker without expiry or source', () => {
    expect(parseMarker(formatMarker({}))).toEqual({});
  });

  it('accepts ; comments, indentation, unknown fields and a bad date (still managed)', () => {
    expect(parseMarker('  ; rolecall:managed future=1 expires=garbage source=x')).toEqual({ source: 'x' });
    expect(parseMarker('#rolecall:managed')).toEqual({});
  });

  it('rejects lines that are not markers', () => {
    for (const line of ['# managed by rolecall', 'rolecall:managed = 1', '# rolecall:managedX', '[rolecall:managed]', '']) {
      expect(parseMarker(line)).toBeUndefined();
      expect(isMarkerLine(line)).toBe(false);
    }
  });

  it('refuses an invalid date instead of writing garbage', () => {
    expect(() => formatMarker({ expiresAt: new Date(NaN) })).toThrow(RangeError);
  });
});

describe('marker: a session\'s baseline and time box (W4)', () => {
  it('round-trips baseline and until after the other fields', () => {
    const m = { expiresAt: new Date('2026-11-22T20:00:00Z'), source: 'admin', via: 'me', baseline: 'read only', until: new Date('2026-11-22T19:30:00Z') };
    const line = formatMarker(m);
    expect(line).toMatch(/ via=me baseline=read%20only until=2026-11-22T19:30:00Z \(managed/);
    expect(parseMarker(line)).toEqual(m);
  });

  it('ignores an unparseable until, as it does an unparseable expiry', () => {
    expect(parseMarker('# rolecall:managed source=x until=soon')).toEqual({ source: 'x' });
    expect(() => formatMarker({ until: new Date(NaN) })).toThrow(RangeError);
  });
});
