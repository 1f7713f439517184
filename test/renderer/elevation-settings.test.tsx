/**
 * W4 in Settings and on the profile rows: marking profiles elevated (a suggestion for names and
 * roles that look privileged, never a silent mark), each target's baseline with main's refusal of an
 * elevated one shown as main words it, and the time-boxed "for 15 min / 30 min / 1 h" switches.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { TIME_BOXES } from '../../renderer/src/contract';
import { ElevationSettings } from '../../renderer/src/views/settings/ElevationSettings';
import { RoleRow } from '../../renderer/src/views/profiles/RoleRow';
import { profilesStore } from '../../renderer/src/stores/profiles';
import { sessionsStore } from '../../renderer/src/stores/sessions';
import { settingsStore } from '../../renderer/src/stores/settings';
import { role, sampleProfiles, session, settings } from './fixtures';
import { fail, installFakeApi, ok, resetStores } from './helpers';

const profiles = [...sampleProfiles, role('ops', '111122223333', { roleArn: 'arn:aws:iam::111122223333:role/AdministratorAccess' })];

function setup(extra: Parameters<typeof settings>[0] = {}) {
  const fake = installFakeApi();
  profilesStore.set((p) => ({ ...p, profiles, loaded: true }));
  settingsStore.set({ settings: settings({ roleTargets: { readonly: 'ro' }, ...extra }) });
  vi.mocked(fake.api.settings.update).mockImplementation(async (patch) => ok(settings({ roleTargets: { readonly: 'ro' }, ...extra, ...patch })));
  render(<ElevationSettings />);
  return fake;
}
const item = (name: string) => within(document.querySelector<HTMLElement>(`li[data-profile="${name}"]`)!);

describe('least-privilege settings', () => {
  beforeEach(resetStores);
  afterEach(resetStores);

  it('lists what can be switched to, suggests marking what looks elevated, and marks only on a click', async () => {
    const { api } = setup({ elevatedProfiles: ['prod-deploy'] });
    const names = [...document.querySelectorAll('li[data-profile]')].map((li) => li.getAttribute('data-profile'));
    // valid roles and MFA sources only: not the plain source, the broken role or the SSO profile
    expect(names).toEqual(['dev', 'admin', 'readonly', 'prod-deploy', 'ops']);
    expect(item('prod-deploy').getByRole('checkbox', { name: 'prod-deploy' })).toHaveProperty('checked', true);
    // by name (admin) and by role (AdministratorAccess): suggested, unmarked
    for (const name of ['admin', 'ops']) {
      expect(item(name).getByRole('checkbox')).toHaveProperty('checked', false);
      expect(item(name).getByText(/looks elevated/)).toBeTruthy();
    }
    expect(item('readonly').queryByText(/looks elevated/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Mark admin elevated' }));
    expect(item('admin').getByRole('checkbox')).toHaveProperty('checked', true);
    expect(item('admin').queryByText(/looks elevated/)).toBeNull();
    expect(api.settings.update).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Save least-privilege settings' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved.'));
    expect(api.settings.update).toHaveBeenCalledWith({ elevatedProfiles: ['prod-deploy', 'admin'], baselines: {} });
  });

  it('chooses a baseline per target (default, role targets, active sessions) and clears it back to automatic', async () => {
    sessionsStore.set({ sessions: [session('admin', 'sandbox', '2030-01-01T13:00:00Z')], lengths: {} });
    const { api } = setup({ baselines: { old: 'readonly' } });
    const selects = screen.getAllByRole('combobox').map((s) => s.getAttribute('id')!.split('-base-')[1]);
    expect(selects).toEqual(['default', 'old', 'ro', 'sandbox']);
    fireEvent.change(screen.getByLabelText('Baseline of “default”'), { target: { value: 'dev' } });
    fireEvent.change(screen.getByLabelText('Baseline of “old”'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save least-privilege settings' }));
    await waitFor(() => expect(api.settings.update).toHaveBeenCalledWith({ elevatedProfiles: [], baselines: { default: 'dev' } }));
  });

  it('shows main’s refusal of an elevated baseline, in main’s words', async () => {
    const { api } = setup({ elevatedProfiles: ['admin'] });
    const message = 'admin is marked elevated, so it cannot be the baseline of "default".';
    vi.mocked(api.settings.update).mockResolvedValue(fail({ code: 'InvalidInput', message, action: 'Choose a read-only profile as the baseline, or unmark admin as elevated first.' }));
    const select = screen.getByLabelText('Baseline of “default”');
    expect(within(select).getByRole('option', { name: 'admin (elevated)' })).toBeTruthy();
    fireEvent.change(select, { target: { value: 'admin' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save least-privilege settings' }));
    await waitFor(() => expect(screen.getByText(message)).toBeTruthy());
    expect(screen.getByText(/Choose a read-only profile as the baseline/)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('');
  });
});

describe('time-boxed switches on a role row', () => {
  beforeEach(resetStores);
  afterEach(resetStores);

  const row = (name: string) => {
    const p = profiles.find((x) => x.name === name);
    if (p?.kind !== 'role') throw new Error(name);
    return render(
      <ul>
        <RoleRow profile={p} />
      </ul>,
    );
  };

  it('offers 15 min / 30 min / 1 h for a role that looks elevated, and switches time-boxed', async () => {
    const { api } = installFakeApi();
    vi.mocked(api.sessions.switchTo).mockResolvedValue(ok(session('admin', 'default', '2030-01-01T13:00:00Z', { elevated: true, fallsBackAt: '2030-01-01T12:15:00Z' })));
    row('admin');
    const group = screen.getByRole('group', { name: 'Switch to admin for a while' });
    expect(within(group).getAllByRole('button').map((b) => b.textContent)).toEqual(TIME_BOXES.map((b) => `for ${b.label}`));
    fireEvent.click(screen.getByRole('button', { name: 'Time-boxed: admin for 30 min' }));
    await waitFor(() => expect(api.sessions.switchTo).toHaveBeenCalledWith('admin', { forSeconds: 1800 }));
    // the plain Switch is still the one "Switch to admin" button
    expect(screen.getAllByRole('button', { name: /^Switch to admin/ })).toHaveLength(1);
  });

  it('offers none for a read-only role unless it is marked elevated', () => {
    installFakeApi();
    const { unmount } = row('readonly');
    expect(screen.queryByRole('group', { name: /for a while/ })).toBeNull();
    unmount();
    settingsStore.set({ settings: settings({ elevatedProfiles: ['readonly'] }) });
    row('readonly');
    expect(screen.getByRole('group', { name: 'Switch to readonly for a while' })).toBeTruthy();
  });
});
