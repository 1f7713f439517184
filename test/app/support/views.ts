/**
 * Reading the recorded state the way a user looks at the desktop: the tray's menu labels, the open
 * windows by route, the MFA popups, the notifications shown. Plus the check every journey ends
 * with: no stand-in faults (something Electron would have done differently) and no red console.
 */
import { expect } from 'vitest';
import type { MenuItemSnapshot, StandInState, TraySnapshot, WindowSnapshot } from '../../fixtures/electron-stand-in/protocol';

/** The one live tray (journeys expect exactly one). */
export function tray(s: StandInState): TraySnapshot {
  const live = s.trays.filter((t) => !t.destroyed);
  expect(live).toHaveLength(1);
  return live[0]!;
}

/** Every label of the tray menu, submenus flattened as `parent › child`. */
export function menuLabels(items: MenuItemSnapshot[], prefix = ''): string[] {
  return items.flatMap((i) => (i.type === 'separator' ? [] : [`${prefix}${i.label}`, ...(i.submenu ? menuLabels(i.submenu, `${prefix}${i.label} › `) : [])]));
}

export function openWindows(s: StandInState): WindowSnapshot[] {
  return s.windows.filter((w) => !w.destroyed);
}

/** Every MFA popup ever created (by its window options: its page may still be loading). */
export function allMfaPopups(s: StandInState): WindowSnapshot[] {
  return s.windows.filter((w) => w.options.title === 'Rolecall — MFA code');
}

export function mfaPopups(s: StandInState): WindowSnapshot[] {
  return allMfaPopups(s).filter((w) => !w.destroyed);
}

export function mainWindow(s: StandInState): WindowSnapshot | undefined {
  return openWindows(s).find((w) => /index\.html#\/$/.test(w.url) || w.options.title === 'Rolecall');
}

export function shownNotifications(s: StandInState): Array<{ title: string; body: string }> {
  return s.notifications.filter((n) => n.shown).map(({ title, body }) => ({ title, body }));
}

export function expectClean(s: StandInState): void {
  expect(s.faults).toEqual([]);
  expect(s.logs).toEqual([]);
  expect(s.errorBoxes).toEqual([]);
}

/** The secure web preferences every Rolecall window must carry (sandboxed, isolated, no Node). */
export const SECURE_PREFS = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  webviewTag: false,
  allowRunningInsecureContent: false,
};
