/**
 * Key rotation and key age in Chromium: the built renderer, the real handler map, the real core,
 * the real keychain (gnome-keyring) and the loopback IAM (STS + IAM, signatures and session tokens
 * verified, the two-key limit, eventual consistency). The user sees the key-age badge, rotates from
 * the source's row (MFA code typed into the app's prompt, progress lines, the key to delete named
 * when there are two), changes the age threshold in Settings; the keychain and IAM are checked
 * after, and nothing the pages received carries a secret — except the one-time display of a new
 * key the keychain failed to store, which is gone from the page once its dialog closes.
 */
import type { Browser, Page } from 'playwright-core';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RolecallError } from '../../electron/core/errors';
import { createKeychainStore, type KeychainStore } from '../../electron/core/keychain/keychain-store';
import { missing } from '../fixtures/components';
import { createKeyAs } from '../fixtures/loopback-iam/iam-sdk';
import { stsClientFor } from '../fixtures/loopback-sts/sdk';
import { ALICE, startApp, type App } from './support/app-harness';
import { captureView, launchChromium } from './support/browser';

const POLL = { timeout: 20_000, interval: 100 };
const DAY = 86_400_000;
/** IAM's backoff, shrunk: the refusals are counted by the fixture, not timed. */
const FAST = [1, 1, 1, 1, 1];

