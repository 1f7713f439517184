/**
 * The renderer is served from `app://rolecall/`, not from file://: under file:// a page's CSP
 * `'self'` matches every local file, and file:// pages get extra privileges (the
 * GrantFileProtocolExtraPrivileges fuse is off in electron-builder.yml now that nothing needs it).
 * `app://rolecall` is its own origin, so `'self'` means exactly the bundle. The handler serves
 * only files under the built renderer folder, with a known type, to GET/HEAD; everything else
 * (a `..` escape, an encoded separator, an unknown host or extension) gets a 404.
 */
import { readFile } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from './web-security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'rolecall';
/** What windows load (plus a `#route`). */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The types the bundle holds; a file of any other type is not served. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** The Content-Type for `file`, or undefined for a type the bundle never serves. */
export function contentTypeOf(file: string): string | undefined {
  const ext = /\.[A-Za-z0-9]+$/.exec(file)?.[0]?.toLowerCase();
  return ext === undefined ? undefined : CONTENT_TYPES[ext];
}

/**
 * The file inside `rendererDir` that `url` names, or undefined when it names none: another
 * scheme or host, credentials or a port, an encoded `/`, `\` or NUL, a `\`, `:` or control
 * character after decoding, or a path that resolves outside the folder.
 */
export function bundleFileFor(url: string, rendererDir: string, platform: NodeJS.Platform = process.platform): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') return undefined;
  if (/%(2f|5c|00)/i.test(parsed.pathname)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\\:\u0000-\u001f\u007f]/.test(decoded)) return undefined;
  const path = platform === 'win32' ? win32 : posix;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, ...decoded.split('/').filter((s) => s !== ''));
  const fold = (p: string) => (platform === 'win32' ? p.toLowerCase() : p);
  const rel = path.relative(fold(root), fold(file));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return file;
}

const notFound = (): Response => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** Answers one app:// request from the bundle (`read` is injectable for tests). */
export async function answerAppRequest(request: Pick<Request, 'url' | 'method'>, rendererDir: string, read: (file: string) => Promise<Uint8Array> = readFile): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } });
  const file = bundleFileFor(request.url, rendererDir);
  const type = file === undefined ? undefined : contentTypeOf(file);
  if (file === undefined || type === undefined) return notFound();
  let body: Uint8Array;
  try {
    body = await read(file);
  } catch {
    return notFound();
  }
  const headers = { 'Content-Type': type, 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
  return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
}

/** Before `ready`: app:// is a standard, secure origin (so `'self'`, relative URLs and module scripts work). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** After `ready`: the default session answers app:// from the built renderer folder. */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => answerAppRequest(request, rendererDir));
}
