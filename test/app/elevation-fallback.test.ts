/**
 * Workflow W4 on the built app ("read-only by default, escalate only when needed"): the user's own
 * MFA session (`dev`, the "me" of the issue) on `default`, then "Switch to admin for… › 15 min"
 * from the tray. The tray marks the elevation so it cannot be missed and counts down to the
 * fallback; two minutes before, a notification offers Extend; its click opens the window, whose
 * session card (ELEVATED, both sign-outs) has "Extend 15 min", which moves the deadline; at the deadline the app puts `default` back on `dev` on its own — the AWS CLI signs as
 * alice again, and the marker says so.
 *
 * The app and the loopback STS run on the test's clock (createDesktop's `timeShift`), so minutes
 * pass with `advance` and no verdict depends on the machine's speed. The STS skips its clock skew
 * check only because `/usr/bin/aws` (real time) asks it who the credentials belong to. Countdowns
 * are read as a user reads them: minutes floored, with the few real seconds the steps take on top.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managedSectionsIn } from '../../electron/core/aws-files/section-writer';
import { missing } from '../fixtures/components';
import type { AppProcess } from '../fixtures/electron-stand-in/harness';
import { ALICE } from '../e2e/support/app-harness';
import { createDesktop, type Desktop } from './support/app-env';
import { switchFromTray } from './support/steps';
import { expectClean, mainWindow, menuLabels, shownNotifications, tray } from './support/views';

const MINUTE = 60_000;
const ELEVATED = '⚠ ELEVATED admin on default';

describe.skipIf(missing('chromium', 'keyring', 'aws-cli'))('the built tray app: time-boxed elevation (W4)', () => {
  let desktop: Desktop;
  let app: AppProcess;

  beforeAll(async () => {
    desktop = await createDesktop({ sts: { checkClockSkew: false }, timeShift: true });
    app = await desktop.start();
    await app.waitFor('the main window with its page', (s) => mainWindow(s)?.exposed.length);
  });
  afterAll(async () => {
    await desktop?.close();
  });

  it('W4. admin for 15 min on top of me: marked, warned, extended, and back on me at the deadline', async () => {
    await switchFromTray(app, desktop, 'dev');
    expect(managedSectionsIn(desktop.readCredentials()).map((m) => [m.name, m.source])).toEqual([['default', 'dev']]);
    // dev's fresh MFA session vouches for admin: no second code
    await switchFromTray(app, desktop, 'admin', { code: false, item: ['Switch to admin for…', '15 min'] });
    const elevated = await app.waitFor('the elevated label', (s) => menuLabels(tray(s).menu).find((l) => l.startsWith(ELEVATED)) && s);
    const t = tray(elevated);
    expect(menuLabels(t.menu)).toEqual(expect.arrayContaining([`${ELEVATED} — back to dev in 14 min`, 'Extend 15 min', 'Sign out (back to dev)', 'Sign out completely']));
    expect(t.image.path).toMatch(/assets\/tray-elevated\.png$/);
    expect(t.toolTip.split('\n')[1]).toBe('⚠ ELEVATED: admin on default');
    expect(managedSectionsIn(desktop.readCredentials())).toEqual([expect.objectContaining({ name: 'default', source: 'admin', baseline: 'dev', until: expect.any(Date) })]);
    expect((await desktop.callerIdentity('default')).Arn).toMatch(/^arn:aws:sts::444455556666:assumed-role\/Admin\//);

    // 13 minutes later: two minutes left, the warning with Extend
    await desktop.advance(app, 13 * MINUTE);
    const warned = await app.waitFor('the elevation-ending notification', (s) => shownNotifications(s).find((n) => n.title === 'admin on default falls back to dev in 2 min') && s);
    expect(menuLabels(tray(warned).menu)).toContain(`${ELEVATED} — back to dev in 1 min`);
    expect(shownNotifications(warned).filter((n) => / falls back to /.test(n.title))).toHaveLength(1);

    // the notification's click opens the window, whose session card has the same Extend
    const warning = warned.notifications.findIndex((n) => n.shown && n.title.startsWith('admin on default falls back to dev'));
    await app.clickNotification(warning);
    const main = await app.waitFor('the main window shown', (s) => (mainWindow(s)?.visible ? mainWindow(s) : undefined));
    await app.page(main.id, { type: 'clickByRole', role: 'link', name: 'Manage sessions' });
    const card = await app.page<string>(main.id, { type: 'waitForRole', role: 'button', name: 'Extend 15 min (default)' });
    // (the page keeps the real clock, so its countdown is not read here: the tray's is)
    expect(card).toMatch(/⚠\s*Elevated/i);
    expect(card).toContain('Falls back to dev in');
    expect(card).toContain('Sign out (back to dev)');
    expect(card).toContain('Sign out completely');
    await app.page(main.id, { type: 'clickByRole', role: 'button', name: 'Extend 15 min (default)' });
    await app.waitFor('the extended countdown', (s) => menuLabels(tray(s).menu).includes(`${ELEVATED} — back to dev in 16 min`));
    expect(managedSectionsIn(desktop.readCredentials())[0]).toMatchObject({ source: 'admin', baseline: 'dev' });

    // past the first deadline nothing happens; past the extended one the app falls back to dev on its own
    await desktop.advance(app, 3 * MINUTE);
    expect(menuLabels(tray(await app.state()).menu).find((l) => l.startsWith(ELEVATED))).toBe(`${ELEVATED} — back to dev in 13 min`);
    await desktop.advance(app, 14 * MINUTE);
    const back = await app.waitFor('default back on dev', (s) => shownNotifications(s).find((n) => n.title === 'default is back on dev') && s);
    const labels = menuLabels(tray(back).menu);
    expect(labels.filter((l) => l.startsWith('⚠'))).toEqual([]);
    expect(labels[0]).toMatch(/^dev — \d+ h \d\d min$/);
    expect(labels).toContain('Sign out');
    expect(tray(back).image.path).toMatch(/assets\/tray-active\.png$/);
    const sections = managedSectionsIn(desktop.readCredentials());
    expect(sections.map((m) => [m.name, m.source, m.until])).toEqual([['default', 'dev', undefined]]);
    expect((await desktop.callerIdentity('default')).Arn).toBe(`arn:aws:iam::${ALICE.accountId}:user/${ALICE.userName}`);
    // the second warning (two minutes before the extended deadline) came too, and one fallback notice
    expect(shownNotifications(back).filter((n) => / falls back to /.test(n.title))).toHaveLength(2);
    expect(shownNotifications(back).filter((n) => n.title === 'default is back on dev')).toHaveLength(1);
    expectClean(back);
  });
});
