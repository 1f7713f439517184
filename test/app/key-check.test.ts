/**
 * The built app's background key check (main/rotation-startup.ts) on the Electron stand-in, the
 * real keychain and the loopback IAM: once the keychain has answered, an interrupted rotation left
 * in the keychain's journal is finished and the user told; an old key gets one notification, and a
 * restart within the week gets none (keyAgeNotified in state.json). The window and tray come up
 * first either way; the hung-keychain journey (keychain-worker.test.ts) proves the check never
 * holds the app up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { missing } from '../fixtures/components';
import { createKeyAs } from '../fixtures/loopback-iam/iam-sdk';
import { ALICE } from '../e2e/support/app-harness';
import { createDesktop, type Desktop } from './support/app-env';
import { expectClean, mainWindow, menuLabels, shownNotifications, tray } from './support/views';

const DAY = 86_400_000;

describe.skipIf(missing('chromium', 'keyring'))('the built tray app: the background key check', () => {
  let desktop: Desktop | undefined;
  afterEach(async () => {
    await desktop?.keychain.deleteRotationJournal('dev').catch(() => false);
    await desktop?.close();
    desktop = undefined;
  });

  it('finishes a rotation interrupted after IAM made the key: the keychain gets the new key, IAM keeps only it', async () => {
    desktop = await createDesktop();
    // the state a rotation killed right after storing its journal leaves: a new key known only there
    const newId = await createKeyAs(desktop.sts, ALICE);
    await desktop.keychain.setSource('dev', { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey }); // no MFA: nothing to ask at start
    await desktop.keychain.setRotationJournal('dev', {
      sourceProfile: 'dev',
      phase: 'created',
      startedAt: new Date(0).toISOString(),
      oldAccessKeyId: ALICE.accessKeyId,
      keysBefore: [ALICE.accessKeyId],
      newAccessKeyId: newId,
      newSecretAccessKey: desktop.sts.secretOf(newId)!,
    });
    const app = await desktop.start();
    const s = await app.waitFor('the rotation notice', (s) => shownNotifications(s).some((n) => n.title === 'Key rotation') && s);
    expect(shownNotifications(s)).toContainEqual({ title: 'Key rotation', body: `Finished an interrupted key rotation of "dev" (now ${newId}).` });
    expect(mainWindow(s)).toBeDefined();
    expect(menuLabels(tray(s).menu)).toContain('Switch to admin');
    expect(await desktop.keychain.getSource('dev')).toEqual({ accessKeyId: newId, secretAccessKey: desktop.sts.secretOf(newId) });
    expect(await desktop.keychain.getRotationJournal('dev')).toBeUndefined();
    expect(desktop.sts.keyIds(ALICE.userName)).toEqual([newId]);
    expectClean(s);
  });

  it('an old key: one notification, none after a restart within the week', async () => {
    desktop = await createDesktop({ keyCreateDate: new Date(Date.now() - 200 * DAY) });
    const first = await desktop.start();
    const s = await first.waitFor('the old-key notice', (s) => shownNotifications(s).find((n) => n.title === 'Old access key'));
    expect(s.body).toMatch(/^The access key of “dev” \(AKIAE2EALICE00000001\) is 20\d days old\. Rotate it: Profiles › dev › Rotate keys…, or "rolecall rotate dev"\.$/);
    const state = JSON.parse(readFileSync(join(desktop.appDataDir, 'state.json'), 'utf8')) as { keyAgeNotified: Record<string, string> };
    expect(Object.keys(state.keyAgeNotified)).toEqual(['dev']);
    first.kill();
    await first.exited;

    const second = await desktop.start();
    // the check has run once this listing has been taken: it reads keyAgeNotified and stays quiet
    const later = await second.waitFor('the tray listing', (s) => s.trays.some((t) => !t.destroyed && menuLabels(t.menu).includes('Switch to admin')) && s);
    await second.waitFor('the key check done', () => {
      const now = JSON.parse(readFileSync(join(desktop!.appDataDir, 'state.json'), 'utf8')) as { keyAgeNotified: Record<string, string> };
      return now.keyAgeNotified.dev === state.keyAgeNotified.dev && desktop!.sts.calls.filter((c) => c.action === 'GetAccessKeyLastUsed').length >= 2;
    });
    expect(shownNotifications(await second.state()).filter((n) => n.title === 'Old access key')).toEqual([]);
    expectClean(later);
  });
});
