/**
 * Which IPC senders main answers: only top-level frames of Rolecall's own windows showing Rolecall's
 * own bundle. A page that got navigated elsewhere, an iframe, or any other web contents is refused
 * even though it shares the preload, so reaching the API requires running inside our renderer.
 */
import { APP_ENTRY_URL, bundleFileFor } from './app-protocol';

export interface SenderCheckOptions {
  /** Absolute path of the built renderer (`out/renderer`, inside app.asar when packaged), served as app://rolecall/. */
  rendererDir: string;
  /** electron-vite's dev server (`ELECTRON_RENDERER_URL`); honoured only when not packaged. */
  devServerUrl?: string | undefined;
  isPackaged: boolean;
  /** True for the web contents of a window Rolecall created (main window, MFA popups). */
  isOurWebContents(id: number): boolean;
  /** Platform path rules (default: this machine's); Windows compares case-insensitively. */
  platform?: NodeJS.Platform;
}

/** The fields of an `IpcMainInvokeEvent` the check reads. */
export interface SenderLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** True when `url` is on the dev server's origin. */
export function isDevServerUrl(url: string, devServerUrl: string): boolean {
  try {
    const u = new URL(url);
    const dev = new URL(devServerUrl);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === dev.origin;
  } catch {
    return false;
  }
}

/** The renderer URL check alone, shared with navigation guards. */
export function isOurRendererUrl(url: string, opts: Omit<SenderCheckOptions, 'isOurWebContents'>): boolean {
  // the bundle's page on its own origin: a file:// page (which the app never loads) is not ours
  const file = bundleFileFor(url, opts.rendererDir, opts.platform);
  if (file !== undefined && file === bundleFileFor(APP_ENTRY_URL, opts.rendererDir, opts.platform)) return true;
  return !opts.isPackaged && opts.devServerUrl !== undefined && opts.devServerUrl !== '' && isDevServerUrl(url, opts.devServerUrl);
}

export function createSenderCheck(opts: SenderCheckOptions): (event: SenderLike) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (!opts.isOurWebContents(event.sender.id)) return false;
    return isOurRendererUrl(frame.url, opts);
  };
}
