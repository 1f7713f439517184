import { describe, expect, it } from 'vitest';
import { SessionNotifier, type NotificationSpec } from '../../../electron/main/notifications';
import type { MfaRequest } from '../../../electron/core/sessions/mfa-broker';
import { session } from './fakes';

function setup(enabled = true, pending: MfaRequest[] = []) {
  const shown: NotificationSpec[] = [];
  const opened: string[] = [];
  let on = enabled;
  const notifier = new SessionNotifier({
    show: (n) => shown.push(n),
    enabled: () => on,
    pendingMfa: () => pending,
    openMfaPopup: (serial) => opened.push(`popup:${serial}`),
    openMainWindow: () => opened.push('main'),
    extend: (target) => opened.push(`extend:${target}`),
    formatTime: (d) => d.toISOString().slice(11, 16),
  });
  return { notifier, shown, opened, toggle: (v: boolean) => (on = v) };
}

const expiring = (needsMfa: boolean) => ({ type: 'session-expiring' as const, profile: 'admin', target: 'default', secondsLeft: 300, needsMfa });

describe('SessionNotifier', () => {
  it('warns once before expiry when a code is needed; the click opens that device’s popup', () => {
    const { notifier, shown, opened } = setup(true, [{ mfaSerial: 'arn:mfa', profiles: ['admin'], reason: 'expiring' }]);
    notifier.onEvent(expiring(true));
    notifier.onEvent(expiring(true));
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'admin expires in 5 min', body: expect.stringMatching(/MFA code/) });
    shown[0]!.onClick!();
    expect(opened).toEqual(['popup:arn:mfa']);
  });

  it('warns again after the session was refreshed and is expiring anew', () => {
    const { notifier, shown } = setup();
    notifier.onEvent(expiring(true));
    notifier.onEvent({ type: 'session-refreshed', profile: 'admin', target: 'default', expiresAt: 'x' });
    notifier.onEvent(expiring(true));
    expect(shown).toHaveLength(2);
  });

  it('stays quiet for a silent refresh, and when notifications are off', () => {
    const { notifier, shown, toggle } = setup();
    notifier.onEvent(expiring(false));
    toggle(false);
    notifier.onEvent(expiring(true));
    notifier.onEvent({ type: 'session-expired', profile: 'admin', target: 'default', removed: true });
    expect(shown).toEqual([]);
  });

  it('opens the main window when no prompt is pending any more', () => {
    const { notifier, shown, opened } = setup();
    notifier.onEvent(expiring(true));
    shown[0]!.onClick!();
    expect(opened).toEqual(['main']);
  });

  it('reports expiry and refresh failures with the error message and action', () => {
    const { notifier, shown } = setup();
    notifier.onEvent({ type: 'session-expired', profile: 'admin', target: 'default', removed: true });
    notifier.onEvent({ type: 'session-error', profile: 'admin', target: 'default', error: { code: 'ClockSkew', message: 'Your clock is 7 minutes off.', action: 'Fix the clock.' } });
    expect(shown.map((n) => [n.title, n.body])).toEqual([
      ['admin expired', 'Its credentials were removed from the "default" profile.'],
      ['admin: refresh failed', 'Your clock is 7 minutes off. Fix the clock.'],
    ]);
  });

  it('after a switch: identity and expiry', () => {
    const { notifier, shown } = setup();
    notifier.switched(session());
    expect(shown[0]).toMatchObject({
      title: 'Switched to admin',
      body: 'arn:aws:sts::123456789012:assumed-role/Admin/alice\nValid until 12:00 in the "default" profile.',
    });
  });
});
