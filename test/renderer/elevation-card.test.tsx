/**
 * A session card in workflow W4: the ELEVATED badge (a word, not colour alone), the live countdown
 * to the fallback, Extend, "Sign out (back to X)" and "Sign out completely", and the notice saying
 * what the target fell back to — or why it is empty.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ActiveSession } from '../../renderer/src/contract';
import { connectEvents } from '../../renderer/src/api/subscriptions';
import { SessionsView } from '../../renderer/src/views/SessionsView';
import { noticesStore } from '../../renderer/src/stores/notices';
import { sessionsStore } from '../../renderer/src/stores/sessions';
import { settingsStore } from '../../renderer/src/stores/settings';
import { session, settings } from './fixtures';
import { fail, installFakeApi, ok, resetStores } from './helpers';

const T0 = new Date('2030-01-01T12:00:00Z').getTime();
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;

const admin = session('admin', 'default', iso(T0 + 55 * MIN), { elevated: true, baseline: 'dev', fallsBackAt: iso(T0 + 14 * MIN + 30_000) });
const dev = session('dev', 'default', iso(T0 + 12 * 60 * MIN), { kind: 'session-token', identityArn: 'arn:aws:iam::111122223333:user/alice' });

function show(sessions: ActiveSession[]) {
  sessionsStore.set({ sessions, lengths: {} });
  return render(<SessionsView />);
}
const card = (target: string) => document.querySelector<HTMLElement>(`li[data-target="${target}"]`)!;
const notices = () => noticesStore.get().map((n) => `${n.level}: ${n.message}`);

describe('an elevated session card', () => {
  beforeEach(() => {
    resetStores();
    vi.useFakeTimers({ now: T0, shouldAdvanceTime: true });
  });
  afterEach(() => {
    resetStores();
    vi.useRealTimers();
  });

  it('shows the ELEVATED badge as a word and the countdown to the fallback, live', async () => {
    installFakeApi();
    show([admin]);
    const c = within(card('default'));
    expect(card('default').dataset.elevated).toBe('true');
    expect(c.getByText('Elevated').closest('.badge')?.textContent).toBe('⚠ Elevated');
    const timer = c.getByRole('timer', { name: 'default: falls back to dev in 14 min' });
    expect(timer.textContent).toBe('Falls back to dev in 14 min');
    await act(async () => {
      vi.advanceTimersByTime(31_000);
    });
    expect(timer.textContent).toBe('Falls back to dev in 13 min');
  });

  it('extends on request and shows the new deadline', async () => {
    const { api } = installFakeApi();
    const extended = { ...admin, fallsBackAt: iso(T0 + 29 * MIN + 30_000) };
    vi.mocked(api.sessions.extend).mockResolvedValue(ok(extended));
    show([admin]);
    fireEvent.click(screen.getByRole('button', { name: 'Extend 15 min (default)' }));
    await waitFor(() => expect(within(card('default')).getByRole('timer', { name: /falls back/ }).textContent).toBe('Falls back to dev in 29 min'));
    expect(api.sessions.extend).toHaveBeenCalledWith('default');
  });

  it('shows a refused extension on the card', async () => {
    const { api } = installFakeApi();
    vi.mocked(api.sessions.extend).mockResolvedValue(fail({ code: 'NotTimeBoxed', message: 'admin on "default" is not time-boxed, so there is nothing to extend.' }));
    show([admin]);
    fireEvent.click(screen.getByRole('button', { name: 'Extend 15 min (default)' }));
    await waitFor(() => expect(card('default').textContent).toContain('nothing to extend'));
  });

  it('signs out back to the baseline, says so, and the card shows the baseline’s session', async () => {
    const { api } = installFakeApi();
    vi.mocked(api.sessions.signOut).mockResolvedValue(ok({ ended: [admin], fallbacks: [{ target: 'default', from: 'admin', baseline: 'dev', restored: dev }] }));
    vi.mocked(api.profiles.list).mockResolvedValue(ok({ profiles: [], sessions: [dev], configFile: 'c', credentialsFile: 'k' }));
    show([admin]);
    const button = screen.getByRole('button', { name: 'Sign out of default, back to dev' });
    expect(button.textContent).toBe('Sign out (back to dev)');
    fireEvent.click(button);
    await waitFor(() => expect(notices()).toEqual(['info: default is back on dev. Signed out of admin.']));
    expect(api.sessions.signOut).toHaveBeenCalledWith('default');
    await waitFor(() => expect(card('default').dataset.elevated).toBe('false'));
    expect(within(card('default')).getByRole('button', { name: 'Sign out of default' }).textContent).toBe('Sign out');
  });

  it('signs out completely when asked: no fallback, no notice', async () => {
    const { api } = installFakeApi();
    vi.mocked(api.sessions.signOut).mockResolvedValue(ok({ ended: [admin], fallbacks: [] }));
    show([admin]);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out of default completely' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: /Sign out of default/ })).toBeNull());
    expect(api.sessions.signOut).toHaveBeenCalledWith('default', true);
    expect(notices()).toEqual([]);
  });

  it('says why a fallback left the target empty', async () => {
    const { api } = installFakeApi();
    vi.mocked(api.sessions.signOut).mockResolvedValue(ok({ ended: [admin], fallbacks: [{ target: 'default', from: 'admin', baseline: 'dev', error: { code: 'MfaRequired', message: 'No MFA code was entered.' } }] }));
    show([admin]);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out of default, back to dev' }));
    await waitFor(() => expect(notices()).toEqual(['warning: default is empty: dev needs an MFA code. Switch to dev and enter a code to use it again.']));
  });

  it('falls back to the baseline chosen in Settings first, and offers no fallback without one', () => {
    installFakeApi();
    settingsStore.set({ settings: settings({ baselines: { default: 'readonly' } }) });
    show([admin, { ...dev, target: 'ro' }]);
    expect(within(card('default')).getByRole('timer', { name: /falls back/ }).textContent).toBe('Falls back to readonly in 14 min');
    const plain = within(card('ro'));
    expect(plain.queryByText('Elevated')).toBeNull();
    expect(plain.queryByRole('button', { name: /Extend/ })).toBeNull();
    expect(plain.queryByRole('button', { name: /completely/ })).toBeNull();
    expect(plain.getByRole('button', { name: 'Sign out of ro' }).textContent).toBe('Sign out');
  });

  it('marked elevated but not time-boxed: the badge, both sign-outs, no Extend and no fallback countdown', () => {
    installFakeApi();
    show([{ ...admin, fallsBackAt: undefined }]);
    const c = within(card('default'));
    expect(c.getByText('Elevated')).toBeTruthy();
    expect(c.queryByRole('button', { name: /Extend/ })).toBeNull();
    expect(c.queryByRole('timer', { name: /falls back/ })).toBeNull();
    expect(c.getByRole('button', { name: 'Sign out of default completely' })).toBeTruthy();
  });

  it('turns main’s warning and a timed-out fallback into notices', () => {
    const fake = installFakeApi();
    const off = connectEvents();
    fake.emit('elevation-ending', { profile: 'admin', target: 'default', baseline: 'dev', secondsLeft: 119 });
    fake.emit('fell-back', { profile: 'admin', target: 'default', baseline: 'dev', restored: dev, timedOut: true });
    fake.emit('fell-back', { profile: 'admin', target: 'other', baseline: 'dev', restored: dev, timedOut: false });
    expect(notices()).toEqual(['warning: admin on default falls back to dev in 2 min.', "info: default is back on dev. admin's time was up."]);
    off();
  });
});
