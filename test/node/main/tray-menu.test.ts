import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildTrayMenu, nextTrayTick, switchableProfiles, trayTitle, trayToolTip, type TrayCommand, type TrayState } from '../../../electron/main/tray-menu';
import { LISTING } from './fakes';

const NOW = Date.parse('2030-01-01T11:00:00.000Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

function state(overrides: Partial<TrayState> = {}): TrayState {
  return { profiles: [], sessions: [], now: NOW, pendingMfa: 0, console: false, ...overrides };
}

function labels(items: MenuItemConstructorOptions[]): string[] {
  return items.map((i) => (i.type === 'separator' ? '---' : (i.label ?? '')));
}

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  for (const i of items) {
    if (i.label === label) return i;
    if (Array.isArray(i.submenu)) {
      try {
        return find(i.submenu, label);
      } catch {
        // keep looking
      }
    }
  }
  throw new Error(`no item ${label} in ${JSON.stringify(labels(items))}`);
}

function click(item: MenuItemConstructorOptions): void {
  (item.click as () => void)();
}

const admin = { profile: 'admin', target: 'default', identityArn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice', expiresAt: at(42.5), status: 'active' as const, canSignIn: true, elevated: false };

describe('buildTrayMenu', () => {
  it('lists switchable profiles, the active one checked, and the fixed items', () => {
    const commands: TrayCommand[] = [];
    const menu = buildTrayMenu(state({ profiles: [{ name: 'ops' }, { name: 'admin' }], sessions: [admin] }), (c) => commands.push(c));
    expect(labels(menu)).toEqual([
      'admin — 42 min',
      'assumed-role/Admin/alice → default',
      'Refresh now',
      'Sign out',
      '---',
      'Switch to admin',
      'Switch to ops',
      '---',
      'Sign out of all',
      'Open Rolecall…',
      '---',
      'Quit Rolecall',
    ]);
    expect(find(menu, 'Switch to admin')).toMatchObject({ type: 'checkbox', checked: true });
    expect(find(menu, 'Switch to ops')).toMatchObject({ type: 'checkbox', checked: false });
    for (const label of ['Switch to ops', 'Refresh now', 'Sign out', 'Sign out of all', 'Open Rolecall…', 'Quit Rolecall']) click(find(menu, label));
    expect(commands).toEqual([
      { type: 'switch', profile: 'ops' },
      { type: 'refresh', target: 'default' },
      { type: 'sign-out', target: 'default' },
      { type: 'sign-out-all' },
      { type: 'open-app' },
      { type: 'quit' },
    ]);
  });

  it('hides the console items unless the capability exists, and wires them when it does', () => {
    const without = labels(buildTrayMenu(state({ sessions: [admin] }), () => undefined));
    expect(without).not.toContain('Copy console sign-in URL');
    expect(without).not.toContain('Open console');
    // an MFA (GetSessionToken) session cannot sign in to the console: no items, rather than a sure failure
    expect(labels(buildTrayMenu(state({ sessions: [{ ...admin, canSignIn: false }], console: true }), () => undefined))).not.toContain('Open console');
    const commands: TrayCommand[] = [];
    const menu = buildTrayMenu(state({ sessions: [admin], console: true }), (c) => commands.push(c));
    click(find(menu, 'Copy console sign-in URL'));
    click(find(menu, 'Open console'));
    expect(commands).toEqual([
      { type: 'copy-console-url', profile: 'admin' },
      { type: 'open-console', profile: 'admin' },
    ]);
  });

  it('gives each of several sessions its own submenu, soonest expiry first', () => {
    const ops = { ...admin, profile: 'ops', target: 'ops', expiresAt: at(5) };
    const menu = buildTrayMenu(state({ sessions: [admin, ops] }), () => undefined);
    expect(labels(menu).slice(0, 2)).toEqual(['ops — 5 min', 'admin — 42 min']);
    expect(labels(menu[0]!.submenu as MenuItemConstructorOptions[])).toEqual(['assumed-role/Admin/alice → ops', 'Refresh now', 'Sign out']);
  });

  it('shows errors as disabled lines, and session states instead of a countdown', () => {
    const menu = buildTrayMenu(
      state({
        error: 'The keychain is locked.',
        sessions: [{ ...admin, status: 'waiting-for-mfa', lastError: { code: 'MfaInvalid', message: 'Wrong code.' } }],
        pendingMfa: 1,
      }),
      () => undefined,
    );
    expect(menu[0]).toEqual({ label: '⚠ The keychain is locked.', enabled: false });
    expect(labels(menu)).toContain('Enter MFA code…');
    expect(labels(menu)).toContain('admin — waiting for MFA code');
    expect(find(menu, '⚠ Wrong code.')).toMatchObject({ enabled: false });
  });

  it('groups by account with headers, and moves into per-account submenus past the threshold', () => {
    const few = [
      { name: 'a1', accountId: '111111111111' },
      { name: 'b1', accountId: '222222222222' },
    ];
    expect(labels(buildTrayMenu(state({ profiles: few }), () => undefined)).slice(0, 4)).toEqual(['111111111111', 'Switch to a1', '222222222222', 'Switch to b1']);
    const many = Array.from({ length: 13 }, (_, i) => ({ name: `p${String(i).padStart(2, '0')}`, accountId: i < 10 ? '111111111111' : '222222222222' }));
    const menu = buildTrayMenu(state({ profiles: many, sessions: [{ ...admin, profile: 'p03' }] }), () => undefined);
    const groups = menu.filter((i) => typeof i.label === 'string' && i.label.startsWith('Switch to —'));
    expect(groups.map((g) => g.label)).toEqual(['Switch to — 111111111111 (10)', 'Switch to — 222222222222 (3)']);
    expect(find(menu, 'p03')).toMatchObject({ checked: true });
    const oneAccount = buildTrayMenu(state({ profiles: many.map((p) => ({ name: p.name })) }), () => undefined);
    expect(find(oneAccount, 'Switch to').submenu).toHaveLength(13);
  });

  it('escapes & so a profile name shows as typed on Windows and Linux', () => {
    const menu = buildTrayMenu(state({ profiles: [{ name: 'R&D' }] }), () => undefined);
    expect(labels(menu)).toContain('Switch to R&&D');
  });

  it('says so when there is nothing to switch to', () => {
    expect(labels(buildTrayMenu(state(), () => undefined))).toEqual(['No profiles to switch to', '---', 'Open Rolecall…', '---', 'Quit Rolecall']);
  });
});

describe('tray title, tooltip and tick', () => {
  it('titles the session expiring first, compactly', () => {
    expect(trayTitle(state())).toBe('');
    expect(trayTitle(state({ sessions: [admin] }))).toBe('admin 42m');
    expect(trayTitle(state({ sessions: [admin, { ...admin, profile: 'ops', expiresAt: at(0.5) }] }))).toBe('ops 30s +1');
    expect(trayToolTip(state({ sessions: [admin] }))).toBe('Rolecall\nadmin — 42 min (→ default)');
    expect(trayToolTip(state())).toBe('Rolecall — no active session');
  });

  it('ticks at the next visible change: minute boundary, then every second', () => {
    expect(nextTrayTick(state({ sessions: [admin] }))).toBe(30_001);
    // 30 s left reads "30s" until 29 s are left
    expect(nextTrayTick(state({ sessions: [{ ...admin, expiresAt: at(0.5) }] }))).toBe(1000);
    expect(nextTrayTick(state({ sessions: [{ ...admin, expiresAt: at(-1) }] }))).toBeUndefined();
    expect(nextTrayTick(state())).toBeUndefined();
  });
});

describe('switchableProfiles', () => {
  it('keeps valid roles and MFA sources, with account ids', () => {
    const profiles = [
      ...LISTING.profiles,
      { kind: 'role' as const, name: 'broken', roleArn: 'x', chain: [], error: 'bad ARN' },
      { kind: 'source' as const, name: 'plain', origin: 'credentials-file' as const },
      { kind: 'other' as const, name: 'sso', reason: 'sso' as const },
    ];
    expect(switchableProfiles(profiles)).toEqual([{ name: 'dev' }, { name: 'admin', accountId: '123456789012', elevated: true }]);
  });
});
