import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { AppWindows, loadRoute, type WindowLike } from '../../../electron/main/windows';

function fakeWindow(id: number, options: BrowserWindowConstructorOptions) {
  const listeners = new Map<string, Array<(e: { preventDefault(): void }) => void>>();
  const log: string[] = [];
  let destroyed = false;
  const win = {
    options,
    log,
    webContents: { id, send: (channel: string, payload: unknown) => void log.push(`send ${channel} ${JSON.stringify(payload)}`) },
    show: () => void log.push('show'),
    hide: () => void log.push('hide'),
    focus: () => void log.push('focus'),
    isDestroyed: () => destroyed,
    close() {
      let prevented = false;
      for (const l of listeners.get('close') ?? []) l({ preventDefault: () => (prevented = true) });
      if (prevented) return;
      destroyed = true;
      for (const l of listeners.get('closed') ?? []) l({ preventDefault: () => undefined });
    },
    loadURL: async (url: string) => void log.push(`loadURL ${url}`),
    on(event: string, listener: (e: { preventDefault(): void }) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return win;
    },
  };
  return win;
}

function setup(location = { isPackaged: true, devServerUrl: undefined as string | undefined }, devTools = false) {
  const created: Array<ReturnType<typeof fakeWindow>> = [];
  const windows = new AppWindows({
    create: (options) => {
      const w = fakeWindow(created.length + 1, options);
      created.push(w);
      return w as unknown as WindowLike;
    },
    preloadPath: '/app/out/preload/index.js',
    location,
    devTools,
  });
  return { windows, created };
}

describe('AppWindows', () => {
  it('creates the main window once, secure, loading the bundle over app://', () => {
    const { windows, created } = setup();
    windows.showMain();
    windows.showMain();
    expect(created).toHaveLength(1);
    expect(created[0]!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/app/out/preload/index.js' });
    expect(created[0]!.log).toEqual(['loadURL app://rolecall/index.html#/', 'show', 'focus', 'show', 'focus']);
  });

  it('hides the main window on close until quitting, then really closes', () => {
    const { windows, created } = setup();
    windows.showMain();
    const main = created[0]!;
    main.close();
    expect(main.isDestroyed()).toBe(false);
    expect(main.log.at(-1)).toBe('hide');
    expect(windows.isOurWebContents(1)).toBe(true);
    windows.allowClose();
    main.close();
    expect(main.isDestroyed()).toBe(true);
    expect(windows.isOurWebContents(1)).toBe(false);
  });

  it('opens MFA popups on the #/mfa route, secure and on top, registered as ours', () => {
    const { windows, created } = setup();
    const popup = windows.createMfaPopup('arn:aws:iam::123456789012:mfa/alice');
    const w = created[0]!;
    expect(w.options).toMatchObject({ alwaysOnTop: true, webPreferences: { sandbox: true, contextIsolation: true } });
    expect(w.log[0]).toBe('loadURL app://rolecall/index.html#/mfa?serial=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Falice');
    expect(windows.isOurWebContents(1)).toBe(true);
    let closed = 0;
    popup.onClosed(() => closed++);
    popup.close();
    expect(closed).toBe(1);
    expect(popup.isDestroyed()).toBe(true);
    expect(windows.isOurWebContents(1)).toBe(false);
  });

  it('broadcasts to every open window of ours', () => {
    const { windows, created } = setup();
    windows.showMain();
    windows.createMfaPopup('s').close();
    windows.broadcast('event:mfa-resolved', { mfaSerial: 's' });
    expect(created[0]!.log.at(-1)).toBe('send event:mfa-resolved {"mfaSerial":"s"}');
    expect(created[1]!.log.some((l) => l.startsWith('send'))).toBe(false);
  });

  it('uses the dev server only when unpackaged', async () => {
    const log: string[] = [];
    const target = { loadURL: async (u: string) => void log.push(`url ${u}`) };
    await loadRoute(target as unknown as WindowLike, { isPackaged: false, devServerUrl: 'http://localhost:5173' }, '/mfa');
    await loadRoute(target as unknown as WindowLike, { isPackaged: true, devServerUrl: 'http://localhost:5173' }, '/mfa');
    await loadRoute(target as unknown as WindowLike, { isPackaged: false }, '/');
    expect(log).toEqual(['url http://localhost:5173#/mfa', 'url app://rolecall/index.html#/mfa', 'url app://rolecall/index.html#/']);
  });

  it.each([true, false])('gives every window devTools: %s as configured', (devTools) => {
    const { windows, created } = setup(undefined, devTools);
    windows.showMain();
    windows.createMfaPopup('s');
    expect(created.map((w) => w.options.webPreferences?.devTools)).toEqual([devTools, devTools]);
  });
});
