/** #13 medium 3/4: browser openers by absolute path only, and the one-time loopback redirect. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserOpener } from '../../../electron/core/console/browser-opener';
import { startOneTimeRedirect } from '../../../electron/core/console/one-time-redirect';

const URL_ = 'http://127.0.0.1:1/x';

function get(url: string, method = 'GET'): Promise<{ status?: number; location?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request(url, { method }, (res) => {
      res.resume();
      resolve({ status: res.statusCode!, ...(res.headers.location ? { location: res.headers.location } : {}) });
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? 'error' }));
    req.end();
  });
}

describe('browserOpener', () => {
  it('uses fixed system paths on macOS and Windows', () => {
    expect(browserOpener(URL_, { platform: 'darwin', env: { PATH: '.:/tmp' } })).toEqual({ file: '/usr/bin/open', args: [URL_] });
    expect(browserOpener(URL_, { platform: 'win32', env: { SystemRoot: 'D:\\Win' } })).toEqual({ file: 'D:\\Win\\System32\\rundll32.exe', args: ['url.dll,FileProtocolHandler', URL_] });
  });

  it('finds xdg-open in absolute PATH entries only, never in the current directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-xdg-'));
    try {
      writeFileSync(join(dir, 'xdg-open'), '#!/bin/sh\n');
      chmodSync(join(dir, 'xdg-open'), 0o755);
      expect(browserOpener(URL_, { platform: 'linux', env: { PATH: `${dir}:/usr/bin` } }).file).toBe(join(dir, 'xdg-open'));
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        const found = (() => {
          try {
            return browserOpener(URL_, { platform: 'linux', env: { PATH: '.::xdg' } }).file;
          } catch {
            return undefined;
          }
        })();
        expect(found === undefined || found.startsWith('/usr/')).toBe(true);
      } finally {
        process.chdir(cwd);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('one-time loopback redirect', () => {
  it('answers only its secret path, once, with a 302 to the target, then stops listening', async () => {
    const target = 'https://signin.aws.amazon.com/federation?Action=login&SigninToken=abc';
    const r = await startOneTimeRedirect(target);
    expect(r.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}$/);
    const base = r.url.slice(0, r.url.lastIndexOf('/'));
    expect((await get(`${base}/`)).status).toBe(404);
    expect((await get(`${r.url}x`)).status).toBe(404);
    expect((await get(r.url, 'POST')).status).toBe(404);
    expect(await get(r.url)).toEqual({ status: 302, location: target });
    expect(await r.done).toBe('served');
    expect((await get(r.url)).error).toBe('ECONNREFUSED');
  });

  it('closes unused when asked (or when its time is up): nothing is served afterwards', async () => {
    const r = await startOneTimeRedirect('https://signin.aws.amazon.com/x');
    r.close();
    expect(await r.done).toBe('expired');
    expect((await get(r.url)).error).toBe('ECONNREFUSED');
  });
});
