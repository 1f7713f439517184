/**
 * Journey 5: time passes. One ManualClock drives the core, the loopback STS and the page (through
 * Playwright's clock), so an hour goes by in milliseconds: the MFA session ends, the refresh needs
 * a code, the popup route asks for it, and the countdown starts over with new keys on disk.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/sessions/clock';
import { missing } from '../fixtures/components';
import { ALICE, startApp, type App } from './support/app-harness';
import { launchChromium } from './support/browser';

const POLL = { timeout: 15_000, interval: 100 };
const MINUTE = 60_000;

describe.skipIf(missing('chromium', 'keyring', 'aws-cli'))('journey 5: a session outlives its MFA session', () => {
  let browser: Browser;
  let app: App | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await app?.close();
    await browser?.close();
  });

  it('asks for a code in the popup when the refresh needs one, then the countdown starts over', async () => {
    // whole seconds: STS states expiry times to the second
    const clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000);
    // the harness shares the manual clock with the loopback STS and every page: page time moves
    // only with it (app.advance)
    app = await startApp(browser, {
      seedDev: true,
      clock,
      settings: { sessionDurationSeconds: 900, roleDurationSeconds: 3600, leadTimeSeconds: 300 },
    });
    const { page, problems } = await app.open('/');

    await page.getByRole('button', { name: 'Switch to admin' }).click();
    await page.getByLabel('6-digit code').fill(app.sts.totp(ALICE.mfaSerial));
    const countdown = page.locator('.active-item[data-target="default"] .countdown-block');
    await countdown.waitFor(POLL);
    expect(await countdown.getByRole('timer').textContent()).toBe('1 h 00 min');
    const firstKey = /aws_access_key_id = (\S+)/.exec(app.readCredentials())?.[1];

    // 55 minutes later: the role session is due for refresh, the 15-minute MFA session is long gone
    await app.advance(55 * MINUTE + 1000);
    await expect.poll(() => app!.core.pendingMfa(), POLL).toEqual([{ mfaSerial: ALICE.mfaSerial, profiles: ['admin'], reason: 'expiring' }]);
    await expect.poll(() => countdown.getByRole('timer').textContent(), POLL).toBe('4 min');
    expect(await countdown.getAttribute('data-level')).toBe('warn');

    // main opens the popup route for the device; it shows which device and which profile wait
    const popup = await app.open(`/mfa?serial=${encodeURIComponent(ALICE.mfaSerial)}`);
    const form = popup.page.getByRole('form', { name: 'Keep your sessions going' });
    await form.waitFor(POLL);
    expect(await form.textContent()).toContain(ALICE.mfaSerial);
    expect(await form.textContent()).toContain('admin');
    await popup.page.getByLabel('6-digit code').pressSequentially(app.sts.totp(ALICE.mfaSerial));

    // refreshed: the popup has nothing left to ask, the main window's countdown starts over
    await popup.page.getByText('Nothing is waiting for a code').waitFor(POLL);
    await expect.poll(() => countdown.getByRole('timer').textContent(), POLL).toBe('1 h 00 min');
    expect(await countdown.getAttribute('data-level')).toBe('ok');
    const session = app.core.sessions()[0]!;
    expect(Date.parse(session.expiresAt) - clock.now()).toBe(60 * MINUTE);

    // on disk: new keys in the target, and the AWS CLI accepts them
    const secondKey = /aws_access_key_id = (\S+)/.exec(app.readCredentials())?.[1];
    expect(secondKey).toMatch(/^ASIA/);
    expect(secondKey).not.toBe(firstKey);
    expect((await app.callerIdentity('default')).Arn).toMatch(/^arn:aws:sts::444455556666:assumed-role\/Admin\//);
    expect(app.sts.calls.filter((c) => c.action === 'GetSessionToken' && c.status === 200)).toHaveLength(2);
    expect([...problems, ...popup.problems]).toEqual([]);
  });
});
