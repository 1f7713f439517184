import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { ErrorMessage } from '../../renderer/src/components/ErrorMessage';
import type { ErrorInfo } from '../../renderer/src/contract';
import { errorHeading, waitSecondsFrom } from '../../renderer/src/lib/errors';
import { ProfilesView } from '../../renderer/src/views/profiles/ProfilesView';
import { reloadProfiles } from '../../renderer/src/api/actions';
import { profilesStore } from '../../renderer/src/stores/profiles';
import { fail, installFakeApi, ok, resetStores } from './helpers';
import { sampleProfiles, session } from './fixtures';

const skew: ErrorInfo = {
  code: 'ClockSkew',
  message: "Your computer's clock is 900 s (about 15 min) behind AWS's time, so STS refused the request.",
  action: 'Sync your system clock (turn on automatic date and time), then try again.',
};

async function flush(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

describe('error display', () => {
  beforeEach(resetStores);
  afterEach(resetStores);

  it('shows a readable heading, the message and the suggested action, never the code alone', () => {
    const onAction = vi.fn();
    render(<ErrorMessage error={skew} onAction={onAction} />);
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('Your clock is out of sync')).toBeTruthy();
    expect(alert.textContent).toContain('900 s (about 15 min) behind');
    expect(alert.textContent).toContain('Sync your system clock');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(onAction).toHaveBeenCalledOnce();
  });

  it('has a heading for every error code the contract can send', () => {
    expect(errorHeading({ code: 'KeychainLocked', message: 'Your keychain is locked.' })).toBe('Your keychain is locked');
    expect(errorHeading({ code: 'MfaCodeReused', message: '' })).toBe('That code was already used');
    expect(waitSecondsFrom({ code: 'MfaCodeReused', message: 'x', action: 'Wait 12 s for the next code, then enter it.' })).toBe(12);
    expect(waitSecondsFrom({ code: 'MfaCodeReused', message: 'x' })).toBeUndefined();
  });

  it('shows a failed switch under its row, and retries from there', async () => {
    const { api } = installFakeApi();
    vi.mocked(api.sessions.switchTo).mockResolvedValueOnce(fail(skew)).mockResolvedValueOnce(ok(session('admin', 'default', new Date(Date.now() + 3_600_000).toISOString())));
    profilesStore.set((s) => ({ ...s, profiles: sampleProfiles, loaded: true }));
    render(<ProfilesView />);
    const row = document.querySelector<HTMLElement>('li[data-profile="admin"]')!;
    fireEvent.click(within(row).getByRole('button', { name: /switch to admin/i }));
    await flush();
    expect(vi.mocked(api.sessions.switchTo)).toHaveBeenCalledWith('admin', {});
    const alert = within(row).getByRole('alert');
    expect(alert.textContent).toContain('Your clock is out of sync');
    expect(alert.textContent).toContain('Sync your system clock');
    // only this row shows it
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    fireEvent.click(within(alert).getByRole('button', { name: 'Switch again' }));
    await flush();
    expect(within(row).queryByRole('alert')).toBeNull();
  });

  it('offers to take over a section Rolecall did not write', async () => {
    const { api } = installFakeApi();
    const notManaged: ErrorInfo = { code: 'SectionNotManaged', message: 'The section [default] in /home/u/.aws/credentials was not written by Rolecall, so it is left alone.', action: 'Choose another target, or allow Rolecall to take it over (a backup of the file is written first).' };
    vi.mocked(api.sessions.switchTo).mockResolvedValue(fail(notManaged));
    profilesStore.set((s) => ({ ...s, profiles: sampleProfiles, loaded: true }));
    render(<ProfilesView />);
    const row = document.querySelector<HTMLElement>('li[data-profile="readonly"]')!;
    fireEvent.click(within(row).getByRole('button', { name: /switch/i }));
    await flush();
    fireEvent.click(within(row).getByRole('button', { name: 'Take over the section' }));
    await flush();
    expect(vi.mocked(api.sessions.switchTo)).toHaveBeenLastCalledWith('readonly', { takeOver: true });
  });

  it('lists file profiles and says what is missing when the keychain cannot be read', async () => {
    const { api } = installFakeApi();
    const locked: ErrorInfo = { code: 'KeychainLocked', message: 'Your keychain is locked.', action: 'Unlock your keychain, then try again.' };
    vi.mocked(api.profiles.list).mockResolvedValue(ok({ profiles: sampleProfiles.filter((p) => p.kind !== 'source'), sessions: [], configFile: 'c', credentialsFile: 'k', keychainProblem: locked }));
    render(<ProfilesView />);
    await act(async () => {
      await reloadProfiles();
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Your keychain is locked');
    expect(alert.textContent).toContain('source profiles kept in the keychain are missing');
    expect(document.querySelector('li[data-profile="admin"]')).not.toBeNull();
    vi.mocked(api.profiles.list).mockResolvedValue(ok({ profiles: sampleProfiles, sessions: [], configFile: 'c', credentialsFile: 'k' }));
    fireEvent.click(within(alert).getByRole('button', { name: 'Reload' }));
    await flush();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a locked keychain when the profile list cannot load', async () => {
    const { api } = installFakeApi();
    vi.mocked(api.profiles.list).mockResolvedValue(fail({ code: 'KeychainLocked', message: 'Your keychain is locked.', action: 'Unlock your keychain (log in again or open your keyring manager), then try again.' }));
    render(<ProfilesView />);
    await act(async () => {
      await reloadProfiles();
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Your keychain is locked');
    expect(alert.textContent).toContain('Unlock your keychain');
    expect(within(alert).getByRole('button', { name: 'Reload' })).toBeTruthy();
  });
});
