import { describe, expect, it } from 'vitest';
import type { Menu, MenuItemConstructorOptions } from 'electron';
import { applicationMenuTemplate, applyApplicationMenu } from '../../../electron/main/app-menu';

/** Roles whose items reload the page or open DevTools (viewMenu holds both). */
const DEVTOOLS_ROLES = ['toggleDevTools', 'reload', 'forceReload', 'viewMenu'];

describe('application menu of packaged builds', () => {
  it.each(['linux', 'win32'] as const)('%s: no menu at all', (platform) => {
    const set: unknown[] = [];
    applyApplicationMenu({ setApplicationMenu: (m: unknown) => void set.push(m), buildFromTemplate: () => { throw new Error('no template on ' + platform); } } as unknown as typeof Menu, platform);
    expect(set).toEqual([null]);
    expect(applicationMenuTemplate(platform)).toBeNull();
  });

  it('macOS: app, Edit (copy/paste in the MFA field) and Window roles, nothing that opens DevTools or reloads', () => {
    const built: MenuItemConstructorOptions[][] = [];
    const set: unknown[] = [];
    applyApplicationMenu({ buildFromTemplate: (t: MenuItemConstructorOptions[]) => (built.push(t), 'menu'), setApplicationMenu: (m: unknown) => void set.push(m) } as unknown as typeof Menu, 'darwin');
    expect(built).toEqual([[{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }]]);
    expect(set).toEqual(['menu']);
    expect(built[0]!.some((i) => DEVTOOLS_ROLES.includes(i.role as string))).toBe(false);
  });
});
