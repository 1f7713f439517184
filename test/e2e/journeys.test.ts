/**
 * Journeys 1–4 in Chromium against the built renderer, the real handler map, the real core, the
 * real keychain (gnome-keyring) and the loopback STS. Each asserts what the user sees and what
 * lands on disk (keychain, AWS files, and the AWS CLI using what Rolecall wrote).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { missing } from '../fixtures/components';
import { ALICE, CONFIG, startApp, type App } from './support/app-harness';
import { launchChromium } from './support/browser';

const POLL = { timeout: 15_000, interval: 100 };

describe.skipIf(missing('chromium', 'keyring', 'aws-cli'))('renderer journeys in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('sources', () => {
    let app: App | undefined;
    afterEach(async () => {
      await app?.close();
      app = undefined;
    });

    it('1. adds a source profile: verified identity shown, keys only in the keychain', async () => {
      app = await startApp(browser);
      const { page, problems } = await app.open('/');
      await page.getByRole('link', { name: 'Add source profile' }).click();
      await page.getByLabel('Profile name').fill('dev');
      // one paste of the IAM console's CSV line fills both key fields
      await pasteInto(page, 'Access key ID', `Access key ID,Secret access key\n${ALICE.accessKeyId},${ALICE.secretAccessKey}\n`);
      expect(await page.getByLabel('Secret access key').getAttribute('type')).toBe('password');
      expect(await page.getByLabel('Secret access key').inputValue()).toBe(ALICE.secretAccessKey);
      await page.getByLabel('MFA device ARN (optional)').fill(ALICE.mfaSerial);
      await page.getByRole('button', { name: 'Verify and save' }).click();

      const saved = page.getByRole('status').filter({ hasText: 'Verified identity' });
      await saved.waitFor();
      expect(await saved.textContent()).toContain('arn:aws:iam::111122223333:user/alice');
      await page.getByRole('link', { name: 'Back to profiles' }).click();
      const row = page.locator('li[data-profile="dev"]');
      await row.waitFor();
      const text = await row.textContent();
      expect(text).toContain('Keychain');
      expect(text).toContain(ALICE.accessKeyId);
      expect(text).toContain('Verified as arn:aws:iam::111122223333:user/alice');
      // the roles that use it are listed under their account
      expect(await page.getByRole('heading', { name: /Account 444455556666/ }).count()).toBe(1);

      // on disk: the real keychain holds the keys (read by a second store, i.e. from the Secret Service)…
      expect(await app.keychain!.store.getSource('dev')).toEqual({ accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey, mfaSerial: ALICE.mfaSerial });
      // …the AWS files do not, and the page keeps no copy of the secret
      expect(readFileSync(app.configFile, 'utf8')).toBe(CONFIG);
      expect(app.readCredentials()).not.toContain(ALICE.secretAccessKey);
      expect(await page.content()).not.toContain(ALICE.secretAccessKey);
      expect(app.sts.calls.filter((c) => c.action === 'GetCallerIdentity' && c.accessKeyId === ALICE.accessKeyId)).toHaveLength(1);
      expect(problems).toEqual([]);
    });

    it('2. imports a plaintext profile: keys in the keychain, plaintext gone, other bytes intact', async () => {
      const legacyId = 'AKIAE2ELEGACY0000001';
      const legacySecret = 'legacySecretKey/abcdefghijklmnopqrstuv12';
      const original = [
        '# Work laptop — hand-edited; keep these notes',
        '[legacy]',
        `aws_access_key_id = ${legacyId}`,
        `aws_secret_access_key=${legacySecret}`,
        'region = us-west-2',
        '',
        '; pasted temporary keys stay where they are',
        '[ci-temp]',
        'aws_access_key_id = ASIAE2ECITEMP0000001',
        'aws_secret_access_key = ciTempSecretKey/abcdefghijklmnopqrstuv12',
        'aws_session_token = FwoGZXIvYXdzEXAMPLETOKEN',
        '',
      ].join('\r\n');
      app = await startApp(browser, { credentials: original });
      const { page, problems } = await app.open('/');
      const banner = page.getByRole('region', { name: /1 profile keeps long-term keys in plaintext/ });
      await banner.waitFor();
      const row = page.locator('li[data-profile="legacy"]');
      expect(await row.textContent()).toContain('Plaintext · credentials file');
      await row.getByRole('button', { name: 'Import to keychain (legacy)' }).click();
      const dialog = page.getByRole('alertdialog');
      expect(await dialog.textContent()).toContain(app.credentialsFile);
      await dialog.getByRole('button', { name: 'Import and remove plaintext' }).click();

      await expect.poll(() => row.textContent(), POLL).toContain('Keychain');
      expect(await row.textContent()).not.toContain('Plaintext');
      expect(await banner.count()).toBe(0);
      await expect.poll(() => page.locator('.notice').allTextContents(), POLL).toEqual([expect.stringContaining('is now in the keychain; the old file was backed up to')]);

      // on disk: the keychain has the keys; the file lost exactly the two key lines, byte for byte otherwise
      expect(await app.keychain!.store.getSource('legacy')).toEqual({ accessKeyId: legacyId, secretAccessKey: legacySecret });
      const expected = original.replace(`aws_access_key_id = ${legacyId}\r\n`, '').replace(`aws_secret_access_key=${legacySecret}\r\n`, '');
      expect(app.readCredentials()).toBe(expected);
      const backups = readdirSync(join(app.home, '.aws')).filter((f) => f !== 'credentials' && f.startsWith('credentials'));
      expect(backups).toHaveLength(1);
      // the backup keeps every byte but the scrubbed secret (#13 medium 1)
      expect(readFileSync(join(app.home, '.aws', backups[0]!), 'utf8')).toBe(
        original.replace(`aws_secret_access_key=${legacySecret}`, '# aws_secret_access_key redacted by Rolecall (the key is kept in the OS keychain)'),
      );
      expect(problems).toEqual([]);
    });
  });

  // Each journey starts from its own app and page, so a failure in one leaves no prompt, session
  // or MFA session behind for the next: one failure reports one failure.
  describe('switching to MFA-protected roles', () => {
    let app: App;
    let page: Page;
    let problems: string[];
    beforeEach(async () => {
      app = await startApp(browser, { seedDev: true });
      ({ page, problems } = await app.open('/'));
    });
    afterEach(async () => {
      await app?.close();
    });

    it('3. switches to admin: MFA entry, countdown, and the AWS CLI works with the target profile', async () => {
      await page.getByRole('button', { name: 'Switch to admin' }).click();
      const prompt = page.getByRole('region', { name: 'MFA code needed' });
      await prompt.waitFor();
      expect(await prompt.textContent()).toContain(ALICE.mfaSerial);
      expect(await prompt.textContent()).toContain('admin');
      // typed digit by digit: the sixth submits on its own
      await page.getByLabel('6-digit code').pressSequentially(app.sts.totp(ALICE.mfaSerial));

      const active = page.locator('.active-item[data-target="default"]');
      await active.waitFor(POLL);
      await prompt.waitFor({ state: 'detached' });
      expect(await active.textContent()).toContain('default ← admin');
      expect(await active.getByRole('timer').textContent()).toMatch(/^(1 h 00 min|59 min)$/);

      await page.getByRole('link', { name: /Sessions/ }).click();
      const card = page.locator('.card[data-target="default"]');
      await card.waitFor();
      expect(await card.textContent()).toContain('arn:aws:sts::444455556666:assumed-role/Admin/');
      expect(await card.getByRole('timer').getAttribute('aria-label')).toMatch(/^Time left in default: (1 h 00 min|59 min) left$/);
      expect(await card.locator('.countdown-block').getAttribute('data-level')).toBe('ok');

      // on disk: a Rolecall section with session keys that the AWS CLI accepts
      const written = app.readCredentials();
      expect(written).toMatch(/\[default\][^[]*aws_access_key_id = ASIA/);
      expect(written).not.toContain(ALICE.secretAccessKey);
      const who = await app.callerIdentity('default');
      expect(who.Arn).toMatch(/^arn:aws:sts::444455556666:assumed-role\/Admin\//);
      expect(app.sts.calls.filter((c) => c.action === 'GetSessionToken' && c.status === 200)).toHaveLength(1);
      expect(problems).toEqual([]);
    });

    it('4. switches a second role of the same source without a new code', async () => {
      // the state journey 3 ends in: admin active in default, the MFA session cached
      await app.core.switchTo('admin', { mfaCode: app.sts.totp(ALICE.mfaSerial) });
      await page.locator('.active-item[data-target="default"]').filter({ hasText: 'default ← admin' }).waitFor(POLL);
      const tokensBefore = app.sts.calls.filter((c) => c.action === 'GetSessionToken').length;
      const keyBefore = /aws_access_key_id = (\S+)/.exec(app.readCredentials())?.[1];
      await page.getByRole('link', { name: 'Profiles' }).click();
      await page.getByRole('button', { name: 'Switch to readonly' }).click();

      const active = page.locator('.active-item[data-target="default"]');
      await expect.poll(() => active.textContent(), POLL).toContain('default ← readonly');
      expect(await page.getByLabel('6-digit code').count()).toBe(0);
      expect(app.core.pendingMfa()).toEqual([]);
      expect(await page.locator('li[data-profile="readonly"]').textContent()).toContain('active in default');

      // on disk: new keys in the same target, made from the cached MFA session (no second GetSessionToken)
      const keyAfter = /aws_access_key_id = (\S+)/.exec(app.readCredentials())?.[1];
      expect(keyAfter).toMatch(/^ASIA/);
      expect(keyAfter).not.toBe(keyBefore);
      expect(app.sts.calls.filter((c) => c.action === 'GetSessionToken')).toHaveLength(tokensBefore);
      const who = await app.callerIdentity('default');
      expect(who.Arn).toMatch(/^arn:aws:sts::444455556666:assumed-role\/ReadOnly\//);
      expect(problems).toEqual([]);
    });
  });
});

/** A real paste event (clipboard data and all), as the browser fires it for Ctrl+V. */
async function pasteInto(page: Page, label: string, text: string): Promise<void> {
  const field = page.getByLabel(label);
  await field.focus();
  await field.evaluate((el, value) => {
    const G = globalThis as unknown as { DataTransfer: new () => { setData(t: string, v: string): void }; ClipboardEvent: new (type: string, init: unknown) => unknown };
    const data = new G.DataTransfer();
    data.setData('text/plain', value);
    (el as unknown as { dispatchEvent(e: unknown): boolean }).dispatchEvent(new G.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}
