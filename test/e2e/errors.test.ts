/**
 * Journey 6: what the user sees when it goes wrong — a wrong MFA code, a reused one, STS refusing
 * the clock, a locked keychain — each with its message and suggested action, and nothing written.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/sessions/clock';
import { keychainFailureError } from '../../electron/core/keychain/keychain-errors';
import { MemorySecretStore } from '../../electron/core/keychain/memory-store';
import { missing } from '../fixtures/components';
import { ALICE, startApp, type App } from './support/app-harness';
import { captureView, launchChromium } from './support/browser';

const POLL = { timeout: 15_000, interval: 100 };
const STEP = 30_000;

/** The start of a TOTP step near now: every clock in these journeys is a ManualClock set from it. */
const stepStart = (): number => (Math.floor(Date.now() / STEP) + 2) * STEP;

/** A well-formed code STS will refuse: none of the codes of the steps around the app's instant. */
function wrongCode(app: App, now: number): string {
  const near = [-STEP, 0, STEP].map((d) => app.sts.totp(ALICE.mfaSerial, new Date(now + d)));
  return ['000000', '111111', '222222'].find((c) => !near.includes(c))!;
}

const focusedName = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('name'));

describe.skipIf(missing('chromium', 'keyring', 'aws-cli'))('journey 6: errors users can act on', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  // Each journey gets its own app, page and clock: a failure in one leaves no prompt or session
  // behind for the next, so one failure reports one failure.
  describe('MFA and STS', () => {
    let app: App | undefined;
    let clock: ManualClock;
    let page: Page;
    let problems: string[];
    /** `pageClock`: off where a screenshot and axe run (they need the page's live timers). */
    async function start(offsetInStep: number, pageClock = true): Promise<void> {
      clock = new ManualClock(stepStart() + offsetInStep);
      app = await startApp(browser, { seedDev: true, clock, pageClock });
      ({ page, problems } = await app.open('/'));
    }
    afterEach(async () => {
      const seen = problems;
      await app?.close();
      app = undefined;
      expect(seen).toEqual([]);
    });

    it('a wrong code: field cleared, focus kept, a gentle message, nothing written', async () => {
      await start(10_000, false);
      await page.getByRole('button', { name: 'Switch to admin' }).click();
      const prompt = page.getByRole('region', { name: 'MFA code needed' });
      await prompt.waitFor();
      await page.getByLabel('6-digit code').pressSequentially(wrongCode(app!, clock.now()));
      const alert = prompt.getByRole('alert');
      await alert.waitFor(POLL);
      expect(await alert.textContent()).toContain('That code was not accepted');
      expect(await alert.textContent()).toContain(`The MFA code was not accepted for ${ALICE.mfaSerial}.`);
      expect(await alert.getAttribute('class')).toContain('gentle');
      expect(await page.getByLabel('6-digit code').inputValue()).toBe('');
      expect(await focusedName(page)).toBe('mfa-code');
      expect(await captureView(page, 'mfa-wrong-code')).toEqual([]);
      expect(existsSync(app!.credentialsFile)).toBe(false);

      // the prompt stays open: the right code still works
      await page.getByLabel('6-digit code').pressSequentially(app!.sts.totp(ALICE.mfaSerial));
      await page.locator('.active-item[data-target="default"]').waitFor(POLL);
      expect(app!.readCredentials()).toContain('[default]');
    });

    // The instants that matter: a step's first millisecond, its middle, and its last second,
    // where "Next code in 0 s" used to appear. The wait is the time to the next step, rounded up.
    it.each([
      [0, 30],
      [1, 30],
      [15_000, 15],
      [28_999, 2],
      [29_000, 1],
      [29_999, 1],
    ])('a reused code %i ms into its step: "Next code in %i s", then the next code works', async (offset, seconds) => {
      await start(offset);
      const used = app!.sts.totp(ALICE.mfaSerial);
      await app!.core.switchTo('admin', { mfaCode: used });
      // sign out of everything, which also forgets the MFA session: the next switch needs a code
      await page.getByRole('link', { name: /Sessions/ }).click();
      await page.getByRole('button', { name: 'Sign out of all' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Sign out of all' }).click();
      await page.getByText('No active session.').waitFor(POLL);
      expect(app!.readCredentials()).not.toContain('[default]');

      await page.getByRole('link', { name: 'Profiles' }).click();
      await page.getByRole('button', { name: 'Switch to readonly' }).click();
      await page.getByLabel('6-digit code').pressSequentially(used);
      const prompt = page.getByRole('region', { name: 'MFA code needed' });
      const alert = prompt.getByRole('alert');
      await alert.waitFor(POLL);
      expect(await alert.textContent()).toContain('That code was already used');
      const wait = prompt.getByRole('status');
      expect(await wait.textContent()).toBe(`Next code in ${seconds} s.`);
      expect(await focusedName(page)).toBe('mfa-code');
      expect(app!.readCredentials()).not.toContain('[default]');

      // one second before the wait ends it still counts; at its end it says the code is there
      await app!.advance((seconds - 1) * 1000);
      await expect.poll(() => wait.textContent(), POLL).toBe('Next code in 1 s.');
      await app!.advance(1000);
      await expect.poll(() => wait.textContent(), POLL).toBe('Your device shows a new code now: enter it.');

      // the device's next code is accepted by STS and the switch completes
      await page.getByLabel('6-digit code').pressSequentially(app!.sts.totp(ALICE.mfaSerial));
      await prompt.waitFor({ state: 'detached', ...POLL });
      await page.locator('.active-item[data-target="default"]').waitFor(POLL);
      expect(app!.readCredentials()).toContain('[default]');
    });

    it('a reused code, cancelled: the row says a code is needed', async () => {
      await start(20_000);
      const used = app!.sts.totp(ALICE.mfaSerial);
      await app!.core.switchTo('admin', { mfaCode: used });
      await app!.core.signOutAll();
      await page.getByRole('button', { name: 'Switch to readonly' }).click();
      await page.getByLabel('6-digit code').pressSequentially(used);
      const prompt = page.getByRole('region', { name: 'MFA code needed' });
      await prompt.getByRole('alert').waitFor(POLL);
      await prompt.getByRole('button', { name: 'Cancel' }).click();
      await prompt.waitFor({ state: 'detached' });
      const row = page.locator('li[data-profile="readonly"]');
      await expect.poll(() => row.getByRole('alert').textContent(), POLL).toContain('An MFA code is needed');
    });

    it('STS refusing the clock: the message says how far off it is and what to do', async () => {
      await start(5_000, false);
      app!.sts.injectFault({ kind: 'skew', action: 'GetSessionToken' });
      await page.getByRole('button', { name: 'Switch to admin' }).click();
      await page.getByLabel('6-digit code').pressSequentially(app!.sts.totp(ALICE.mfaSerial));
      const row = page.locator('li[data-profile="admin"]');
      await expect.poll(() => row.getByRole('alert').textContent(), POLL).toContain('Your clock is out of sync');
      const text = await row.getByRole('alert').textContent();
      expect(text).toMatch(/Your computer's clock is \d+ s .*behind AWS's time/);
      expect(text).toContain('Sync your system clock (turn on automatic date and time), then try again.');
      expect(await captureView(page, 'error-clock-skew')).toEqual([]);
      expect(app!.readCredentials()).not.toContain('[default]');
    });
  });

  describe('locked keychain', () => {
    let app: App | undefined;
    afterEach(async () => {
      await app?.close();
      app = undefined;
    });

    it('says the keychain is locked and how to unlock it, then recovers on reload', async () => {
      const secrets = new MemorySecretStore({ sources: { dev: { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey, mfaSerial: ALICE.mfaSerial } } });
      // the error the real keychain store raises when the Secret Service reports a locked collection
      secrets.failWith(keychainFailureError({ message: 'Cannot get secret of a locked object' }));
      app = await startApp(browser, { secrets });
      const { page, problems } = await app.open('/');
      const alert = page.getByRole('alert');
      await alert.waitFor(POLL);
      expect(await alert.textContent()).toContain('Your keychain is locked');
      expect(await alert.textContent()).toContain('source profiles kept in the keychain are missing');
      // file profiles are still listed; the role whose source is in the keychain says why it cannot work
      expect(await page.locator('li[data-profile="admin"]').textContent()).toContain('source_profile "dev"');
      expect(await alert.textContent()).toContain('Unlock your keychain (for GNOME Keyring: open Seahorse and unlock the "Login" keyring), then try again.');
      expect(await captureView(page, 'error-keychain-locked')).toEqual([]);

      // adding a source while locked says the same, and stores nothing anywhere
      await page.getByRole('link', { name: 'Add source profile' }).click();
      await page.getByLabel('Profile name').fill('work');
      await page.getByLabel('Access key ID').fill(ALICE.accessKeyId);
      await page.getByLabel('Secret access key').fill(ALICE.secretAccessKey);
      await page.getByRole('button', { name: 'Verify and save' }).click();
      await expect.poll(() => page.getByRole('alert').textContent(), POLL).toContain('Your keychain is locked');
      expect(existsSync(app.credentialsFile)).toBe(false);

      secrets.failWith();
      await page.getByRole('link', { name: 'Profiles' }).click();
      // the view shows the last error until reloaded: Reload is the action it offers
      await page.getByRole('button', { name: 'Reload' }).click();
      await page.locator('li[data-profile="dev"]').waitFor(POLL);
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await page.locator('li[data-profile="admin"] .row__invalid').count()).toBe(0);
      expect(await secrets.listSources()).toEqual(['dev']);

      expect(problems).toEqual([]);
    });
  });
});
