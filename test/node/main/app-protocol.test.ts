import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { answerAppRequest, APP_ENTRY_URL, bundleFileFor, contentTypeOf, registerAppScheme, serveRenderer } from '../../../electron/main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/web-security';

// a real folder: the bundle, a sibling whose name starts like it, and secrets beside and above it
const root = mkdtempSync(join(tmpdir(), 'rolecall-app-protocol-'));
const DIR = join(root, 'out', 'renderer');
mkdirSync(join(DIR, 'assets'), { recursive: true });
mkdirSync(join(root, 'out', 'renderer-evil'), { recursive: true });
writeFileSync(join(DIR, 'index.html'), '<!doctype html><title>Rolecall</title>');
writeFileSync(join(DIR, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(join(DIR, 'assets', 'index-abc.css'), 'body{}');
writeFileSync(join(DIR, 'assets', 'notes.txt'), 'not a bundle type');
writeFileSync(join(root, 'out', 'renderer-evil', 'index.html'), 'SECRET-SIBLING');
writeFileSync(join(root, 'secret.html'), 'SECRET-ABOVE');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => answerAppRequest({ url, method }, DIR);

describe('app:// serves the bundle', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['assets/index-abc.css', 'text/css; charset=utf-8'],
  ])('%s with its type, the strict CSP and nosniff', async (file, type) => {
    const response = await get(`app://rolecall/${file}#/mfa`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(readFileSync(join(DIR, file), 'utf8'));
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(APP_ENTRY_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405);
  });

  it.each([
    ['a missing file', 'app://rolecall/nope.html'],
    ['the folder itself', 'app://rolecall/'],
    ['a folder', 'app://rolecall/assets'],
    ['a type the bundle never serves', 'app://rolecall/assets/notes.txt'],
    ['another host', 'app://evil/index.html'],
    ['a port', 'app://rolecall:1/index.html'],
    ['credentials', 'app://u:p@rolecall/index.html'],
    ['another scheme', `file://${DIR}/index.html`],
    ['an encoded slash', 'app://rolecall/assets%2findex-abc.js'],
    ['an encoded backslash', 'app://rolecall/assets%5cindex-abc.js'],
    ['an encoded NUL', 'app://rolecall/index.html%00.js'],
    ['a backslash', 'app://rolecall/assets\\index-abc.js'],
    ['a colon (alternate data stream)', 'app://rolecall/index.html:x.js'],
    ['bad percent-encoding', 'app://rolecall/%E0%A4%A.html'],
  ])('404 for %s', async (_label, url) => {
    expect((await get(url)).status).toBe(404);
  });

  it('never serves a file outside the bundle, whatever the path (generated traversals)', async () => {
    const segment = fc.constantFrom('..', '.', '%2e%2e', '%2E%2e', '.%2e', '%2e.', '..%2f', '..%5c', '..\\', '%2f', '%5c', '%00', '%252e%252e', 'renderer-evil', 'renderer', 'out', 'secret.html', 'index.html', 'assets', '', ':', '%3a', '~');
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 8 }), async (segments) => {
        const url = `app://rolecall/${segments.join('/')}`;
        const file = bundleFileFor(url, DIR, 'linux');
        if (file !== undefined) expect(relative(DIR, file).split(sep)[0]).not.toBe('..');
        const response = await get(url);
        const body = await response.text();
        expect(body).not.toContain('SECRET');
        if (response.status === 200) expect(file).toBeDefined();
      }),
      { numRuns: 400 },
    );
  });

  it('compares Windows paths without regard to case and never leaves the folder', () => {
    const win = 'C:\\Program Files\\Rolecall\\resources\\app.asar\\out\\renderer';
    expect(bundleFileFor('app://rolecall/index.html', win, 'win32')).toBe(`${win}\\index.html`);
    expect(bundleFileFor('app://rolecall/..%5c..%5cx.html', win, 'win32')).toBeUndefined();
    expect(bundleFileFor('app://rolecall/C:/Windows/win.ini', win, 'win32')).toBeUndefined();
  });

  it('knows the types of a Vite bundle and nothing else', () => {
    expect(contentTypeOf('a/b.WOFF2')).toBe('font/woff2');
    expect(contentTypeOf('a/b.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('a/b.map')).toBeUndefined();
    expect(contentTypeOf('a/noext')).toBeUndefined();
  });
});

describe('registration', () => {
  it('registers app:// as a standard, secure scheme (what makes it its own origin) and handles it from the bundle', async () => {
    const calls: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => void calls.push(schemes) });
    expect(calls).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
    let handler: ((r: Request) => Promise<Response> | Response) | undefined;
    serveRenderer({ handle: (scheme, h) => void ((handler = h), calls.push(scheme)) }, DIR);
    expect(calls.at(-1)).toBe('app');
    expect((await handler!(new Request('app://rolecall/index.html'))).status).toBe(200);
  });
});
