import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { ErrorInfo } from '../../renderer/src/contract';
import { profilesStore } from '../../renderer/src/stores/profiles';
import { ProfilesView } from '../../renderer/src/views/profiles/ProfilesView';
import { fail, installFakeApi, ok, resetStores } from './helpers';
import { sampleProfiles } from './fixtures';

const notManaged: ErrorInfo = {
  code: 'SectionNotManaged',
  message: 'The section [profile admin-rolecall] in /home/u/.aws/config was not written by Rolecall, so Rolecall will not overwrite it.',
  action: 'Choose another name (for example --as admin-rolecall), or allow Rolecall to take it over (a backup is written first).',
};

async function flush(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

function row(name: string): HTMLElement {
  return document.querySelector<HTMLElement>(`li[data-profile="${name}"]`)!;
}

/** Opens the dialog from a row's quiet button, as a user would. */
function openFor(name: string): { dialog: HTMLElement; opener: HTMLElement } {
  const opener = within(row(name)).getByRole('button', { name: `Use with AWS CLI… (${name})` });
  opener.focus();
  fireEvent.click(opener);
  return { dialog: screen.getByRole('dialog'), opener };
}

/** The fake api, whose listing (reloaded after a write) still holds the sample profiles. */
function install() {
  const fake = installFakeApi();
  vi.mocked(fake.api.profiles.list).mockResolvedValue(ok({ profiles: sampleProfiles, sessions: [], configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials' }));
  return fake;
}

const nameField = () => screen.getByLabelText('New AWS CLI profile name') as HTMLInputElement;

describe('"Use with AWS CLI…" on profile rows', () => {
  beforeEach(() => {
    resetStores();
    profilesStore.set((s) => ({ ...s, profiles: sampleProfiles, loaded: true }));
  });
  afterEach(resetStores);

  it('is on every role and source row, and opens a labelled dialog with the name field focused and <profile>-rolecall filled in', () => {
    install();
    render(<ProfilesView />);
    for (const name of ['dev', 'legacy', 'admin', 'readonly', 'prod-deploy']) {
      expect(within(row(name)).getByRole('button', { name: `Use with AWS CLI… (${name})` })).toBeTruthy();
    }
    // a role that cannot be used is not offered either
    expect((within(row('broken')).getByRole('button', { name: /Use with AWS CLI/ }) as HTMLButtonElement).disabled).toBe(true);

    const { dialog } = openFor('admin');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe('Use “admin” with the AWS CLI');
    const explanation = document.getElementById(dialog.getAttribute('aria-describedby')!)!.textContent;
    expect(explanation).toContain('[profile admin-rolecall]');
    expect(explanation).toContain('credential_process = rolecall credential-process --profile admin');
    expect(explanation).toContain('a backup of the config file is written first');
    expect(explanation).toContain('Needs Node.js on PATH');
    expect(nameField().value).toBe('admin-rolecall');
    expect(document.activeElement).toBe(nameField());
  });

  it('confirms with the typed name, then shows the section, a copyable command and the backup path', async () => {
    const { api } = install();
    vi.mocked(api.profiles.setupCredentialProcess).mockResolvedValue(ok({ section: 'profile dev-cli', profileName: 'dev-cli', backupPath: '/home/u/.aws/config.2030-01-01T12-00-00.bak' }));
    profilesStore.set((s) => ({ ...s, configFile: '/home/u/.aws/config' }));
    render(<ProfilesView />);
    openFor('dev');
    fireEvent.change(nameField(), { target: { value: 'dev-cli' } });
    expect(document.getElementById(screen.getByRole('dialog').getAttribute('aria-describedby')!)!.textContent).toContain('aws --profile dev-cli');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Write profile' }));
    });
    await flush();
    expect(api.profiles.setupCredentialProcess).toHaveBeenCalledTimes(1);
    expect(api.profiles.setupCredentialProcess).toHaveBeenCalledWith('dev', 'dev-cli');
    // the listing is reloaded so the new profile shows
    expect(api.profiles.list).toHaveBeenCalled();

    const dialog = screen.getByRole('dialog');
    const result = document.getElementById(dialog.getAttribute('aria-describedby')!)!;
    expect(result.getAttribute('role')).toBe('status');
    expect(result.textContent).toContain('Wrote [profile dev-cli] to /home/u/.aws/config');
    const hint = within(dialog).getByLabelText('Try it in a terminal') as HTMLInputElement;
    expect(hint.value).toBe('aws sts get-caller-identity --profile dev-cli');
    expect(hint.readOnly).toBe(true);
    expect(document.activeElement).toBe(hint);
    expect(dialog.textContent).toContain('backed up to /home/u/.aws/config.2030-01-01T12-00-00.bak');
    // no Clipboard API in jsdom: the user is told how to copy by hand, and the text is selected
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Copy' }));
    });
    expect(within(dialog).getAllByRole('status').map((s) => s.textContent).join(' ')).toContain('press Ctrl+C');
    expect(document.activeElement).toBe(hint);
  });

  it('submits with Enter, closes with Escape and returns focus to the row button', async () => {
    const { api } = install();
    render(<ProfilesView />);
    const { opener } = openFor('readonly');
    await act(async () => {
      fireEvent.submit(nameField().form!);
    });
    expect(api.profiles.setupCredentialProcess).toHaveBeenCalledWith('readonly', 'readonly-rolecall');
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('checks the name before sending anything', async () => {
    const { api } = install();
    render(<ProfilesView />);
    openFor('admin');
    fireEvent.change(nameField(), { target: { value: 'my admin' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Write profile' }));
    });
    expect(api.profiles.setupCredentialProcess).not.toHaveBeenCalled();
    expect(nameField().getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(nameField().getAttribute('aria-describedby')!)!.textContent).toContain('without spaces');
  });

  it('offers to take over a section the user wrote, only after a second confirmation', async () => {
    const { api } = install();
    vi.mocked(api.profiles.setupCredentialProcess)
      .mockResolvedValueOnce(fail(notManaged))
      .mockResolvedValueOnce(ok({ section: 'profile admin-rolecall', profileName: 'admin-rolecall', backupPath: '/home/u/.aws/config.bak' }));
    render(<ProfilesView />);
    openFor('admin');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Write profile' }));
    });
    const alert = within(screen.getByRole('dialog')).getByRole('alert');
    expect(alert.textContent).toContain('That profile was not written by Rolecall');
    expect(alert.textContent).toContain('was not written by Rolecall, so Rolecall will not overwrite it');
    // focus is back in the form, not lost with the disabled button
    expect(document.activeElement).toBe(nameField());

    fireEvent.click(within(alert).getByRole('button', { name: 'Take over…' }));
    const confirm = screen.getByRole('alertdialog');
    expect(document.getElementById(confirm.getAttribute('aria-labelledby')!)!.textContent).toBe('Take over [profile admin-rolecall]?');
    expect(confirm.textContent).toContain('a backup of the config file is written first');
    // the safe choice has focus; Back returns to the form without writing
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Back' }));
    fireEvent.click(within(confirm).getByRole('button', { name: 'Back' }));
    expect(nameField().value).toBe('admin-rolecall');
    expect(api.profiles.setupCredentialProcess).toHaveBeenCalledTimes(1);

    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Take over…' }));
    await act(async () => {
      fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Take over' }));
    });
    await flush();
    expect(api.profiles.setupCredentialProcess).toHaveBeenLastCalledWith('admin', 'admin-rolecall', true);
    expect(within(screen.getByRole('dialog')).getAllByRole('status')[0]!.textContent).toContain('Wrote [profile admin-rolecall]');
  });

  it('shows any other failure through the error display, keeping the dialog open to retry', async () => {
    const { api } = install();
    const shadowed: ErrorInfo = {
      code: 'TargetShadowed',
      message: 'Profile "admin" already gets credentials from role_arn, source_profile in /home/u/.aws/config, which the AWS CLI uses before credential_process.',
      action: 'Choose another name, for example: --as admin-rolecall',
    };
    vi.mocked(api.profiles.setupCredentialProcess).mockResolvedValue(fail(shadowed));
    render(<ProfilesView />);
    openFor('admin');
    fireEvent.change(nameField(), { target: { value: 'admin' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Write profile' }));
    });
    const alert = within(screen.getByRole('dialog')).getByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('TargetShadowed');
    expect(alert.textContent).toContain('The target profile is overridden');
    expect(alert.textContent).toContain('Choose another name');
    expect(within(alert).queryByRole('button', { name: /Take over/ })).toBeNull();
    expect(api.profiles.list).not.toHaveBeenCalled();
    expect((screen.getByRole('button', { name: 'Write profile' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('keeps the other rows untouched while a dialog is open (local state, memoised rows)', () => {
    install();
    render(<ProfilesView />);
    const readonlyRow = row('readonly');
    openFor('admin');
    expect(within(readonlyRow).queryByRole('dialog')).toBeNull();
    expect(within(row('admin')).getByRole('dialog')).toBeTruthy();
    expect(screen.getAllByRole('dialog')).toHaveLength(1);
  });
});
