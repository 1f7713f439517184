/**
 * The stand-in's own promise: where Electron would silently ignore something (a misspelt or
 * mistyped option) or behave in a way the stand-in cannot reproduce (a sync value across the
 * bridge, Node in a sandboxed preload, clicking a disabled menu item), it throws instead of
 * guessing. In-process: these modules need no app process or browser.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { mainWindowOptions, mfaPopupOptions } from '../../electron/main/window-options';
import { BridgeTable } from '../fixtures/electron-stand-in/context-bridge';
import { PROJECT_ROOT } from '../fixtures/electron-stand-in/build';
import { Menu } from '../fixtures/electron-stand-in/menu';
import { checkOptions, interfaceMembers } from '../fixtures/electron-stand-in/option-types';
import { runPreload } from '../fixtures/electron-stand-in/preload-host';

beforeAll(() => {
  process.env.ELECTRON_STAND_IN_ROOT = PROJECT_ROOT;
});

describe('option checking against electron.d.ts', () => {
  it("accepts main's real window options", () => {
    for (const options of [mainWindowOptions('/p/preload.js', '/p/icon.png'), mfaPopupOptions('/p/preload.js')]) {
      expect(() => checkOptions('BrowserWindowConstructorOptions', options as Record<string, unknown>)).not.toThrow();
    }
  });

  it('refuses any misspelt web preference, which Electron would silently ignore', () => {
    const names = [...interfaceMembers('WebPreferences').keys()];
    expect(names).toEqual(expect.arrayContaining(['contextIsolation', 'sandbox', 'nodeIntegration', 'preload']));
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.nat(), fc.constantFrom('x', 'e', '_', 'S'), (name, at, ch) => {
        const typo = name.slice(0, at % name.length) + ch + name.slice(at % name.length);
        fc.pre(!names.includes(typo));
        expect(() => checkOptions('BrowserWindowConstructorOptions', { webPreferences: { [typo]: true } })).toThrow(/is not an option Electron documents/);
      }),
    );
  });

  it('refuses a value of the wrong type for boolean and literal-union options', () => {
    expect(() => checkOptions('BrowserWindowConstructorOptions', { webPreferences: { sandbox: 'yes' } })).toThrow(/does not have Electron's type boolean/);
    expect(() => checkOptions('MenuItemConstructorOptions', { type: 'button' })).toThrow(/does not have Electron's type/);
    expect(() => checkOptions('ForkOptions', { stdio: ['ignore', 'ignore', 'inherit'], serviceName: 'x' })).not.toThrow();
  });
});

describe('menus', () => {
  it('clicks like a user: disabled items refuse, checkboxes flip before the handler, && reads as &', () => {
    const seen: boolean[] = [];
    const menu = Menu.buildFromTemplate([
      { label: 'a&&b', enabled: false },
      { label: 'Switch to x', type: 'checkbox', checked: false, click: (item) => seen.push((item as unknown as { checked: boolean }).checked) },
    ]);
    expect(menu.snapshot().map((i) => i.label)).toEqual(['a&b', 'Switch to x']);
    expect(() => menu.find(['a&b']).click()).toThrow(/disabled/);
    menu.find(['Switch to x']).click();
    expect(seen).toEqual([true]);
    expect(() => menu.find(['missing'])).toThrow(/no menu item "missing"/);
  });
});

describe('contextBridge and the sandboxed preload', () => {
  it('copies plain data and functions, and throws for what Electron would mangle', async () => {
    const table = new BridgeTable(async () => undefined);
    expect(table.encode({ a: 1, b: ['x'], c: null }, 'api')).toEqual({ a: 1, b: ['x'], c: null });
    expect(() => table.encode({ d: new Date(0) }, 'api')).toThrow(/class instance/);
    expect(() => table.encode({ s: Symbol('x') }, 'api')).toThrow(/cannot cross the bridge/);
    const sync = table.encode(() => 42, 'api') as { __standInFn: number };
    await expect(table.call(sync.__standInFn, [])).rejects.toThrow(/returned a plain value synchronously/);
    const later = table.encode(async () => 42, 'api') as { __standInFn: number };
    expect(await table.call(later.__standInFn, [])).toEqual({ kind: 'promise', value: 42 });
  });

  it('gives the preload only the sandbox modules and refuses unsandboxed windows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stand-in-preload-'));
    const preload = join(dir, 'preload.js');
    writeFileSync(preload, `require('electron').contextBridge.exposeInMainWorld('probe', { fs: (() => { try { require('fs'); return 'loaded'; } catch (e) { return e.message; } })() });`);
    const sender = { webContents: { id: 1 }, frameUrl: () => 'file:///x' };
    expect(runPreload(preload, sender, { sandbox: true, contextIsolation: true }).exposures.get('probe')).toEqual({ fs: 'module not found: fs' });
    expect(() => runPreload(preload, sender, { sandbox: false, contextIsolation: true })).toThrow(/only sandboxed, context-isolated preloads/);
  });
});
