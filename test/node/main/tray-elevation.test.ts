/**
 * The tray's W4 part: an elevated target cannot be missed (first, marked in the menu, the title
 * and the tooltip, with the countdown to its fallback), Extend / Sign out (back to …) / Sign out
 * completely do what they say, and elevated-looking profiles are offered time-boxed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildTrayMenu, nextTrayTick, trayTitle, trayToolTip, type TrayCommand, type TraySession, type TrayState } from '../../../electron/main/tray-menu';
import { TIME_BOXES } from '../../../electron/shared/elevation-rules';

const NOW = Date.parse('2030-01-01T11:00:00.000Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

function state(overrides: Partial<TrayState> = {}): TrayState {
  return { profiles: [], sessions: [], now: NOW, pendingMfa: 0, console: false, ...overrides };
}

function labels(items: MenuItemConstructorOptions[], prefix = ''): string[] {
  return items.flatMap((i) => (i.type === 'separator' ? ['---'] : [`${prefix}${i.label ?? ''}`, ...(Array.isArray(i.submenu) ? labels(i.submenu, `${prefix}${i.label} › `) : [])]));
}

function clickPath(items: MenuItemConstructorOptions[], ...path: string[]): void {
  const [head, ...rest] = path;
  const item = items.find((i) => i.label === head);
  if (!item) throw new Error(`no item ${head} in ${JSON.stringify(labels(items))}`);
  if (rest.length === 0) (item.click as () => void)();
  else clickPath(item.submenu as MenuItemConstructorOptions[], ...rest);
}

const me: TraySession = { profile: 'me', target: 'readonly', identityArn: 'arn:aws:iam::123456789012:user/alice', expiresAt: at(600), status: 'active', canSignIn: false, elevated: false };
const admin: TraySession = {
  profile: 'admin',
  target: 'default',
  identityArn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice',
  expiresAt: at(55),
  status: 'active',
  canSignIn: true,
  elevated: true,
  baseline: 'me',
  fallsBackAt: at(28.5),
};

describe('an elevated target in the tray', () => {
  it('comes first with a label that cannot be missed, the countdown to its fallback, Extend and both sign-outs', () => {
    const commands: TrayCommand[] = [];
    const menu = buildTrayMenu(state({ sessions: [me, admin] }), (c) => commands.push(c));
    expect(labels(menu).slice(0, 7)).toEqual([
      '⚠ ELEVATED admin on default — back to me in 28 min',
      '⚠ ELEVATED admin on default — back to me in 28 min › assumed-role/Admin/alice → default',
      '⚠ ELEVATED admin on default — back to me in 28 min › Refresh now',
      '⚠ ELEVATED admin on default — back to me in 28 min › Extend 15 min',
      '⚠ ELEVATED admin on default — back to me in 28 min › Sign out (back to me)',
      '⚠ ELEVATED admin on default — back to me in 28 min › Sign out completely',
      'me — 10 h 00 min',
    ]);
    const head = '⚠ ELEVATED admin on default — back to me in 28 min';
    clickPath(menu, head, 'Extend 15 min');
    clickPath(menu, head, 'Sign out (back to me)');
    clickPath(menu, head, 'Sign out completely');
    expect(commands).toEqual([
      { type: 'extend', target: 'default' },
      { type: 'sign-out', target: 'default' },
      { type: 'sign-out', target: 'default', noFallback: true },
    ]);
  });

  it('says what it counts to in every state: no baseline, not time-boxed, refreshing, waiting for a code', () => {
    const only = (s: TraySession) => labels(buildTrayMenu(state({ sessions: [s] }), () => undefined));
    expect(only({ ...admin, baseline: undefined }).slice(0, 5)).toEqual(['⚠ ELEVATED admin on default — ends in 28 min', 'assumed-role/Admin/alice → default', 'Refresh now', 'Extend 15 min', 'Sign out']);
    // marked elevated in Settings but not time-boxed: no Extend, the session's own expiry
    expect(only({ ...admin, fallsBackAt: undefined }).slice(0, 5)).toEqual(['⚠ ELEVATED admin on default — 55 min', 'assumed-role/Admin/alice → default', 'Refresh now', 'Sign out (back to me)', 'Sign out completely']);
    expect(only({ ...admin, status: 'refreshing' })[0]).toBe('⚠ ELEVATED admin on default — refreshing…');
    expect(only({ ...admin, status: 'waiting-for-mfa' })[0]).toBe('⚠ ELEVATED admin on default — waiting for MFA code');
    // a baseline on a session that is not elevated still falls back when signed out of
    expect(only({ ...me, baseline: 'ro' })).toContain('Sign out (back to ro)');
  });

  it('marks the title and the tooltip while any target is elevated', () => {
    expect(trayTitle(state({ sessions: [me, admin] }))).toBe('⚠ admin 28m +1');
    expect(trayToolTip(state({ sessions: [me, admin] }))).toBe('Rolecall\n⚠ ELEVATED: admin on default\n⚠ ELEVATED admin on default — back to me in 28 min\nme — 10 h 00 min (→ readonly)');
    expect(trayTitle(state({ sessions: [me] }))).toBe('me 10h00m');
  });

  it('re-renders exactly when a shown countdown changes, the fallback one included (generated times)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 * 3600_000 }), fc.integer({ min: 1, max: 12 * 3600_000 }), fc.boolean(), (expiresIn, fallsIn, timeBoxed) => {
        const s: TraySession = { ...admin, expiresAt: new Date(NOW + expiresIn).toISOString(), ...(timeBoxed ? { fallsBackAt: new Date(NOW + fallsIn).toISOString() } : { fallsBackAt: undefined }) };
        const shown = (now: number) => JSON.stringify([labels(buildTrayMenu(state({ sessions: [s], now }), () => undefined)), trayTitle({ sessions: [s], now }), trayToolTip({ sessions: [s], now })]);
        const tick = nextTrayTick(state({ sessions: [s] }));
        expect(tick).toBeDefined();
        expect(shown(NOW + tick! - 1)).toBe(shown(NOW));
        expect(shown(NOW + tick!)).not.toBe(shown(NOW));
      }),
    );
  });
});

describe('time-boxed switches in the tray', () => {
  it('offers "Switch to X for…" 15 min / 30 min / 1 h for elevated-looking profiles only', () => {
    const commands: TrayCommand[] = [];
    const menu = buildTrayMenu(state({ profiles: [{ name: 'admin', elevated: true }, { name: 'readonly' }] }), (c) => commands.push(c));
    expect(labels(menu).slice(0, 6)).toEqual(['Switch to admin', 'Switch to admin for…', 'Switch to admin for… › 15 min', 'Switch to admin for… › 30 min', 'Switch to admin for… › 1 h', 'Switch to readonly']);
    for (const box of TIME_BOXES) clickPath(menu, 'Switch to admin for…', box.label);
    expect(commands).toEqual(TIME_BOXES.map((b) => ({ type: 'switch', profile: 'admin', forSeconds: b.seconds })));
  });

  it('keeps them inside the per-account submenus past the threshold', () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ name: `p${String(i).padStart(2, '0')}`, accountId: i < 7 ? '111111111111' : '222222222222', ...(i === 3 ? { elevated: true } : {}) }));
    const all = labels(buildTrayMenu(state({ profiles: many }), () => undefined));
    expect(all).toContain('Switch to — 111111111111 (7) › p03 for… › 30 min');
    expect(all.filter((l) => l.endsWith('for…'))).toHaveLength(1);
    // the top level stays as short as before: one entry per account
    expect(buildTrayMenu(state({ profiles: many }), () => undefined).filter((i) => String(i.label).startsWith('Switch to'))).toHaveLength(2);
  });
});
