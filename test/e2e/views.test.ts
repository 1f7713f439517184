/**
 * Every view in Chromium, with realistic data from the real core: axe-core reports no serious or
 * critical violation in light or dark, and each view is saved as a screenshot (test-artifacts/
 * screenshots/<view>-<light|dark>.png). Also: keyboard focus is visible and the countdown keeps
 * its width when its text changes.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../fixtures/components';
import { ALICE, CONFIG, startApp, type App } from './support/app-harness';
import { captureView, launchChromium } from './support/browser';

const POLL = { timeout: 15_000, interval: 100 };

const MORE_CONFIG = `${CONFIG}
[profile billing]
role_arn = arn:aws:iam::777788889999:role/BillingViewer
source_profile = dev
region = us-east-1

[profile deploy]
role_arn = arn:aws:iam::777788889999:role/Deployer
source_profile = ci
region = us-east-1

[profile sso-sandbox]
sso_session = corp
sso_account_id = 222233334444
sso_role_name = Developer

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
`;

const CREDENTIALS = `[legacy]
aws_access_key_id = AKIAE2ELEGACY0000001
aws_secret_access_key = legacySecretKey/abcdefghijklmnopqrstuv12
`;

describe.skipIf(missing('chromium', 'keyring', 'aws-cli'))('every view: accessibility and screenshots', () => {
  let browser: Browser;
  let app: App;
  beforeAll(async () => {
    browser = await launchChromium();
    app = await startApp(browser, { seedDev: true, config: MORE_CONFIG, credentials: CREDENTIALS });
  });
  afterAll(async () => {
    await app?.close();
    await browser?.close();
  });

  it('MFA popup, then profiles, source form, remove dialog, sessions, settings and about', async () => {
    // a switch waiting for a code, as the tray would start it: main opens the popup route
    const switching = app.handlers['sessions:switch']({ profile: 'admin' });
    await expect.poll(() => app.core.pendingMfa().length, POLL).toBe(1);
    const popup = await app.open(`/mfa?serial=${encodeURIComponent(ALICE.mfaSerial)}`);
    await popup.page.getByLabel('6-digit code').waitFor();
    await popup.page.setViewportSize({ width: 400, height: 420 });
    expect(await captureView(popup.page, 'mfa-popup')).toEqual([]);
    await popup.page.getByLabel('6-digit code').fill(app.sts.totp(ALICE.mfaSerial));
    expect((await switching).ok).toBe(true);
    await popup.page.close();

    const { page, problems } = await app.open('/');
    await page.locator('.active-item[data-target="default"]').waitFor(POLL);
    expect(await captureView(page, 'profiles')).toEqual([]);

    // keyboard: "/" jumps to the filter, and the focused control shows a visible outline
    await page.keyboard.press('/');
    const outline = await page.getByLabel('Filter profiles').evaluate((el) => {
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string } }).getComputedStyle(el);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    });
    expect(outline).toBe('solid 3px');

    await page.getByRole('link', { name: 'Add source profile' }).click();
    await page.getByLabel('Access key ID').fill('ASIA-not-a-key');
    await page.getByRole('button', { name: 'Verify and save' }).click();
    expect(await captureView(page, 'source-add')).toEqual([]);

    await page.getByRole('link', { name: 'Profiles' }).click();
    await page.locator('li[data-profile="dev"]').getByRole('link', { name: 'Edit dev' }).click();
    await page.getByRole('button', { name: 'Remove source' }).click();
    await page.getByRole('alertdialog').waitFor();
    expect(await captureView(page, 'source-remove-confirm')).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });

    await page.getByRole('link', { name: /Sessions/ }).click();
    const card = page.locator('.card[data-target="default"]');
    await card.waitFor();
    expect(await captureView(page, 'sessions')).toEqual([]);
    // the countdown box does not change width with its text ("1 h 00 min" → "9 s")
    const timer = card.getByRole('timer');
    const width = async () => (await timer.boundingBox())!.width;
    const before = await width();
    await timer.evaluate((el) => {
      el.textContent = '9 s';
    });
    expect(await width()).toBe(before);

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Default target profile').waitFor();
    expect(await captureView(page, 'settings')).toEqual([]);
    // a save goes through the real handler into the state store
    await page.getByLabel('Role session length, in seconds').fill('7200');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor(POLL);
    expect(app.core.getSettings().roleDurationSeconds).toBe(7200);

    await page.getByRole('link', { name: 'About' }).click();
    await page.getByText(app.credentialsFile).waitFor();
    expect(await captureView(page, 'about')).toEqual([]);
    expect([...problems, ...popup.problems]).toEqual([]);
  });
});
