import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HandlerDetails, Session, Shell, WebContents, WindowOpenHandlerResponse } from 'electron';
import { CONTENT_SECURITY_POLICY, hardenSession, hardenWebContents, openExternalSafely, type SessionLike } from '../../../electron/main/web-security';
import { mainWindowOptions, mfaPopupOptions, secureWebPreferences } from '../../../electron/main/window-options';

const CONSOLE = 'https://us-east-1.console.aws.amazon.com/console/home';

describe('window options', () => {
  it.each([
    ['main window', mainWindowOptions('/p/preload.js')],
    ['MFA popup', mfaPopupOptions('/p/preload.js')],
  ])('%s is locked down', (_label, options) => {
    expect(options.webPreferences).toMatchObject({
      preload: '/p/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options.webPreferences).not.toHaveProperty('additionalArguments');
    expect(options.show).toBe(false);
  });

  it('the popup is small, on top, and out of the task bar', () => {
    expect(mfaPopupOptions('/p')).toMatchObject({ width: 400, height: 320, alwaysOnTop: true, skipTaskbar: true, resizable: false });
  });

  it('every window shares the same web preferences', () => {
    expect(mainWindowOptions('/p').webPreferences).toEqual(secureWebPreferences('/p'));
    expect(mfaPopupOptions('/p').webPreferences).toEqual(secureWebPreferences('/p'));
  });
});

function fakeContents() {
  const listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  let openHandler: ((d: HandlerDetails) => WindowOpenHandlerResponse) | undefined;
  const contents = {
    setWindowOpenHandler(handler: (d: HandlerDetails) => WindowOpenHandlerResponse) {
      openHandler = handler;
    },
    on(event: string, listener: (...args: never[]) => void): void {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as (...args: unknown[]) => void]);
    },
  } satisfies Pick<WebContents, 'setWindowOpenHandler'> & { on(event: string, listener: (...args: never[]) => void): void };
  const emit = (event: string, url: string) => {
    let prevented = false;
    for (const l of listeners.get(event) ?? []) l({ url, preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  const open = (url: string) => openHandler!({ url, frameName: '', features: '', disposition: 'new-window', referrer: { url: '', policy: 'default' } });
  return { contents, emit, open, events: () => [...listeners.keys()].sort() };
}

describe('hardenWebContents', () => {
  it('denies every new window and opens only AWS console URLs externally', () => {
    const { contents, open } = fakeContents();
    const opened: string[] = [];
    hardenWebContents(contents as unknown as WebContents, (u) => opened.push(u));
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open(CONSOLE)).toEqual({ action: 'deny' });
    expect(opened).toEqual([CONSOLE]);
  });

  it('blocks every navigation and every webview', () => {
    const { contents, emit, events } = fakeContents();
    const opened: string[] = [];
    hardenWebContents(contents as unknown as WebContents, (u) => opened.push(u));
    expect(events()).toEqual(['will-attach-webview', 'will-navigate']);
    expect(emit('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(emit('will-navigate', 'https://evil.example/')).toBe(true);
    expect(emit('will-navigate', CONSOLE)).toBe(true);
    expect(emit('will-attach-webview', 'x')).toBe(true);
    expect(opened).toEqual([CONSOLE]);
  });

  it('hands the OS the parsed, normalised href, never the raw string it checked', async () => {
    const opened: string[] = [];
    const shell = { openExternal: async (url: string) => void opened.push(url) } satisfies Pick<Shell, 'openExternal'>;
    // each raw form parses to the same allowed URL, but an opener re-parsing the raw string may not
    const raws = [
      'HTTPS://US-EAST-1.Console.AWS.Amazon.com/console/home',
      'https://us-east-1.console.aws.amazon.com:443/console/home',
      ' https://us-east-1.console.aws.amazon.com/console/home\n',
      'https://us-east-1.console.aws.amazon.com\\console\\home',
      'https://us-east-1.console.aws.amazon.com/con\tsole/home',
      'https://us-east-1.console.aws.amazon.com/x/../console/home',
    ];
    for (const raw of raws) expect(await openExternalSafely(shell, raw), raw).toBe(true);
    expect(opened).toEqual(raws.map(() => CONSOLE));
  });
});

describe('hardenSession', () => {
  function fakeSession() {
    const captured: { request?: Parameters<Session['setPermissionRequestHandler']>[0]; check?: Parameters<Session['setPermissionCheckHandler']>[0]; device?: Parameters<Session['setDevicePermissionHandler']>[0]; headers?: (d: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[] | string> }) => void) => void } = {};
    const ses = {
      setPermissionRequestHandler: (h: Parameters<Session['setPermissionRequestHandler']>[0]) => void (captured.request = h),
      setPermissionCheckHandler: (h: Parameters<Session['setPermissionCheckHandler']>[0]) => void (captured.check = h),
      setDevicePermissionHandler: (h: Parameters<Session['setDevicePermissionHandler']>[0]) => void (captured.device = h),
      webRequest: { onHeadersReceived: (h: unknown) => void (captured.headers = h as typeof captured.headers) },
    } satisfies Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & { webRequest: unknown };
    return { ses, captured };
  }

  it('denies every permission request and check', () => {
    const { ses, captured } = fakeSession();
    hardenSession(ses as SessionLike);
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'] as const) captured.request!({} as WebContents, p, (granted) => answers.push(granted), {} as never);
    expect(answers).toEqual([false, false, false, false, false]);
    expect(captured.check!(null, 'clipboard-read', 'file://', {} as never)).toBe(false);
    expect(captured.device!({} as never)).toBe(false);
  });

  it('adds the strict CSP to every response, the same policy as index.html', () => {
    const { ses, captured } = fakeSession();
    hardenSession(ses as SessionLike);
    let out: Record<string, string[] | string> | undefined;
    captured.headers!({ url: 'https://example.com/', responseHeaders: { 'X-Other': ['1'] } }, (r) => (out = r.responseHeaders));
    expect(out).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    // frame-ancestors is ignored in a meta tag (browsers warn), so the page copy leaves it out
    expect(meta).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'self'/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });
});

describe('hardenSession with a dev server', () => {
  it('leaves the dev server its own page policy and locks everything else', () => {
    const captured: { headers?: (d: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void } = {};
    const ses = {
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
      setDevicePermissionHandler: () => undefined,
      webRequest: { onHeadersReceived: (h: unknown) => void (captured.headers = h as typeof captured.headers) },
    };
    hardenSession(ses as unknown as SessionLike, 'http://localhost:5173');
    const seen: Array<Record<string, string[]> | undefined> = [];
    captured.headers!({ url: 'http://localhost:5173/index.html', responseHeaders: { a: ['1'] } }, (r) => seen.push(r.responseHeaders));
    captured.headers!({ url: 'http://localhost:5174/', responseHeaders: {} }, (r) => seen.push(r.responseHeaders));
    expect(seen).toEqual([{ a: ['1'] }, { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] }]);
  });
});

describe('openExternalSafely', () => {
  it('passes allowed URLs to the shell and nothing else', async () => {
    const opened: string[] = [];
    const shell = { openExternal: async (url: string) => void opened.push(url) } satisfies Pick<Shell, 'openExternal'>;
    expect(await openExternalSafely(shell, CONSOLE)).toBe(true);
    expect(await openExternalSafely(shell, 'https://evil.example/')).toBe(false);
    expect(await openExternalSafely(shell, 'smb://evil/share')).toBe(false);
    expect(opened).toEqual([CONSOLE]);
  });
});

describe('the renderer page’s own CSP', () => {
  it('is the header policy minus frame-ancestors (which a meta tag cannot carry)', () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(meta).toBe(CONTENT_SECURITY_POLICY.replace(/; frame-ancestors 'none'$/, ''));
  });
});
