/**
 * Journey 3 on the built app: two role sessions made from one MFA device near the end of their
 * MFA session, with that MFA session gone from the keychain. When their refresh comes due the user
 * gets exactly one MFA popup for the device (not one per session), and one code renews both.
 *
 * The app and the loopback STS run on the test's clock (createDesktop's `timeShift`): the journey
 * moves time to when the 900-second credentials (the shortest AWS allows) come due for refresh
 * instead of waiting for it, so no verdict depends on the machine's speed. The STS skips its clock
 * skew check only because `/usr/bin/aws` (real time) asks it who the credentials belong to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../fixtures/components';
import type { AppProcess } from '../fixtures/electron-stand-in/harness';
import { ALICE } from '../e2e/support/app-harness';
import { createDesktop, type Desktop } from './support/app-env';
import { enterCode, switchFromTray } from './support/steps';
import { allMfaPopups, expectClean, mainWindow, menuLabels, mfaPopups, shownNotifications, tray } from './support/views';

/** Refresh is due `leadTimeSeconds` (50 s) before the 900-second credentials end: 850 s after a switch. */
const UNTIL_REFRESH_MS = 851_000;

describe.skipIf(missing('chromium', 'keyring', 'aws-cli'))('the built tray app: MFA session running out', () => {
  let desktop: Desktop;
  let app: AppProcess;

  beforeAll(async () => {
    desktop = await createDesktop({
      sts: { checkClockSkew: false },
      timeShift: true,
      settings: { roleDurationSeconds: 900, sessionDurationSeconds: 900, leadTimeSeconds: 50, roleTargets: { readonly: 'ro' } },
    });
    app = await desktop.start();
    await app.waitFor('the main window with its page', (s) => mainWindow(s)?.exposed.length);
  });
  afterAll(async () => {
    await desktop?.close();
  });

  it('3. several sessions of one device expiring without an MFA session: exactly one popup, one code renews both', async () => {
    await switchFromTray(app, desktop, 'admin');
    await switchFromTray(app, desktop, 'readonly', { code: false }); // the fresh MFA session still covers it
    const keysBefore = desktop.readCredentials().match(/aws_access_key_id = \S+/g);
    expect(keysBefore).toHaveLength(2);
    const popupsBefore = allMfaPopups(await app.state()).length;
    expect(popupsBefore).toBe(1);
    // the MFA session is gone (it would have ended before the next refresh anyway)
    expect(await desktop.keychain.deleteMfaSession('dev')).toBe(true);

    await desktop.advance(app, UNTIL_REFRESH_MS);
    const waiting = await app.waitFor('both sessions waiting for a code', (s) => {
      const labels = menuLabels(tray(s).menu);
      return labels.includes('admin — waiting for MFA code') && labels.includes('readonly — waiting for MFA code') && s;
    });
    expect(allMfaPopups(waiting)).toHaveLength(popupsBefore + 1);
    expect(mfaPopups(waiting)).toHaveLength(1);
    expect(menuLabels(tray(waiting).menu)).toContain('Enter MFA code…');
    const heads = shownNotifications(waiting).filter((n) => / expires in /.test(n.title));
    expect(heads.map((n) => n.title.split(' ')[0]).sort()).toEqual(['admin', 'readonly']);
    expect(new Set(heads.map((n) => n.body))).toEqual(new Set(['Enter an MFA code to keep the session going.']));
    const prompt = await app.page<string>(mfaPopups(waiting)[0]!.id, { type: 'waitForText', text: ALICE.mfaSerial });
    expect(prompt).toContain('admin');
    expect(prompt).toContain('readonly');

    await enterCode(app, desktop);
    const renewed = await app.waitFor('both sessions renewed', (s) => {
      const labels = menuLabels(tray(s).menu);
      return mfaPopups(s).length === 0 && !labels.some((l) => l.includes('waiting for MFA code')) && !labels.includes('Enter MFA code…') && s;
    });
    expect(allMfaPopups(renewed)).toHaveLength(popupsBefore + 1);
    const keysAfter = desktop.readCredentials().match(/aws_access_key_id = \S+/g);
    expect(keysAfter).toHaveLength(2);
    expect(keysAfter!.filter((k) => keysBefore!.includes(k))).toEqual([]);
    expect((await desktop.callerIdentity('ro')).Arn).toMatch(/^arn:aws:sts::444455556666:assumed-role\/ReadOnly\//);
    expect(desktop.sts.calls.filter((c) => c.action === 'GetSessionToken' && c.status === 200)).toHaveLength(2);
    expectClean(renewed);
  });
});
