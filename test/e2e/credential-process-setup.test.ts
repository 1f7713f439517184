/**
 * "Use with AWS CLI…" in Chromium against the real handler map and core: the dialog passes axe in
 * light and dark, a confirm writes `[profile admin-rolecall]` with a credential_process line to the
 * config file (appended; every byte before it unchanged, and the backup holds the original), and
 * the page shows the section, the command to try and the backup path. Also About → Diagnostics
 * over the same core.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../fixtures/components';
import { startApp, type App } from './support/app-harness';
import { captureView, launchChromium } from './support/browser';
import { ROOT } from './support/renderer-build';

const POLL = { timeout: 15_000, interval: 100 };

describe.skipIf(missing('chromium', 'keyring'))('credential_process setup from a profile row', () => {
  let browser: Browser;
  let app: App;
  beforeAll(async () => {
    browser = await launchChromium();
    app = await startApp(browser, { seedDev: true });
  });
  afterAll(async () => {
    await app?.close();
    await browser?.close();
  });

  it('writes [profile admin-rolecall] for the admin role and shows how to use it', async () => {
    const original = readFileSync(app.configFile);
    const { page, problems } = await app.open('/');
    const row = page.locator('li[data-profile="admin"]');
    const opener = row.getByRole('button', { name: 'Use with AWS CLI… (admin)' });
    await opener.click();

    const dialog = page.getByRole('dialog', { name: 'Use “admin” with the AWS CLI' });
    await dialog.waitFor();
    const name = dialog.getByLabel('New AWS CLI profile name');
    expect(await name.inputValue()).toBe('admin-rolecall');
    expect(await name.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    expect(await dialog.textContent()).toContain('credential_process = rolecall credential-process --profile admin');
    expect(await captureView(page, 'credential-process-dialog')).toEqual([]);

    await dialog.getByRole('button', { name: 'Write profile' }).click();
    const done = page.getByRole('dialog', { name: 'Written to your AWS config' });
    const hint = done.getByLabel('Try it in a terminal');
    await hint.waitFor(POLL);
    expect(await hint.inputValue()).toBe('aws sts get-caller-identity --profile admin-rolecall');
    expect(await done.getByRole('status').first().textContent()).toContain(`Wrote [profile admin-rolecall] to ${app.configFile}`);

    // on disk: the original bytes untouched, the new section appended after them
    const after = readFileSync(app.configFile);
    expect(after.subarray(0, original.length).equals(original)).toBe(true);
    const added = after.subarray(original.length).toString('utf8');
    const lines = added.split('\n');
    expect(lines[0]).toBe('[profile admin-rolecall]');
    expect(lines.filter((l) => l.startsWith('credential_process = '))).toEqual([`credential_process = "${process.execPath}" "${ROOT}/bin/rolecall.cjs" credential-process --profile admin`]);
    expect(added).toContain('region = eu-west-1');

    // the backup the page names holds the file as it was
    const backup = await done.locator('p', { hasText: 'backed up to' }).locator('.mono').textContent();
    expect(backup).toMatch(/config\.rolecall-backup-/);
    expect(readFileSync(backup!).equals(original)).toBe(true);
    expect(await captureView(page, 'credential-process-done')).toEqual([]);

    // the new profile is listed (as Rolecall's), and closing returns focus to the row's button
    await page.getByText('Other profiles').waitFor(POLL);
    await done.getByRole('button', { name: 'Done' }).click();
    await done.waitFor({ state: 'detached' });
    expect(await opener.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('About → Diagnostics runs doctor’s checks on the real core and lists them accessibly', async () => {
    const { page, problems } = await app.open('/about');
    await page.getByRole('button', { name: 'Run checks' }).click();
    const list = page.getByRole('list', { name: 'Check results' });
    await list.waitFor(POLL);
    const items = list.getByRole('listitem');
    expect(await items.count()).toBeGreaterThan(0);
    for (const text of await items.locator('.badge').allTextContents()) expect(['OK', 'Warning', 'Failed']).toContain(text);
    // the keychain holds dev: that check passes
    expect(await list.locator('[data-check="keychain"] .badge').textContent()).toBe('OK');
    expect(await captureView(page, 'about-diagnostics')).toEqual([]);
    expect(problems).toEqual([]);
  });
});
