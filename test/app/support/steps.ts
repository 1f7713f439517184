/**
 * Steps several journeys share, done the way a user does them: pick "Switch to <profile>" in the
 * tray, read the MFA popup, type the code the device shows, and wait for the notification.
 */
import { expect } from 'vitest';
import type { AppProcess } from '../../fixtures/electron-stand-in/harness';
import { ALICE } from '../../e2e/support/app-harness';
import type { Desktop } from './app-env';
import { mfaPopups, shownNotifications } from './views';

/** Types the device's current code into the one open MFA popup. */
export async function enterCode(app: AppProcess, desktop: Desktop): Promise<void> {
  const popup = await app.waitFor('the MFA popup with its page', (s) => mfaPopups(s).find((w) => w.url.includes('#/mfa?serial=')));
  await app.page(popup.id, { type: 'waitForText', text: ALICE.mfaSerial });
  await app.page(popup.id, { type: 'fillByLabel', label: '6-digit code', value: desktop.sts.totp(ALICE.mfaSerial), sequentially: true });
}

/**
 * Tray "Switch to <profile>" (or the menu path `item`, e.g. a time box) with an MFA code; resolves
 * once "Switched to <profile>" was shown.
 */
export async function switchFromTray(app: AppProcess, desktop: Desktop, profile: string, opts: { code: boolean; item?: string[] } = { code: true }): Promise<void> {
  const before = shownNotifications(await app.state()).filter((n) => n.title === `Switched to ${profile}`).length;
  await app.clickTray(...(opts.item ?? [`Switch to ${profile}`]));
  if (opts.code) await enterCode(app, desktop);
  const s = await app.waitFor(`the switch to ${profile}`, (s) => shownNotifications(s).filter((n) => n.title === `Switched to ${profile}`).length > before && s);
  expect(mfaPopups(s)).toEqual([]);
}
