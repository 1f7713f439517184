/**
 * The application menu of packaged builds. Electron's default menu carries Reload and Toggle
 * Developer Tools (with their shortcuts); a tray app needs none of it. Windows and Linux get no
 * menu at all; macOS, where the menu bar always shows one and copy/paste shortcuts (the MFA field)
 * only work through Edit menu roles, gets the app menu, Edit and Window — all roles, no DevTools.
 */
import type { Menu, MenuItemConstructorOptions } from 'electron';

/** The template for `platform`, or null for no application menu. */
export function applicationMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  if (platform !== 'darwin') return null;
  return [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
}

export function applyApplicationMenu(menu: Pick<typeof Menu, 'setApplicationMenu' | 'buildFromTemplate'>, platform: NodeJS.Platform): void {
  const template = applicationMenuTemplate(platform);
  menu.setApplicationMenu(template === null ? null : menu.buildFromTemplate(template));
}
