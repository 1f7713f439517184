/**
 * Journey 6 on the built app: the keychain worker (out/main/keychain-worker.js) runs as an Electron
 * utility process — `process.parentPort`, no `process.send` — against the real gnome-keyring; when
 * it hangs (stopped with SIGSTOP, as a worker blocked in an unanswered unlock prompt would be), the
 * call misses its deadline, the worker is killed, the tray says what happened, and the next action
 * starts a fresh worker and works.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KEYCHAIN_TIMEOUT_MS } from '../../electron/core/keychain/keychain-store';
import { missing } from '../fixtures/components';
import type { AppProcess } from '../fixtures/electron-stand-in/harness';
import { createDesktop, type Desktop } from './support/app-env';
import { processGone } from './support/processes';
import { switchFromTray } from './support/steps';
import { expectClean, menuLabels, mfaPopups, tray } from './support/views';

describe.skipIf(missing('chromium', 'keyring'))('the built tray app: keychain worker under utilityProcess', () => {
  let desktop: Desktop;
  let app: AppProcess;

  beforeAll(async () => {
    desktop = await createDesktop();
    app = await desktop.start();
  });
  afterAll(async () => {
    await desktop?.close();
  });

  it('lists the keychain source through a utility process speaking over parentPort', async () => {
    const s = await app.waitFor('the keychain source in the tray', (s) => s.trays.some((t) => menuLabels(t.menu).includes('Switch to dev')) && s);
    const workers = s.utilityProcesses;
    expect(workers).toHaveLength(1);
    expect(workers[0]).toMatchObject({ modulePath: expect.stringMatching(/out\/main\/keychain-worker\.js$/), serviceName: 'Rolecall keychain' });
    const cmdline = readFileSync(`/proc/${workers[0]!.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toEqual(expect.arrayContaining(['--require', expect.stringMatching(/parent-port\.cjs$/), workers[0]!.modulePath]));
    expectClean(s);
  });

  it('a hung keychain: the worker is killed at its deadline and the tray shows the error; the next switch works', async () => {
    const hung = (await app.state()).utilityProcesses[0]!;
    process.kill(hung.pid!, 'SIGSTOP');
    await app.clickTray('Switch to admin');
    const label = await app.waitFor('the keychain error in the tray', (s) => menuLabels(tray(s).menu).find((l) => l.startsWith('⚠ ')), DEFAULT_KEYCHAIN_TIMEOUT_MS + 20_000);
    expect(label).toBe(
      `⚠ The keychain did not answer within ${DEFAULT_KEYCHAIN_TIMEOUT_MS / 1000} s. Unlock your keychain if it is asking for a password, and check that the Secret Service (GNOME Keyring or KWallet) is running; then try again.`,
    );
    const s = await app.waitFor('the hung worker gone', (s) => s.utilityProcesses[0]!.exitCode !== undefined && s);
    expect(s.utilityProcesses[0]!.exitCode).toBe(9); // SIGKILL: a stopped process ignores anything politer
    expect(processGone(hung.pid!)).toBe(true);
    expect(mfaPopups(s)).toEqual([]);

    // the user tries again: a new worker answers, the MFA popup opens, the switch completes, the error goes
    await switchFromTray(app, desktop, 'admin');
    const after = await app.state();
    expect(after.utilityProcesses).toHaveLength(2);
    expect(after.utilityProcesses[1]!.exitCode).toBeUndefined();
    expect(menuLabels(tray(after).menu).filter((l) => l.startsWith('⚠ '))).toEqual([]);
    expect(desktop.readCredentials()).toMatch(/\[default\][^[]*aws_access_key_id = ASIA/);
    expectClean(after);
  });
});
