/**
 * Locks down what a Rolecall page can do beyond calling `window.api`: no new windows, no
 * navigation away from the bundle, no `<webview>`, no permissions (camera, notifications,
 * clipboard reads…), no DevTools in packaged builds, and a strict CSP header on every response
 * (app:// answers carry it themselves, app-protocol.ts; the bundled `index.html` repeats it in a
 * meta tag). Links to the AWS console leave through the allow-listed `openExternal` only.
 */
import type { Session, Shell, WebContents } from 'electron';
import { allowedExternalHref, isAllowedExternalUrl } from './external-urls';
import { startOneTimeRedirect } from '../core/console/one-time-redirect';

/** The meta tag in renderer/index.html carries the same policy minus frame-ancestors (web-security.test.ts keeps them equal). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; frame-ancestors 'none'";

/**
 * Opens a console sign-in URL (it holds a sign-in token) through a one-time loopback redirect, so
 * the token never reaches the browser's or the opener's process arguments; false when `url` is not
 * an AWS sign-in/console https URL.
 */
export async function openSignInUrl(shell: Pick<Shell, 'openExternal'>, url: string, start: typeof startOneTimeRedirect = startOneTimeRedirect): Promise<boolean> {
  const href = allowedExternalHref(url);
  if (href === undefined) return false;
  const redirect = await start(href);
  try {
    await shell.openExternal(redirect.url, { activate: true });
  } catch (e) {
    redirect.close();
    throw e;
  }
  return true;
}

/** Opens `url` in the user's browser only when it is an AWS sign-in/console https URL. */
export async function openExternalSafely(shell: Pick<Shell, 'openExternal'>, url: string): Promise<boolean> {
  const href = allowedExternalHref(url);
  if (href === undefined) return false;
  await shell.openExternal(href, { activate: true });
  return true;
}

/**
 * `allowDevTools` false (packaged builds): DevTools that open anyway (windows are created with
 * `devTools: false`, so only a web contents someone else created could) are closed at once.
 */
export function hardenWebContents(contents: Pick<WebContents, 'setWindowOpenHandler' | 'on' | 'closeDevTools'>, openExternal: (url: string) => void, allowDevTools = true): void {
  if (!allowDevTools) contents.on('devtools-opened', () => contents.closeDevTools());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    // the app is a single page with hash routes: any real navigation is someone else's page
    event.preventDefault();
    if (isAllowedExternalUrl(event.url)) openExternal(event.url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The session methods hardening uses (the real `session.defaultSession` satisfies it). */
export type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

/**
 * `devServerUrl` (unpackaged only): pages from electron-vite's dev server keep the policy of their
 * own meta tag, which the dev build relaxes for Vite's inline HMR preamble; every other http(s)
 * response gets the strict policy.
 */
export function hardenSession(ses: SessionLike, devServerUrl?: string): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : undefined;
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (devOrigin !== undefined && new URL(details.url).origin === devOrigin) {
      callback({ responseHeaders: details.responseHeaders });
      return;
    }
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; frame-ancestors 'none'",
        ],
      },
    });
  });
}
