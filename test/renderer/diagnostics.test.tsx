import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { DoctorCheck } from '../../renderer/src/contract';
import { settingsStore } from '../../renderer/src/stores/settings';
import { AboutView } from '../../renderer/src/views/AboutView';
import { looksLikeCommand } from '../../renderer/src/views/DiagnosticsPanel';
import { fail, installFakeApi, ok, resetStores } from './helpers';

const CHECKS: DoctorCheck[] = [
  { id: 'keychain', status: 'ok', message: 'The keychain answered and holds 1 source profile.' },
  { id: 'file-mode:credentials', status: 'warn', message: '/home/u/.aws/credentials can be read by other users (mode 644).', fix: "chmod 600 '/home/u/.aws/credentials'" },
  { id: 'clock', status: 'fail', message: 'Your clock is 7 min ahead of STS at sts.amazonaws.com.', fix: 'Sync your system clock (turn on automatic date and time), then try again.' },
];

function showAbout(): void {
  settingsStore.set({
    appInfo: {
      name: 'Rolecall',
      version: '0.1.0',
      platform: 'linux',
      versions: { electron: '41.7.1', chrome: '146', node: '22' },
      paths: { configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials', appDataDir: '/home/u/.config/rolecall' },
      capabilities: { console: false },
      notices: [],
    },
  });
  render(<AboutView />);
}

async function runChecks(): Promise<void> {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Run checks' }));
  });
}

describe('About: diagnostics', () => {
  beforeEach(resetStores);
  afterEach(resetStores);

  it('runs nothing until asked', () => {
    const { api } = installFakeApi();
    showAbout();
    expect(screen.getByRole('heading', { name: 'Diagnostics' })).toBeTruthy();
    expect(api.app.diagnose).not.toHaveBeenCalled();
    expect(screen.queryByRole('list', { name: 'Check results' })).toBeNull();
  });

  it('lists each check with its status in words, its message and its fix', async () => {
    const { api } = installFakeApi();
    vi.mocked(api.app.diagnose).mockResolvedValue(ok(CHECKS));
    showAbout();
    await runChecks();
    expect(api.app.diagnose).toHaveBeenCalledOnce();
    const items = within(screen.getByRole('list', { name: 'Check results' })).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.badge')!.textContent)).toEqual(['OK', 'Warning', 'Failed']);
    expect(items[0]!.textContent).toContain('The keychain answered');
    expect(items[0]!.textContent).not.toContain('Fix:');
    // a command is set in monospace; a sentence is not
    const command = items[1]!.querySelector('code');
    expect(command?.textContent).toBe("chmod 600 '/home/u/.aws/credentials'");
    expect(command?.className).toContain('mono');
    expect(items[2]!.textContent).toContain('Fix: Sync your system clock');
    expect(items[2]!.querySelector('code')).toBeNull();
    expect(screen.getAllByRole('status').map((s) => s.textContent).join(' ')).toContain('3 checks: 1 failed, 1 with a warning.');
    expect(screen.getByRole('button', { name: 'Run checks again' })).toBeTruthy();
  });

  it('says so when every check passed', async () => {
    const { api } = installFakeApi();
    vi.mocked(api.app.diagnose).mockResolvedValue(ok([CHECKS[0]!]));
    showAbout();
    await runChecks();
    expect(screen.getAllByRole('status').map((s) => s.textContent).join(' ')).toContain('All 1 checks passed.');
  });

  it('shows a failure to run the checks through the error display, with a retry', async () => {
    const { api } = installFakeApi();
    vi.mocked(api.app.diagnose)
      .mockResolvedValueOnce(fail({ code: 'KeychainTimeout', message: 'The keychain did not answer within 10 s.', action: 'Unlock your keychain, then try again.' }))
      .mockResolvedValueOnce(ok(CHECKS));
    showAbout();
    await runChecks();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The keychain did not answer');
    expect(alert.textContent).toContain('Unlock your keychain');
    await act(async () => {
      fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(within(screen.getByRole('list', { name: 'Check results' })).getAllByRole('listitem')).toHaveLength(3);
  });

  it('tells commands from sentences in doctor’s fixes', () => {
    expect(looksLikeCommand('unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY')).toBe(true);
    expect(looksLikeCommand("unset AWS_PROFILE (or export AWS_PROFILE='default')")).toBe(true);
    expect(looksLikeCommand("rolecall import --scrub 'legacy'")).toBe(true);
    expect(looksLikeCommand('Check that /home/u/.aws/config is readable by you.')).toBe(false);
    expect(looksLikeCommand('Start Rolecall (or run any rolecall command) to set it aside, then check your settings.')).toBe(false);
  });

  it('offers to remove a BOM the AWS CLI cannot parse, then runs the checks again', async () => {
    const { api } = installFakeApi();
    const bom: DoctorCheck = { id: 'file-bom:config', status: 'warn', message: '/home/u/.aws/config starts with a UTF-8 byte order mark (BOM).', fix: 'rolecall doctor --fix-bom' };
    vi.mocked(api.app.diagnose).mockResolvedValueOnce(ok([bom])).mockResolvedValueOnce(ok([{ ...bom, status: 'ok', message: 'no BOM' }]));
    vi.mocked(api.app.fixBom).mockResolvedValue(ok([{ file: '/home/u/.aws/config', backupPath: '/home/u/.aws/config.rolecall-backup-1' }]));
    showAbout();
    await runChecks();
    expect(screen.queryByRole('button', { name: /Remove the byte order mark/ })).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /Remove the byte order mark/ }));
    });
    expect(api.app.fixBom).toHaveBeenCalledTimes(1);
    expect(api.app.diagnose).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('button', { name: /Remove the byte order mark/ })).toBeNull();
  });
});
