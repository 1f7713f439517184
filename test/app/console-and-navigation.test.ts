/**
 * Journey 4 on the built app: the tray's console items over the loopback federation endpoint (the
 * sign-in URL lands on the clipboard; "Open console" hands only AWS sign-in hosts to the browser),
 * and the page locks main installs on every web contents: a crafted navigation or window.open from
 * a Rolecall page is denied, and an http page gets main's CSP header through session.webRequest.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../fixtures/components';
import type { AppProcess } from '../fixtures/electron-stand-in/harness';
import { createDesktop, type Desktop } from './support/app-env';
import { switchFromTray } from './support/steps';
import { expectClean, mainWindow, menuLabels, openWindows, shownNotifications, tray } from './support/views';

describe.skipIf(missing('chromium', 'keyring'))('the built tray app: console sign-in and page locks', () => {
  let desktop: Desktop;
  let app: AppProcess;
  let foreign: Server;

  beforeAll(async () => {
    desktop = await createDesktop();
    app = await desktop.start();
    await app.waitFor('the main window with its page', (s) => mainWindow(s)?.exposed.length);
    await switchFromTray(app, desktop, 'admin');
    foreign = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>x</title><script>window.__inlineRan = true</script>'));
    await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await desktop?.close();
    await new Promise((r) => foreign?.close(r));
  });

  it('"Copy console sign-in URL" puts a federation login URL for the role session on the clipboard', async () => {
    expect(menuLabels(tray(await app.state()).menu)).toEqual(expect.arrayContaining(['Copy console sign-in URL', 'Open console']));
    await app.clickTray('Copy console sign-in URL');
    const s = await app.waitFor('the copied notice', (s) => shownNotifications(s).some((n) => n.title === 'Console sign-in URL copied') && s);
    const url = new URL(s.clipboard);
    expect(`${url.origin}${url.pathname}`).toBe(desktop.sts.federationUrl);
    expect(url.searchParams.get('Action')).toBe('login');
    expect(url.searchParams.get('Destination')).toMatch(/^https:\/\/[a-z0-9-]+\.console\.aws\.amazon\.com\//);
    const token = desktop.sts.describeSigninToken(url.searchParams.get('SigninToken') ?? '');
    expect(token?.arn).toMatch(/^arn:aws:sts::444455556666:assumed-role\/Admin\//);
    expect(s.openedExternally).toEqual([]);
    expectClean(s);
  });

  it('"Open console" goes through the allowlist: a loopback sign-in URL is refused, with the reason in the tray', async () => {
    await app.clickTray('Open console');
    const s = await app.waitFor('the refusal in the tray', (s) => menuLabels(tray(s).menu).find((l) => l.startsWith('⚠ ')));
    expect(s).toBe('⚠ Rolecall did not open the sign-in URL: it does not point at an AWS sign-in host. Check AWS_ENDPOINT_URL settings for the federation endpoint.');
    expect((await app.state()).openedExternally).toEqual([]);
  });

  it('window.open from the page opens no window; only an AWS sign-in URL reaches the browser', async () => {
    const main = mainWindow(await app.state())!;
    // (a file:// URL never gets this far: Blink refuses local resources to an app:// page, packaged-posture.test.ts)
    for (const url of ['https://evil.example/phish', 'https://signin.aws.amazon.com.evil.example/', 'http://signin.aws.amazon.com/']) {
      await app.page(main.id, { type: 'evaluate', expression: `void window.open(${JSON.stringify(url)}, '_blank')` });
    }
    await app.page(main.id, { type: 'evaluate', expression: `void window.open('https://signin.aws.amazon.com/federation?Action=login', '_blank')` });
    const s = await app.waitFor('all four popups decided', (s) => s.webEvents.filter((e) => e.kind === 'window-open').length === 4 && s);
    expect(s.openedExternally).toEqual(['https://signin.aws.amazon.com/federation?Action=login']);
    expect(s.webEvents.filter((e) => e.kind === 'window-open')).toEqual(
      ['https://evil.example/phish', 'https://signin.aws.amazon.com.evil.example/', 'http://signin.aws.amazon.com/', 'https://signin.aws.amazon.com/federation?Action=login'].map((url) => ({ webContentsId: main.webContentsId, kind: 'window-open', url, allowed: false })),
    );
    expect(openWindows(s).map((w) => w.id)).toEqual([main.id]);
    expectClean(s);
  });

  it('a crafted navigation away from the bundle is cancelled: the page stays on the renderer', async () => {
    const main = mainWindow(await app.state())!;
    const before = (await app.state()).webEvents.length;
    await app.page(main.id, { type: 'evaluate', expression: `location.href = 'https://evil.example/login'` });
    const s = await app.waitFor('will-navigate', (s) => s.webEvents.length > before && s);
    expect(s.webEvents.slice(before)).toEqual([{ webContentsId: main.webContentsId, kind: 'will-navigate', url: 'https://evil.example/login', allowed: false }]);
    expect(await app.page(main.id, { type: 'evaluate', expression: 'location.pathname' })).toBe('/index.html');
    expect(mainWindow(s)!.url).toMatch(/^app:\/\/rolecall\/index\.html#/);
    expectClean(s);
  });

  it('unpackaged, DevTools stay available (Electron\'s default menu and its shortcut; packaged-posture.test.ts has the packaged build)', async () => {
    const main = mainWindow(await app.state())!;
    expect((await app.state()).applicationMenu).toBe('electron-default');
    expect(await app.call('openDevTools', { windowId: main.id, via: 'shortcut' })).toBe(true);
  });

  it('an http page in a web contents the app did not create gets main CSP header and no permissions', async () => {
    const { port } = foreign.address() as AddressInfo;
    const id = await app.call<number>('openForeignWindow', { url: `http://127.0.0.1:${port}/` });
    const csp = await app.page<{ inlineRan: boolean; violated: string[]; meta: string | null }>(id, { type: 'csp' });
    // the page carries no policy of its own: only the header main added can have refused the script
    expect(csp).toEqual({ inlineRan: false, violated: ['script-src-elem'], meta: null, origin: `http://127.0.0.1:${port}` });
    expect(await app.page(id, { type: 'evaluate', expression: 'window.__inlineRan === true' })).toBe(false);
    expect(await app.page(id, { type: 'evaluate', expression: 'typeof window.api' })).toBe('undefined');
    expect(await app.call('checkPermission', { permission: 'notifications', origin: `http://127.0.0.1:${port}` })).toEqual({ request: false, check: false, device: false });
  });
});
