/**
 * W4's notifications: two minutes before a time-boxed elevation falls back (with "Extend 15 min"),
 * when it fell back on its own (back on the baseline, or why the target is empty), and after a
 * tray "Sign out"; all behind the notifications setting like every other notification.
 */
import { describe, expect, it } from 'vitest';
import { SessionNotifier, type NotificationSpec } from '../../../electron/main/notifications';
import { session } from './fakes';

function setup(enabled = true) {
  const shown: NotificationSpec[] = [];
  const did: string[] = [];
  let on = enabled;
  const notifier = new SessionNotifier({
    show: (n) => shown.push(n),
    enabled: () => on,
    pendingMfa: () => [],
    openMfaPopup: (serial) => did.push(`popup:${serial}`),
    openMainWindow: () => did.push('main'),
    extend: (target) => did.push(`extend:${target}`),
    formatTime: (d) => d.toISOString().slice(11, 16),
  });
  return { notifier, shown, did, toggle: (v: boolean) => (on = v) };
}

const ending = { type: 'elevation-ending' as const, profile: 'admin', target: 'default', baseline: 'me', secondsLeft: 120 };
const restored = session({ profile: 'me', target: 'default', identityArn: 'arn:aws:iam::111122223333:user/alice', kind: 'session-token' });

describe('W4 notifications', () => {
  it('warns before the fallback with an Extend action; the click opens the window', () => {
    const { notifier, shown, did } = setup();
    notifier.onEvent(ending);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'admin on default falls back to me in 2 min', body: 'Choose “Extend 15 min” to stay elevated longer.' });
    expect(shown[0]!.actions!.map((a) => a.label)).toEqual(['Extend 15 min']);
    shown[0]!.actions![0]!.run();
    shown[0]!.onClick!();
    expect(did).toEqual(['extend:default', 'main']);
  });

  it('announces the warning in whole minutes, rounded up, however late its timer fired', () => {
    const { notifier, shown } = setup();
    for (const secondsLeft of [120, 119, 61]) notifier.onEvent({ ...ending, secondsLeft });
    notifier.onEvent({ ...ending, secondsLeft: 59 });
    expect(shown.map((n) => n.title)).toEqual([...Array(3).fill('admin on default falls back to me in 2 min'), 'admin on default falls back to me in 59 s']);
  });

  it('says the target will be emptied when there is no baseline', () => {
    const { notifier, shown } = setup();
    notifier.onEvent({ ...ending, baseline: undefined, secondsLeft: 45 });
    expect(shown[0]).toMatchObject({ title: 'admin on default ends in 45 s', body: expect.stringMatching(/removed from the "default" profile/) });
  });

  it('tells when a timed-out elevation fell back, or why the target is empty', () => {
    const { notifier, shown } = setup();
    notifier.onEvent({ type: 'fell-back', profile: 'admin', target: 'default', baseline: 'me', restored, timedOut: true });
    notifier.onEvent({ type: 'fell-back', profile: 'admin', target: 'default', baseline: 'me', error: { code: 'MfaRequired', message: 'No MFA code was entered.' }, timedOut: true });
    notifier.onEvent({ type: 'fell-back', profile: 'admin', target: 'default', baseline: 'me', error: { code: 'NetworkError', message: 'STS cannot be reached.', action: 'Check the network.' }, timedOut: true });
    notifier.onEvent({ type: 'fell-back', profile: 'admin', target: 'default', timedOut: true });
    expect(shown.map(({ title, body }) => ({ title, body }))).toEqual([
      { title: 'default is back on me', body: "admin's time was up.\narn:aws:iam::111122223333:user/alice" },
      { title: 'default is empty: me needs an MFA code', body: 'Switch to me and enter a code to use it again.' },
      { title: 'default is empty: me could not be restored', body: 'STS cannot be reached. Check the network.' },
      { title: 'admin on default ended', body: 'Its time was up; the "default" profile has no credentials now.' },
    ]);
  });

  it('leaves a fallback the user asked for to where they asked (no notification for it)', () => {
    const { notifier, shown } = setup();
    notifier.onEvent({ type: 'fell-back', profile: 'admin', target: 'default', baseline: 'me', restored, timedOut: false });
    expect(shown).toEqual([]);
  });

  it('reports each target a tray sign-out put back on its baseline', () => {
    const { notifier, shown } = setup();
    notifier.signedOut({
      ended: [session()],
      fallbacks: [
        { target: 'default', from: 'admin', baseline: 'me', restored },
        { target: 'ops', from: 'root', baseline: 'ro', error: { code: 'MfaRequired', message: 'No MFA code was entered.' } },
      ],
    });
    notifier.signedOut({ ended: [session()], fallbacks: [] });
    expect(shown.map((n) => n.title)).toEqual(['default is back on me', 'ops is empty: ro needs an MFA code']);
  });

  it('says when a time-boxed switch falls back, after the switch', () => {
    const { notifier, shown } = setup();
    notifier.switched(session({ elevated: true, baseline: 'me', fallsBackAt: '2030-01-01T11:15:00.000Z', expiresAt: '2030-01-01T12:00:00.000Z' }));
    expect(shown[0]!.body).toMatch(/Valid until 12:00 in the "default" profile\.\nElevated until 11:15, then back to me\.$/);
  });

  it('honours the notifications setting at the moment of each event', () => {
    const { notifier, shown, toggle } = setup(false);
    notifier.onEvent(ending);
    notifier.onEvent({ type: 'fell-back', profile: 'admin', target: 'default', baseline: 'me', restored, timedOut: true });
    notifier.signedOut({ ended: [], fallbacks: [{ target: 'default', from: 'admin', baseline: 'me', restored }] });
    expect(shown).toEqual([]);
    toggle(true);
    notifier.onEvent(ending);
    expect(shown).toHaveLength(1);
  });
});
