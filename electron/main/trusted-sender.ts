/**
 * Which IPC senders main answers: only top-level frames of Rolecall's own windows showing Rolecall's
 * own bundle. A page that got navigated elsewhere, an iframe, or any other web contents is refused
 * even though it shares the preload, so reaching the API requires running inside our renderer.
 */
import { posix, win32 } from 'node:path';

export interface SenderCheckOptions {
  /** Absolute path of the built renderer (`out/renderer`, inside app.asar when packaged). */
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

/** The local path of a file: URL, or undefined for encoded separators or NULs (never a real bundle file). */
function localPath(url: URL, platform: NodeJS.Platform): string | undefined {
  if (/%(2f|5c|00)/i.test(url.pathname)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  return platform === 'win32' ? decoded.replace(/^\/([A-Za-z]:)/, '$1').replace(/\//g, '\\') : decoded;
}

/** True when `url` is a file inside `rendererDir` (no `..` escape, no UNC host). */
export function isFileInBundle(url: string, rendererDir: string, platform: NodeJS.Platform = process.platform): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'file:' || (parsed.hostname !== '' && parsed.hostname !== 'localhost')) return false;
  // the URL parser has already resolved `.`/`..` segments (also their %2e forms)
  const file = localPath(parsed, platform);
  if (file === undefined) return false;
  const path = platform === 'win32' ? win32 : posix;
  const fold = (p: string) => (platform === 'win32' ? p.toLowerCase() : p);
  const rel = path.relative(fold(path.resolve(rendererDir)), fold(path.resolve(file)));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
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
  if (isFileInBundle(url, opts.rendererDir, opts.platform)) return true;
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
