/**
 * The console sign-in URL holds a sign-in token valid for 15 minutes. Handed to `xdg-open`, `open`,
 * `rundll32` or a browser as an argument, it sits in `/proc/<pid>/cmdline` (or the Windows process
 * list) where every local user can read it. So the browser gets a one-time loopback URL instead,
 * `http://127.0.0.1:PORT/<256-bit random path>`, which answers its first GET with a 302 to the real
 * URL and then stops listening; unanswered, it closes after `ttlMs` (60 s). The real URL never
 * appears in any process's arguments, and the loopback URL is worthless once used or expired.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OneTimeRedirect {
  /** What to give the browser. */
  url: string;
  /** Settles once the redirect was served (`'served'`) or expired / was closed (`'expired'`). */
  done: Promise<'served' | 'expired'>;
  close(): void;
}

export interface RedirectOptions {
  /** How long the loopback URL stays valid; 60 s when absent. */
  ttlMs?: number;
}

const DEFAULT_TTL_MS = 60_000;

/** Serves one redirect to `target` (an https URL) from a fresh loopback URL. */
export async function startOneTimeRedirect(target: string, opts: RedirectOptions = {}): Promise<OneTimeRedirect> {
  const secretPath = `/${randomBytes(32).toString('base64url')}`;
  let finish!: (how: 'served' | 'expired') => void;
  const done = new Promise<'served' | 'expired'>((resolve) => (finish = resolve));
  let used = false;
  const server = createServer((req, res) => {
    if (used || req.method !== 'GET' || req.url !== secretPath) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('Not found\n');
      return;
    }
    used = true;
    res.writeHead(302, { Location: target, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', Connection: 'close' }).end();
    res.once('finish', () => stop('served'));
  });
  const stop = (how: 'served' | 'expired'): void => {
    clearTimeout(timer);
    server.close();
    server.closeAllConnections();
    finish(how);
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const timer = setTimeout(() => stop('expired'), opts.ttlMs ?? DEFAULT_TTL_MS);
  timer.unref();
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${secretPath}`, done, close: () => stop('expired') };
}
