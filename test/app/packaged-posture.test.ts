/**
 * The built app as a packaged build (`app.isPackaged`, resources folder) on the stand-in: the
 * renderer reaches Chromium over app://rolecall/ from main's own protocol handler (not file://,
 * where `'self'` would match every local file), no path the page can ask for leaves the bundle,
 * DevTools cannot open, and Linux gets no application menu (Electron's default one carries
 * Toggle Developer Tools and its shortcut).
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/web-security';
import { missing } from '../fixtures/components';
import { PROJECT_ROOT } from '../fixtures/electron-stand-in/build';
import type { AppProcess } from '../fixtures/electron-stand-in/harness';
import { createDesktop, type Desktop } from './support/app-env';
import { expectClean, mainWindow } from './support/views';

/** Files beside the bundle a traversal would reach for: their first bytes must never come back. */
const OUTSIDE = ['out/main/index.js', 'out/preload/index.js', 'package.json'].map((f) => readFileSync(join(PROJECT_ROOT, f), 'utf8').slice(0, 120));

describe.skipIf(missing('chromium', 'keyring'))('the packaged app: app:// renderer, no DevTools, no menu', () => {
  let desktop: Desktop;
  let app: AppProcess;
  let resources: string;
  let mainId: number;

  beforeAll(async () => {
    resources = mkdtempSync(join(tmpdir(), 'rolecall-resources-'));
    // extraResources (electron-builder.yml) puts the icons in resources/assets
    symlinkSync(join(PROJECT_ROOT, 'assets'), join(resources, 'assets'));
    writeFileSync(join(resources, 'probe.js'), 'window.__localFileRan = true;');
    desktop = await createDesktop();
    Object.assign(desktop.env, { ELECTRON_STAND_IN_PACKAGED: '1', ELECTRON_STAND_IN_RESOURCES: resources });
    app = await desktop.start();
    const s = await app.waitFor('the main window with its page', (s) => mainWindow(s)?.exposed.length && s);
    mainId = mainWindow(s)!.id;
  });
  afterAll(async () => {
    await desktop?.close();
    if (resources) rmSync(resources, { recursive: true, force: true });
  });

  it('shows the renderer from app://rolecall/, under the strict policy of the app:// origin', async () => {
    const s = await app.state();
    expect(mainWindow(s)!.url).toBe('app://rolecall/index.html#/');
    expect(await app.page(mainId, { type: 'evaluate', expression: "document.getElementById('root').childElementCount > 0" })).toBe(true);
    const csp = await app.page(mainId, { type: 'csp' });
    // two policies refuse it: the handler's header and the page's meta tag
    expect(csp).toMatchObject({ inlineRan: false, violated: ['script-src-elem', 'script-src-elem'], origin: 'app://rolecall' });
    // the handler's own header, not only the meta tag
    const header = await app.page(mainId, { type: 'evaluate', expression: "fetch('./index.html').then((r) => r.headers.get('content-security-policy') + ' | ' + r.headers.get('content-type'))" });
    expect(header).toBe(`${CONTENT_SECURITY_POLICY} | text/html; charset=utf-8`);
    expectClean(await app.state());
  });

  it("a local file is not 'self' any more: a script the page names by file:// does not run", async () => {
    const probe = `new Promise((resolve) => { const s = document.createElement('script'); s.src = ${JSON.stringify(`file://${join(resources, 'probe.js')}`)}; s.onload = s.onerror = () => resolve(window.__localFileRan === true); document.head.append(s); })`;
    expect(await app.page(mainId, { type: 'evaluate', expression: probe })).toBe(false);
    // Blink refuses the local resource before any request (and says so on the console)
    const s = await app.state();
    expect(s.logs.filter((l) => !/Not allowed to load local resource|Content Security Policy/.test(l))).toEqual([]);
  });

  it('no path the page asks for leaves the bundle (generated traversals, encoded variants)', async () => {
    const segment = fc.constantFrom('..', '.', '%2e%2e', '%2E.', '.%2e', '..%2f', '..%5c', '%2f', '%5c', '%00', '%252e%252e', 'main', 'preload', 'out', 'index.js', 'package.json', 'assets', 'renderer', '');
    const paths = fc.sample(fc.array(segment, { minLength: 1, maxLength: 6 }), { numRuns: 60, seed: 1313 }).map((a) => a.join('/'));
    paths.push('../main/index.js', '../../package.json', '%2e%2e/%2e%2e/etc/passwd', '..%2f..%2fmain%2findex.js', '..%5cmain%5cindex.js');
    const answers = (await app.page(mainId, {
      type: 'evaluate',
      expression: `Promise.all(${JSON.stringify(paths)}.map((p) => fetch(p).then(async (r) => ({ p, status: r.status, body: (await r.text()).slice(0, 120) }), (e) => ({ p, status: 0, body: String(e) }))))`,
    })) as Array<{ p: string; status: number; body: string }>;
    for (const a of answers) {
      expect(OUTSIDE, a.p).not.toContain(a.body);
      for (const secret of OUTSIDE) expect(a.body.startsWith(secret.slice(0, 40)), a.p).toBe(false);
    }
    // every path whose resolved file is not in the bundle got a 404 (e.g. `../main/index.js` → /main/index.js)
    expect(answers.find((a) => a.p === '../main/index.js')?.status).toBe(404);
    expect(answers.find((a) => a.p === '..%2f..%2fmain%2findex.js')?.status).toBe(404);
  });

  it('windows are created without DevTools; neither the shortcut nor openDevTools opens them', async () => {
    const s = await app.state();
    expect(mainWindow(s)!.options).toMatchObject({ webPreferences: { devTools: false } });
    expect(await app.call('openDevTools', { windowId: mainId, via: 'shortcut' })).toBe(false);
    expect(await app.call('openDevTools', { windowId: mainId, via: 'api' })).toBe(false);
    // a web contents main did not create (default devTools: true): main closes DevTools the moment they open
    const foreign = await app.call<number>('openForeignWindow', { url: 'about:blank' });
    expect(await app.call('openDevTools', { windowId: foreign, via: 'api' })).toBe(false);
    expect((await app.state()).windows.every((w) => !w.devToolsOpen)).toBe(true);
  });

  it('has no application menu on Linux', async () => {
    expect((await app.state()).applicationMenu).toBeNull();
  });
});
