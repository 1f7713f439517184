import { describe, expect, it } from 'vitest';
import { createSenderCheck, isFileInBundle, isOurRendererUrl } from '../../../electron/main/trusted-sender';

const DIR = '/opt/Rolecall/resources/app.asar/out/renderer';
const DEV = 'http://localhost:5173';

describe('sender URL check', () => {
  it.each([
    [`file://${DIR}/index.html`, true],
    [`file://${DIR}/index.html#/mfa?serial=arn%3Aaws`, true],
    [`file://localhost${DIR}/index.html`, true],
    [`file://${DIR}/assets/x.js`, true],
    [`file://${DIR}`, false],
    [`file://${DIR}/../renderer-evil/index.html`, false],
    [`file://${DIR}/%2e%2e/%2e%2e/evil.html`, false],
    [`file://${DIR}-evil/index.html`, false],
    [`file://${DIR}/a%2Fb.html`, false],
    ['file:///etc/passwd', false],
    [`file://attacker.example${DIR}/index.html`, false],
    ['https://console.aws.amazon.com/', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s (bundle only)', (url, ok) => {
    expect(isFileInBundle(url, DIR, 'linux')).toBe(ok);
  });

  it('compares Windows paths without regard to case', () => {
    expect(isFileInBundle('file:///c:/program%20files/Rolecall/OUT/renderer/index.html', 'C:\\Program Files\\Rolecall\\out\\renderer', 'win32')).toBe(true);
    expect(isFileInBundle('file:///C:/Program%20Files/Rolecall/out/renderer-x/index.html', 'C:\\Program Files\\Rolecall\\out\\renderer', 'win32')).toBe(false);
    expect(isFileInBundle('file:///D:/Program%20Files/Rolecall/out/renderer/index.html', 'C:\\Program Files\\Rolecall\\out\\renderer', 'win32')).toBe(false);
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
    expect(check(event(7, `file://${DIR}/index.html#/`))).toBe(true);
  });

  it.each([
    ['another web contents', event(8, `file://${DIR}/index.html`)],
    ['a sub-frame', event(7, `file://${DIR}/index.html`, { url: 'x' })],
    ['a destroyed frame', event(7, null)],
    ['our window navigated away', event(7, 'https://evil.example/')],
  ])('refuses %s', (_label, e) => {
    expect(check(e)).toBe(false);
  });
});
