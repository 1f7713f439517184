/**
 * The W4 rules (elevation.ts) as properties over generated switch histories: a target's baseline is
 * the session it held before something else was switched onto it (the first since it was empty),
 * never an elevated session, never the session itself; the one chosen in Settings wins.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertBaselinesNotElevated, baselineAfter, fallbackFor, isElevated, looksElevated, parseElevationLength } from '../../../electron/core/sessions/elevation';

type Held = { profile: string; baseline?: string; fallsBackAt?: string };

const profile = fc.constantFrom('me', 'readonly', 'admin', 'poweruser', 'dev', 'ops');
const step = fc.record({ profile, timeBoxed: fc.boolean() });

/** Replays switches onto one target, as the manager records them. */
function replay(steps: Array<{ profile: string; timeBoxed: boolean }>, settings: { elevatedProfiles: string[]; baselines: Record<string, string> }): Held[] {
  const held: Held[] = [];
  let current: Held | undefined;
  for (const s of steps) {
    const baseline = baselineAfter('default', current, s.profile, settings);
    current = { profile: s.profile, ...(baseline ? { baseline } : {}), ...(s.timeBoxed ? { fallsBackAt: '2030-01-01T00:00:00Z' } : {}) };
    held.push(current);
  }
  return held;
}

describe('baselines', () => {
  it('is the first non-elevated session since the target was empty, never elevated, never itself', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), fc.subarray(['admin', 'poweruser']), (steps, elevatedProfiles) => {
        const settings = { elevatedProfiles, baselines: {} };
        const held = replay(steps, settings);
        held.forEach((h, i) => {
          expect(h.baseline).not.toBe(h.profile);
          if (h.baseline === undefined) return;
          // the baseline is a profile that held the target earlier in this chain, unelevated then
          const earlier = held.slice(0, i).filter((e) => e.profile === h.baseline && !isElevated(e, settings));
          expect(earlier.length).toBeGreaterThan(0);
        });
      }),
    );
  });

  it('W4 as the user lives it: me, then admin, then readonly all fall back to me; me itself has none', () => {
    const settings = { elevatedProfiles: ['admin'], baselines: {} };
    const held = replay(['me', 'admin', 'readonly', 'me'].map((p) => ({ profile: p, timeBoxed: false })), settings);
    expect(held.map((h) => h.baseline)).toEqual([undefined, 'me', 'me', undefined]);
    // nothing marked: the same history, the same baselines (the previous session of the target)
    expect(replay(['me', 'admin'].map((p) => ({ profile: p, timeBoxed: false })), { elevatedProfiles: [], baselines: {} }).map((h) => h.baseline)).toEqual([undefined, 'me']);
  });

  it('an elevated first session leaves no baseline behind it', () => {
    const settings = { elevatedProfiles: ['admin'], baselines: {} };
    expect(replay(['admin', 'readonly'].map((p) => ({ profile: p, timeBoxed: false })), settings).map((h) => h.baseline)).toEqual([undefined, undefined]);
    expect(replay([{ profile: 'dev', timeBoxed: true }, { profile: 'ops', timeBoxed: false }], { elevatedProfiles: [], baselines: {} }).map((h) => h.baseline)).toEqual([undefined, undefined]);
  });

  it('a re-switch of the same profile keeps its baseline (a refresh, an extension)', () => {
    const settings = { elevatedProfiles: [], baselines: {} };
    expect(baselineAfter('default', { profile: 'admin', baseline: 'me' }, 'admin', settings)).toBe('me');
  });

  it('the baseline chosen in Settings wins, except for itself', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
        const settings = { elevatedProfiles: ['admin'], baselines: { default: 'readonly' } };
        for (const h of replay(steps, settings)) {
          expect(h.baseline).toBe(h.profile === 'readonly' ? undefined : 'readonly');
          expect(fallbackFor({ ...h, target: 'default' }, settings)).toBe(h.profile === 'readonly' ? undefined : 'readonly');
        }
      }),
    );
  });

  it('refuses an elevated profile as a chosen baseline', () => {
    expect(() => assertBaselinesNotElevated({ elevatedProfiles: ['admin'], baselines: { default: 'admin' } })).toThrow(/admin is marked elevated/);
    expect(() => assertBaselinesNotElevated({ elevatedProfiles: ['admin'], baselines: { default: 'me' } })).not.toThrow();
  });
});

describe('elevation', () => {
  it('is a mark in Settings or a time box', () => {
    expect(isElevated({ profile: 'admin' }, { elevatedProfiles: ['admin'], baselines: {} })).toBe(true);
    expect(isElevated({ profile: 'dev', fallsBackAt: '2030-01-01T00:00:00Z' }, { elevatedProfiles: [], baselines: {} })).toBe(true);
    expect(isElevated({ profile: 'admin' }, { elevatedProfiles: [], baselines: {} })).toBe(false);
  });

  it('suggests privileged-looking names and roles, and not read-only ones', () => {
    for (const [p, arn] of [['admin', undefined], ['prod-Admin', undefined], ['ops', 'arn:aws:iam::1:role/AdministratorAccess'], ['x', 'arn:aws:iam::1:role/team/PowerUserAccess'], ['breakglass', undefined]] as const) expect(looksElevated(p, arn)).toBe(true);
    for (const [p, arn] of [['me', undefined], ['readonly', 'arn:aws:iam::1:role/ReadOnlyAccess'], ['dev', 'arn:aws:iam::1:role/Developer']] as const) expect(looksElevated(p, arn)).toBe(false);
  });

  it('reads lengths the way people write them', () => {
    expect([parseElevationLength('30m'), parseElevationLength('1h'), parseElevationLength('1h30m'), parseElevationLength('90s'), parseElevationLength('45'), parseElevationLength(' 2H ')]).toEqual([1800, 3600, 5400, 90, 2700, 7200]);
    for (const bad of ['', 'h', '30 minutes', '-5m', '1.5h', 'm30', '1d']) expect(parseElevationLength(bad)).toBeUndefined();
    fc.assert(
      fc.property(fc.nat({ max: 12 }), fc.nat({ max: 59 }), (h, m) => {
        expect(parseElevationLength(`${h}h${m}m`)).toBe(h * 3600 + m * 60);
      }),
    );
  });
});
