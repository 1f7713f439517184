import { describe, expect, it } from 'vitest';
import { createSenderCheck, isOurRendererUrl } from '../../../electron/main/trusted-sender';

const DIR = '/opt/Rolecall/resources/app.asar/out/renderer';
const DEV = 'http://localhost:5173';

describe('sender URL check', () => {
  const opts = { rendererDir: DIR, isPackaged: true, platform: 'linux' as const };
  it.each([
    ['app://rolecall/index.html', true],
    ['app://rolecall/index.html#/mfa?serial=arn%3Aaws', true],
    // Chromium lower-cases a standard scheme's host before main sees it; Node's parser keeps it, and it is refused
    ['app://ROLECALL/index.html', false],
    ['app://rolecall/', false],
    // a file of the bundle that is not its page
    ['app://rolecall/assets/index.js', false],
    ['app://rolecall/../../etc/passwd', false],
    ['app://rolecall/%2e%2e%2f%2e%2e%2fetc/passwd', false],
    ['app://evil/index.html', false],
    ['app://rolecall:8080/index.html', false],
    // the app never loads file:// pages: a file:// frame, even of the bundle's own file, is not ours
    [`file://${DIR}/index.html`, false],
    ['file:///etc/passwd', false],
    ['https://console.aws.amazon.com/', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s (bundle only)', (url, ok) => {
    expect(isOurRendererUrl(url, opts)).toBe(ok);
  });

  it('trusts the dev server only when unpackaged', () => {
    const base = { rendererDir: DIR, devServerUrl: DEV };
    expect(isOurRendererUrl(`${DEV}/#/mfa`, { ...base, isPackaged: false })).toBe(true);
    expect(isOurRendererUrl(`${DEV}/#/mfa`, { ...base, isPackaged: true })).toBe(false);
    expect(isOurRendererUrl('http://localhost:5174/', { ...base, isPackaged: false })).toBe(false);
    expect(isOurRendererUrl('http://localhost.evil.com:5173/', { ...base, isPackaged: false })).toBe(false);
    expect(isOurRendererUrl(`${DEV}/`, { rendererDir: DIR, devServerUrl: '', isPackaged: false })).toBe(false);
  });
});

describe('createSenderCheck', () => {
  const ours = new Set([7]);
  const check = createSenderCheck({ rendererDir: DIR, isPackaged: true, isOurWebContents: (id) => ours.has(id) });
  const event = (id: number, url: string | null, parent: unknown = null) => ({ sender: { id }, senderFrame: url === null ? null : { url, parent } });

  it('accepts the top frame of our window showing our bundle', () => {
    expect(check(event(7, 'app://rolecall/index.html#/'))).toBe(true);
  });

  it.each([
    ['another web contents', event(8, 'app://rolecall/index.html')],
    ['a sub-frame', event(7, 'app://rolecall/index.html', { url: 'x' })],
    ['a file:// page of the bundle', event(7, `file://${DIR}/index.html`)],
    ['a destroyed frame', event(7, null)],
    ['our window navigated away', event(7, 'https://evil.example/')],
  ])('refuses %s', (_label, e) => {
    expect(check(e)).toBe(false);
  });
});
