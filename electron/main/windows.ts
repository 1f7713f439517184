/**
 * Rolecall's windows: the main window (hidden to the tray on close, never destroyed until quit)
 * and the MFA popups (one per device, route `#/mfa?serial=…`). Every window is created with the
 * secure options (navigation and popup locks are applied to every web contents at creation, in
 * index.ts) and registered, so IPC senders and event broadcasts are limited to our own windows.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContents } from 'electron';
import type { PopupHandle } from './mfa-popup';
import { APP_ENTRY_URL } from './app-protocol';
import { mainWindowOptions, mfaPopupOptions } from './window-options';

export type WindowLike = Pick<BrowserWindow, 'show' | 'hide' | 'focus' | 'close' | 'isDestroyed' | 'loadURL' | 'on'> & {
  webContents: Pick<WebContents, 'id' | 'send'>;
};

export interface RendererLocation {
  isPackaged: boolean;
  /** electron-vite's dev server; used only when not packaged. */
  devServerUrl?: string | undefined;
}

export interface AppWindowsDeps {
  create(options: BrowserWindowConstructorOptions): WindowLike;
  preloadPath: string;
  location: RendererLocation;
  /** False in packaged builds: no DevTools, whatever shortcut or call asks for them. */
  devTools: boolean;
  icon?: string;
  onLoadError?(error: unknown): void;
}

/** Loads a hash route of the renderer: from the bundle over app:// (app-protocol.ts), or from the dev server when unpackaged. */
export function loadRoute(window: Pick<WindowLike, 'loadURL'>, location: RendererLocation, route: string): Promise<void> {
  if (!location.isPackaged && location.devServerUrl) return window.loadURL(`${location.devServerUrl}#${route}`);
  return window.loadURL(`${APP_ENTRY_URL}#${route}`);
}

export class AppWindows {
  private main: WindowLike | undefined;
  private readonly all = new Map<number, WindowLike>();
  private quitting = false;

  constructor(private readonly deps: AppWindowsDeps) {}

  /** Shows the main window, creating it on first use (a second app launch lands here too). */
  showMain(): void {
    if (!this.main || this.main.isDestroyed()) this.main = this.createMain();
    this.main.show();
    this.main.focus();
  }

  createMfaPopup(mfaSerial: string): PopupHandle {
    const window = this.open(mfaPopupOptions(this.deps.preloadPath, this.deps.icon), `/mfa?serial=${encodeURIComponent(mfaSerial)}`);
    return {
      focus: () => {
        window.show();
        window.focus();
      },
      close: () => window.close(),
      isDestroyed: () => window.isDestroyed(),
      onClosed: (listener) => {
        window.on('closed', listener);
      },
    };
  }

  /** From now on closing the main window really closes it (quit in progress). */
  allowClose(): void {
    this.quitting = true;
  }

  isOurWebContents(id: number): boolean {
    return this.all.has(id);
  }

  /** Sends an event to every open Rolecall window. */
  broadcast(channel: string, payload: unknown): void {
    for (const window of this.all.values()) if (!window.isDestroyed()) window.webContents.send(channel, payload);
  }

  private createMain(): WindowLike {
    const window = this.open(mainWindowOptions(this.deps.preloadPath, this.deps.icon), '/');
    window.on('close', (event) => {
      if (this.quitting) return;
      // a tray app: closing the window hides it; the sessions keep running
      event.preventDefault();
      window.hide();
    });
    return window;
  }

  private open(options: BrowserWindowConstructorOptions, route: string): WindowLike {
    const window = this.deps.create({ ...options, webPreferences: { ...options.webPreferences, devTools: this.deps.devTools } });
    const id = window.webContents.id;
    this.all.set(id, window);
    window.on('closed', () => this.all.delete(id));
    loadRoute(window, this.deps.location, route).catch((e: unknown) => this.deps.onLoadError?.(e));
    return window;
  }
}
