import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions, Tray } from 'electron';
import type { TrayCommand, TraySession } from '../../../electron/main/tray-menu';
import { TrayService, type TrayFacade } from '../../../electron/main/tray-service';
import { manualTimers } from './fakes';

type FakeMenu = { template: MenuItemConstructorOptions[] };
type Icon = 'idle' | 'active' | 'elevated';

function fakeTray() {
  const calls = { menu: [] as FakeMenu[], title: [] as string[], toolTip: [] as string[], image: [] as Icon[], destroyed: 0 };
  const tray = {
    setContextMenu(menu: FakeMenu) {
      calls.menu.push(menu);
    },
    setTitle(title: string) {
      calls.title.push(title);
    },
    setToolTip(toolTip: string) {
      calls.toolTip.push(toolTip);
    },
    setImage(image: Icon) {
      calls.image.push(image);
    },
    destroy() {
      calls.destroyed++;
    },
  } satisfies Pick<Tray, 'setTitle' | 'setToolTip' | 'destroy'> & TrayFacade<FakeMenu, Icon>;
  return { tray, calls };
}

function setup() {
  const clock = manualTimers();
  const { tray, calls } = fakeTray();
  const commands: TrayCommand[] = [];
  let created = 0;
  const service = new TrayService<FakeMenu, Icon>({
    createTray: (image) => {
      created++;
      expect(image).toBe('idle');
      return tray;
    },
    buildMenu: (template) => ({ template }),
    icons: { idle: 'idle', active: 'active', elevated: 'elevated' },
    now: clock.now,
    timers: clock.timers,
    onCommand: (c) => commands.push(c),
  });
  const session = (minutes: number, profile = 'admin'): TraySession => ({
    profile,
    target: profile === 'admin' ? 'default' : profile,
    identityArn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice',
    expiresAt: new Date(clock.now() + minutes * 60_000).toISOString(),
    status: 'active',
    canSignIn: true,
    elevated: false,
  });
  return { clock, calls, commands, service, session, created: () => created };
}

describe('TrayService', () => {
  it('creates one tray and renders the initial menu once', () => {
    const { calls, created } = setup();
    expect(created()).toBe(1);
    expect(calls.menu).toHaveLength(1);
    expect(calls.title).toEqual(['']);
    expect(calls.toolTip).toEqual(['Rolecall — no active session']);
    expect(calls.image).toEqual([]);
  });

  it('does no work on the tray when an update changes nothing visible', () => {
    const { calls, service, session } = setup();
    const s = session(42.5);
    service.update({ sessions: [s], profiles: [{ name: 'admin' }] });
    const before = { menu: calls.menu.length, title: calls.title.length, toolTip: calls.toolTip.length, image: calls.image.length };
    service.update({ sessions: [{ ...s }], profiles: [{ name: 'admin' }] });
    service.update({});
    expect({ menu: calls.menu.length, title: calls.title.length, toolTip: calls.toolTip.length, image: calls.image.length }).toEqual(before);
  });

  it('updates only the parts that changed', () => {
    const { calls, service, session } = setup();
    service.update({ sessions: [session(42.5)] });
    expect(calls.image).toEqual(['active']);
    const menus = calls.menu.length;
    service.update({ console: false, pendingMfa: 0 });
    expect(calls.menu).toHaveLength(menus);
    service.update({ error: 'boom' });
    expect(calls.menu).toHaveLength(menus + 1);
    expect(calls.title.at(-1)).toBe('admin 42m');
    service.update({ error: undefined });
    expect(calls.menu).toHaveLength(menus + 2);
    expect(calls.menu.at(-1)!.template[0]!.label).toBe('admin — 42 min');
    service.update({ sessions: [] });
    expect(calls.image).toEqual(['active', 'idle']);
  });

  it('counts down once a minute, then every second in the last minute, then stops', () => {
    const { calls, clock, service, session } = setup();
    service.update({ sessions: [session(3.5)] });
    expect(calls.title.at(-1)).toBe('admin 3m');
    expect(clock.pending()).toEqual([30_001]);

    const titles = calls.title.length;
    clock.advance(30_001);
    expect(calls.title.at(-1)).toBe('admin 2m');
    expect(clock.pending()).toEqual([60_000]);
    clock.advance(60_000); // 2m → 1m, which lasts until 59 s are left
    expect(calls.title.slice(titles)).toEqual(['admin 2m', 'admin 1m']);
    expect(clock.pending()).toEqual([60_999]);
    clock.advance(60_999);
    expect(calls.title.at(-1)).toBe('admin 59s');
    expect(clock.pending()).toEqual([1000]);

    const menusBefore = calls.menu.length;
    clock.advance(59_000);
    expect(calls.title.at(-1)).toBe('admin expired');
    // 58 s … 1 s (never 0 s), then "expired": one rebuild per visible change, none in between
    expect(calls.menu.length - menusBefore).toBe(59);
    expect(clock.pending()).toEqual([]);
  });

  it('does not wake up between minute changes', () => {
    const { calls, clock, service, session } = setup();
    service.update({ sessions: [session(30.2)] });
    const menus = calls.menu.length;
    let wakeups = 0;
    for (let i = 0; i < 10; i++) {
      const [next] = clock.pending();
      clock.advance(next!);
      wakeups++;
    }
    expect(wakeups).toBe(10);
    expect(calls.menu.length - menus).toBe(10); // 10 timer fires = 10 minute changes, each visible
    expect(calls.title.at(-1)).toBe('admin 20m');
  });

  it('routes menu clicks to the command handler', () => {
    const { calls, commands, service } = setup();
    service.update({ profiles: [{ name: 'admin' }] });
    const item = calls.menu.at(-1)!.template.find((i) => i.label === 'Switch to admin')!;
    (item.click as () => void)();
    expect(commands).toEqual([{ type: 'switch', profile: 'admin' }]);
  });

  it('stops its timer and destroys the tray on dispose', () => {
    const { calls, clock, service, session } = setup();
    service.update({ sessions: [session(10)] });
    service.dispose();
    service.dispose();
    expect(calls.destroyed).toBe(1);
    expect(clock.pending()).toEqual([]);
    service.update({ error: 'ignored' });
    expect(calls.menu.at(-1)!.template[0]!.label).not.toBe('⚠ ignored');
  });
});

describe('TrayService while a target is elevated (W4)', () => {
  it('shows the elevated icon while any target is elevated, and counts down to the fallback', () => {
    const { service, calls, session, clock } = setup();
    const admin = { ...session(50), elevated: true, baseline: 'me', fallsBackAt: new Date(clock.now() + 15 * 60_000).toISOString() };
    service.update({ sessions: [session(50, 'ops'), admin] });
    expect(calls.image.at(-1)).toBe('elevated');
    expect(calls.title.at(-1)).toBe('⚠ admin 15m +1');
    clock.advance(60_000);
    expect(calls.title.at(-1)).toBe('⚠ admin 14m +1');
    service.update({ sessions: [session(50, 'ops')] });
    expect(calls.image.at(-1)).toBe('active');
    service.update({ sessions: [] });
    expect(calls.image.at(-1)).toBe('idle');
  });
});
