import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { ProfilesView } from '../../renderer/src/views/profiles/ProfilesView';
import { buildProfilesModel, matchesQuery } from '../../renderer/src/views/profiles/model';
import { profilesStore, reuseUnchanged, setRowState } from '../../renderer/src/stores/profiles';
import { sessionsStore } from '../../renderer/src/stores/sessions';
import { resetStores } from './helpers';
import { role, sampleProfiles, session } from './fixtures';

function load(): void {
  profilesStore.set((s) => ({ ...s, profiles: sampleProfiles, loaded: true }));
}

const rowNames = () => [...document.querySelectorAll<HTMLElement>('li[data-profile]')].map((li) => li.dataset.profile);

describe('profile filter and grouping', () => {
  beforeEach(resetStores);
  afterEach(resetStores);

  it('groups roles by account with the account holding an active session first', () => {
    sessionsStore.set({ sessions: [session('prod-deploy', 'default', new Date(Date.now() + 3_600_000).toISOString())], lengths: {} });
    load();
    render(<ProfilesView />);
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings.indexOf('Account 444455556666 2')).toBeLessThan(headings.indexOf('Account 111122223333 2'));
    expect(headings).toContain('Active sessions');
    const active = document.querySelector('li[data-profile="prod-deploy"]')!;
    expect(active.textContent).toContain('active in default');
    expect(screen.getByText('7 profiles')).toBeTruthy();
  });

  it('narrows the list as the user types, across names, accounts, regions and devices', async () => {
    load();
    render(<ProfilesView />);
    const filter = screen.getByLabelText('Filter profiles');
    await act(async () => {
      fireEvent.change(filter, { target: { value: 'PROD' } });
    });
    expect(rowNames()).toEqual(['prod-deploy']);
    expect(screen.getByText('1 of 7 profiles match')).toBeTruthy();

    await act(async () => {
      fireEvent.change(filter, { target: { value: '111122223333 eu-west' } });
    });
    expect(rowNames()).toEqual(['admin']);

    await act(async () => {
      fireEvent.change(filter, { target: { value: 'mfa/alice' } });
    });
    expect(rowNames()).toEqual(['dev', 'admin']);

    await act(async () => {
      fireEvent.change(filter, { target: { value: 'nothing-like-this' } });
    });
    expect(rowNames()).toEqual([]);
    expect(screen.getByText('No profile matches the filter.')).toBeTruthy();
  });

  it('shows validation errors inline and disables Switch for them', () => {
    load();
    render(<ProfilesView />);
    const broken = document.querySelector<HTMLElement>('li[data-profile="broken"]')!;
    expect(within(broken).getByRole('note').textContent).toContain('does not exist');
    expect((within(broken).getByRole('button', { name: /switch/i }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('calls out plaintext keys with an import action', () => {
    load();
    render(<ProfilesView />);
    expect(screen.getByRole('heading', { name: /1 profile keeps long-term keys in plaintext/ })).toBeTruthy();
    const legacy = document.querySelector<HTMLElement>('li[data-profile="legacy"]')!;
    expect(within(legacy).getByRole('button', { name: /Import to keychain.*legacy/ })).toBeTruthy();
    expect(within(legacy).getByText('Plaintext · credentials file')).toBeTruthy();
  });

  it('re-renders only the row whose switch state changed', async () => {
    // every RoleRow render reads profile.chain (twice): a getter records which rows rendered
    const renders = new Map<string, number>();
    const counted = sampleProfiles.map((p) => {
      if (p.kind !== 'role') return p;
      const { chain, ...rest } = p;
      return Object.defineProperty({ ...rest }, 'chain', {
        enumerable: true,
        get: () => {
          renders.set(p.name, (renders.get(p.name) ?? 0) + 1);
          return chain;
        },
      }) as typeof p;
    });
    profilesStore.set((s) => ({ ...s, profiles: counted, loaded: true }));
    render(<ProfilesView />);
    renders.clear();
    await act(async () => {
      setRowState('admin', { status: 'switching' });
    });
    expect([...renders.keys()]).toEqual(['admin']);
    expect(screen.getByRole('button', { name: 'Switching to admin' })).toBeTruthy();
  });

  it('matches every word of the query, and keeps unchanged profile objects across reloads', () => {
    const admin = role('admin', '111122223333', { region: 'eu-west-1' });
    expect(matchesQuery(admin, 'admin eu')).toBe(true);
    expect(matchesQuery(admin, 'admin us')).toBe(false);
    const model = buildProfilesModel(sampleProfiles, '', new Set(['readonly']));
    expect(model.accounts[0]!.roles[0]!.name).toBe('readonly');
    const reloaded = sampleProfiles.map((p) => ({ ...p }));
    const kept = reuseUnchanged(sampleProfiles, reloaded);
    expect(kept).toBe(sampleProfiles);
    const changed = reloaded.map((p) => (p.name === 'admin' ? { ...p, region: 'us-west-2' } : p));
    const partly = reuseUnchanged(sampleProfiles, changed);
    expect(partly[0]).toBe(sampleProfiles[0]);
    expect(partly.find((p) => p.name === 'admin')).not.toBe(sampleProfiles.find((p) => p.name === 'admin'));
  });
});
