/**
 * Journeys 1, 2 and 5 on the built app (out/main, out/preload, out/renderer) running under the
 * Electron stand-in in its own process, against the real keychain, temp AWS files and the
 * signature-verifying loopback STS: start with one tray icon listing the switchable profiles and a
 * second launch focusing the first; "Switch to admin" from the tray through the MFA popup in
 * Chromium to a role session the AWS CLI signs with; quit leaving no socket, token or worker.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelPaths } from '../../electron/core/credential-process/channel-paths';
import { managedSectionsIn } from '../../electron/core/aws-files/section-writer';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/web-security';
import { missing } from '../fixtures/components';
import type { AppProcess } from '../fixtures/electron-stand-in/harness';
import { ALICE } from '../e2e/support/app-harness';
import { createDesktop, type Desktop } from './support/app-env';
import { processGone } from './support/processes';
import { expectClean, mainWindow, menuLabels, mfaPopups, openWindows, SECURE_PREFS, shownNotifications, tray } from './support/views';

describe.skipIf(missing('chromium', 'keyring', 'aws-cli'))('the built tray app: start, switch, quit', () => {
  let desktop: Desktop;
  let app: AppProcess;

  beforeAll(async () => {
    desktop = await createDesktop();
    app = await desktop.start();
  });
  afterAll(async () => {
    await desktop?.close();
  });

  it('1. starts with one tray icon whose menu lists the switchable profiles; a second launch focuses the first', async () => {
    const s = await app.waitFor('the profiles in the tray', (s) => s.trays.some((t) => menuLabels(t.menu).includes('Switch to admin')) && s);
    const t = tray(s);
    expect(t.image).toMatchObject({ path: expect.stringMatching(/assets\/tray\.png$/), empty: false, width: 32, height: 32 });
    expect(t.toolTip).toBe('Rolecall — no active session');
    // admin looks elevated (W4): it is offered time-boxed too
    const timeBoxed = ['Switch to admin for…', 'Switch to admin for… › 15 min', 'Switch to admin for… › 30 min', 'Switch to admin for… › 1 h'];
    expect(menuLabels(t.menu)).toEqual(['444455556666', 'Switch to admin', ...timeBoxed, 'Switch to readonly', 'Other', 'Switch to dev', 'Open Rolecall…', 'Quit Rolecall']);
    expect(s.sandboxEnabled).toBe(true);

    // the main window: the built renderer through the built preload, with the secure options
    const main = await app.waitFor('the main window with its page', (s) => {
      const w = mainWindow(s);
      return w?.exposed.length && w.url === 'app://rolecall/index.html#/' && w;
    });
    expect(openWindows(await app.state())).toHaveLength(1);
    expect(main.options).toMatchObject({ title: 'Rolecall', show: false, webPreferences: { ...SECURE_PREFS, preload: expect.stringMatching(/out\/preload\/index\.js$/) } });
    expect(main.exposed).toEqual(['api']);
    // the renderer reached the real handlers through the real preload: the profiles are listed
    const text = await app.page<string>(main.id, { type: 'waitForRole', role: 'button', name: 'Switch to admin' });
    expect(text).toContain('Account 444455556666');

    // the user closes the window: a tray app hides it and keeps running
    expect(await app.call('closeWindow', { windowId: main.id })).toBe(false);
    await app.waitFor('the window hidden', (s) => mainWindow(s)?.visible === false);

    // launching Rolecall again: the second process leaves, the first shows its window
    const focusBefore = (await app.state()).windows.find((w) => w.id === main.id)!.focusCount;
    const second = await desktop.start();
    expect(await second.exited).toEqual({ code: 0, signal: null });
    const shown = await app.waitFor('the window shown again', (s) => {
      const w = mainWindow(s);
      return w?.visible && w.focusCount > focusBefore && s;
    });
    expect(openWindows(shown)).toHaveLength(1);
    expect(shown.trays).toHaveLength(1);
    expectClean(shown);
  });

  it('2. "Switch to admin" in the tray: MFA popup, code typed, role session the AWS CLI signs with, countdown, notification', async () => {
    await app.clickTray('Switch to admin');
    const popup = await app.waitFor('the MFA popup with its page', (s) => mfaPopups(s).find((w) => w.url.includes('#/mfa?serial=')));
    expect(popup.url).toContain(`#/mfa?serial=${encodeURIComponent(ALICE.mfaSerial)}`);
    expect(popup.options).toMatchObject({ title: 'Rolecall — MFA code', alwaysOnTop: true, skipTaskbar: true, resizable: false, webPreferences: SECURE_PREFS });
    expect(popup.visible).toBe(true);

    // the page's policy is in force: an injected inline script is refused
    const csp = await app.page<{ inlineRan: boolean; violated: string[]; meta: string }>(popup.id, { type: 'csp' });
    // refused twice: by the app:// handler's header and by the page's meta tag
    expect(csp).toMatchObject({ inlineRan: false, violated: ['script-src-elem', 'script-src-elem'], origin: 'app://rolecall' });
    expect(csp.meta).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));

    const prompt = await app.page<string>(popup.id, { type: 'waitForText', text: ALICE.mfaSerial });
    expect(prompt).toContain('admin');
    await app.page(popup.id, { type: 'fillByLabel', label: '6-digit code', value: desktop.sts.totp(ALICE.mfaSerial), sequentially: true });

    const s = await app.waitFor('the switch to finish', (s) => shownNotifications(s).some((n) => n.title === 'Switched to admin') && s);
    expect(mfaPopups(s)).toEqual([]);
    const notification = shownNotifications(s).find((n) => n.title === 'Switched to admin')!;
    expect(notification.body).toMatch(/^arn:aws:sts::444455556666:assumed-role\/Admin\/\S+\nValid until .+ in the "default" profile\.$/);

    const labels = menuLabels(tray(s).menu);
    expect(labels[0]).toMatch(/^admin — (1 h 00 min|59 min)$/);
    expect(labels).toContain('Sign out of all');
    expect(tray(s).toolTip).toMatch(/^Rolecall\nadmin — (1 h 00 min|59 min) \(→ default\)$/);
    expect(tray(s).image.path).toMatch(/assets\/tray-active\.png$/);

    // on disk: a role session in [default], no long-term secret; the AWS CLI signs with it and STS accepts
    const written = desktop.readCredentials();
    expect(written).toMatch(/\[default\][^[]*aws_access_key_id = ASIA/);
    expect(written).not.toContain(ALICE.secretAccessKey);
    const who = await desktop.callerIdentity('default');
    expect(who.Arn).toMatch(/^arn:aws:sts::444455556666:assumed-role\/Admin\//);
    // the MFA session went to the keychain, not to a file
    expect(await desktop.keychain.getMfaSession('dev')).toMatchObject({ mfaSerial: ALICE.mfaSerial, sourceProfile: 'dev' });
    expectClean(s);
  });

  it('5. "Quit Rolecall": the process ends, the socket and token file are gone, the keychain worker has exited', async () => {
    const before = await app.state();
    const worker = before.utilityProcesses.find((u) => u.exitCode === undefined);
    expect(worker).toMatchObject({ modulePath: expect.stringMatching(/out\/main\/keychain-worker\.js$/), serviceName: 'Rolecall keychain' });
    const { socketPath, tokenPath } = channelPaths(desktop.appDataDir);
    expect(existsSync(socketPath)).toBe(true);
    expect(existsSync(tokenPath)).toBe(true);
    const written = desktop.readCredentials();

    await app.clickTray('Quit Rolecall').catch(() => undefined); // the process may be gone before it answers
    expect(await app.exited).toEqual({ code: 0, signal: null });

    expect(existsSync(socketPath)).toBe(false);
    expect(existsSync(tokenPath)).toBe(false);
    expect(processGone(worker!.pid!)).toBe(true);
    // sessions outlive the app (other tools keep working until they expire) and are adopted next
    // start: their record is the marker in the credentials file, which quitting leaves as it was
    expect(desktop.readCredentials()).toBe(written);
    expect(managedSectionsIn(written).map((m) => [m.name, m.source])).toEqual([['default', 'admin']]);
    expect(existsSync(`${desktop.appDataDir}/agent.lock`)).toBe(false);
    expect(existsSync(`${desktop.userDataDir}/SingletonLock`)).toBe(false);
  });
});