describe.skipIf(missing('chromium', 'keyring'))('key rotation and key age in Chromium', () => {
  let browser: Browser;
  let app: App | undefined;
  let extraStore: KeychainStore | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    for (const name of (await extraStore?.listSources().catch(() => [] as string[])) ?? []) {
      await extraStore?.deleteSource(name).catch(() => false);
      await extraStore?.deleteMfaSession(name).catch(() => false);
      await extraStore?.deleteRotationJournal(name).catch(() => false);
    }
    extraStore?.close();
    extraStore = undefined;
  });
  afterAll(async () => {
    await browser?.close();
  });

  const row = (page: Page) => page.locator('li[data-profile="dev"]');

  async function rotateFromRow(page: Page, a: App): Promise<ReturnType<Page['getByRole']>> {
    await row(page).getByRole('button', { name: 'Rotate keys of dev' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Rotate the access key of “dev”' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(ALICE.accessKeyId);
    await dialog.getByRole('button', { name: 'Rotate', exact: true }).click();
    // the IAM calls need MFA: the app's own prompt, shown inside the modal dialog
    await dialog.getByLabel('6-digit code').pressSequentially(a.sts.totp(ALICE.mfaSerial));
    return dialog;
  }

  it('an old key shows a warning badge; Rotate keys… with MFA and IAM eventual consistency leaves one new working key', async () => {
    app = await startApp(browser, { seedDev: true, keyCreateDate: new Date(Date.now() - 120 * DAY), rotationVerifyDelaysMs: FAST });
    app.sts.setNewKeyRefusals(2);
    const { page, problems } = await app.open('/');
    const badge = row(page).locator('[data-key-age]');
    await expect.poll(() => badge.getAttribute('data-key-age'), POLL).toBe('old');
    expect(await badge.textContent()).toMatch(/^Key 1(19|20) days old — rotate \(over 90\)$/);
    expect(await row(page).locator('[data-key-last-used]').textContent()).toMatch(/^(never used|last used \d{4}-\d\d-\d\d.*)$/);

    const dialog = await rotateFromRow(page, app);
    await dialog.getByRole('status').filter({ hasText: 'now uses' }).waitFor(POLL);
    const stored = (await app.keychain!.store.getSource('dev'))!;
    const progress = await dialog.getByRole('list', { name: 'Progress' }).locator('li').allTextContents();
    expect(progress[0]).toBe(`Waiting for an MFA code from ${ALICE.mfaSerial}…`);
    expect(progress).toEqual(expect.arrayContaining([`Storing ${stored.accessKeyId} in the keychain…`, `Checking that AWS accepts ${stored.accessKeyId}…`, `Deleting the old key ${ALICE.accessKeyId}…`]));
    expect(progress.filter((l) => l.includes('not made the new key known'))).toHaveLength(2);
    expect(await captureView(page, 'rotate-keys-done')).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    // the keychain holds the new key, IAM only that key, STS accepts it; the badge is fresh
    expect(stored.accessKeyId).not.toBe(ALICE.accessKeyId);
    expect(stored.secretAccessKey).toBe(app.sts.secretOf(stored.accessKeyId));
    expect(stored.mfaSerial).toBe(ALICE.mfaSerial);
    expect(app.sts.keyIds(ALICE.userName)).toEqual([stored.accessKeyId]);
    expect((await stsClientFor(app.sts, stored).send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::111122223333:user/alice');
    await expect.poll(() => badge.textContent(), POLL).toBe('Key 0 days old');
    expect(await row(page).textContent()).toContain(stored.accessKeyId);

    // nothing the page received or shows carries either secret
    const received = JSON.stringify(app.sentEvents);
    for (const secret of [stored.secretAccessKey, ALICE.secretAccessKey]) {
      expect(received).not.toContain(secret);
      expect(await page.content()).not.toContain(secret);
    }
    expect(app.sentEvents.some((e) => e.wire === 'event:rotation-progress')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('with two keys, names the key it would delete and deletes it only when the user says so', async () => {
    app = await startApp(browser, { seedDev: true, rotationVerifyDelaysMs: FAST });
    const other = await createKeyAs(app.sts, ALICE);
    const { page, problems } = await app.open('/');
    const dialog = await rotateFromRow(page, app);
    const button = dialog.getByRole('button', { name: `Delete ${other} and rotate` });
    await button.waitFor(POLL);
    expect(await dialog.textContent()).toMatch(new RegExp(`would delete ${other} \\(created \\d{4}-\\d\\d-\\d\\d, (never used|last used [^)]+)\\), the one that is not in the keychain\\. Nothing has been changed yet\\.`));
    expect(app.sts.keyIds(ALICE.userName)).toEqual([ALICE.accessKeyId, other]);
    // focus rests on the safe choice
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement)).toBe(true);
    await button.click();
    await dialog.getByRole('status').filter({ hasText: `Also deleted: ${other}.` }).waitFor(POLL);
    const stored = (await app.keychain!.store.getSource('dev'))!;
    expect(app.sts.keyIds(ALICE.userName)).toEqual([stored.accessKeyId]);
    expect(problems).toEqual([]);
  });

  it('the keychain failing mid-way: the new key is shown once, and is gone from the page when the dialog closes', async () => {
    const service = `RolecallE2E-rot-${process.pid}`;
    extraStore = createKeychainStore({ service });
    await extraStore.setSource('dev', { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey, mfaSerial: ALICE.mfaSerial });
    const realSet = extraStore.setRotationJournal.bind(extraStore);
    let writes = 0;
    extraStore.setRotationJournal = async (name, j) => {
      if (++writes === 2) throw new RolecallError('KeychainLocked', 'The keychain is locked.', { action: 'Unlock it and try again.' });
      return realSet(name, j);
    };
    app = await startApp(browser, { secrets: extraStore, rotationVerifyDelaysMs: FAST });
    const { page, problems } = await app.open('/');
    const dialog = await rotateFromRow(page, app);
    const secretField = dialog.getByLabel('Secret access key');
    await secretField.waitFor(POLL);
    const newId = app.sts.keyIds(ALICE.userName).find((id) => id !== ALICE.accessKeyId)!;
    const secret = app.sts.secretOf(newId)!;
    expect(await dialog.getByLabel('Access key ID').inputValue()).toBe(newId);
    expect(await secretField.inputValue()).toBe(secret);
    expect(await dialog.textContent()).toContain('shown only this once');
    expect(await dialog.locator('[data-code="RotationInterrupted"]').textContent()).toContain('The old key still works.');
    // it reached the page only in the reply: no event carried it
    expect(JSON.stringify(app.sentEvents)).not.toContain(secret);

    await dialog.getByRole('button', { name: 'I have kept the key — close' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    // the old key still works from the keychain; opening the dialog again starts afresh
    expect((await extraStore.getSource('dev'))?.accessKeyId).toBe(ALICE.accessKeyId);
    await row(page).getByRole('button', { name: 'Rotate keys of dev' }).click();
    expect(await page.getByRole('alertdialog').textContent()).not.toContain(secret);
    expect(problems).toEqual([]);
  });

  it('Settings: the age threshold is validated, and a lower one turns the badge into a warning', async () => {
    app = await startApp(browser, { seedDev: true, keyCreateDate: new Date(Date.now() - 45 * DAY) });
    const { page, problems } = await app.open('/');
    const badge = row(page).locator('[data-key-age]');
    await expect.poll(() => badge.getAttribute('data-key-age'), POLL).toBe('ok');

    await page.getByRole('link', { name: 'Settings' }).click();
    const field = page.getByLabel('Warn about access keys older than this many days');
    expect(await field.inputValue()).toBe('90');
    for (const bad of ['0', '12.5', '', '4000']) {
      await field.fill(bad);
      await page.getByRole('button', { name: 'Save settings' }).click();
      expect(await page.locator('.field__error').filter({ hasText: 'days' }).textContent()).toBe('Enter a whole number of days from 1 to 3650.');
      expect(app.core.getSettings().keyMaxAgeDays).toBe(90);
    }
    await field.fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(app.core.getSettings().keyMaxAgeDays).toBe(30);

    await page.getByRole('link', { name: 'Profiles' }).click();
    await expect.poll(() => badge.getAttribute('data-key-age'), POLL).toBe('old');
    expect(await badge.textContent()).toMatch(/^Key 4[45] days old — rotate \(over 30\)$/);
    expect(problems).toEqual([]);
  });
});
