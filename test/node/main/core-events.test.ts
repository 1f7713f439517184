import { describe, expect, it } from 'vitest';
import { toTraySession, wireCoreEvents } from '../../../electron/main/core-events';
import { toRendererEvent, toWire } from '../../../electron/main/public-data';
import type { SessionEvent } from '../../../electron/core/sessions/types';
import type { TrayState } from '../../../electron/main/tray-menu';
import { EVENT_CHANNELS, eventWireName } from '../../../electron/shared/ipc';
import { fakeCore, session } from './fakes';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** A session as a careless core change might emit it: with credentials attached. */
const leaky = () => ({ ...session(), credentials: { accessKeyId: 'ASIA', secretAccessKey: SECRET, sessionToken: 'TOKEN' }, secretAccessKey: SECRET });

const ALL_EVENTS: SessionEvent[] = [
  { type: 'sessions-changed', sessions: [leaky()] },
  { type: 'mfa-required', request: { mfaSerial: 'arn:mfa', profiles: ['admin'], reason: 'switch', code: '123456' } as never },
  { type: 'mfa-updated', request: { mfaSerial: 'arn:mfa', profiles: ['admin', 'ops'], reason: 'switch' } },
  { type: 'mfa-resolved', mfaSerial: 'arn:mfa' },
  { type: 'session-expiring', profile: 'admin', target: 'default', secondsLeft: 300, needsMfa: true },
  { type: 'session-refreshed', profile: 'admin', target: 'default', expiresAt: '2030-01-01T12:00:00.000Z' },
  { type: 'session-expired', profile: 'admin', target: 'default', removed: true },
  { type: 'session-error', profile: 'admin', target: 'default', error: { code: 'Internal', message: 'x', stack: 'at y' } as never },
  { type: 'elevation-ending', profile: 'admin', target: 'default', baseline: 'me', secondsLeft: 120 },
  { type: 'fell-back', profile: 'admin', target: 'default', baseline: 'me', restored: leaky(), error: { code: 'Internal', message: 'x', stack: 'at y' } as never, timedOut: true },
];

describe('renderer events', () => {
  it('every core event maps to a contract event', () => {
    // notice and rotation-progress are main's own events, not projections of a core event
    expect(new Set(ALL_EVENTS.map((e) => toRendererEvent(e).name))).toEqual(new Set(EVENT_CHANNELS.filter((c) => c !== 'notice' && c !== 'rotation-progress')));
  });

  it('never carries a secret, even when the core event does', () => {
    for (const e of ALL_EVENTS) {
      const text = JSON.stringify(toRendererEvent(e));
      expect(text).not.toContain(SECRET);
      expect(text).not.toMatch(/TOKEN|sessionToken|secretAccessKey|credentials|123456"|stack/);
    }
  });

  it('keeps every field the renderer needs', () => {
    expect(toRendererEvent({ type: 'sessions-changed', sessions: [session({ lastError: { code: 'MfaInvalid', message: 'm', action: 'a' } })] }).payload).toEqual({
      sessions: [session({ lastError: { code: 'MfaInvalid', message: 'm', action: 'a' } })],
    });
  });

  it('toWire keeps plain data and drops secret-named fields at any depth', () => {
    expect(toWire({ a: 1, d: new Date(0), nested: [{ SecretAccessKey: 'x', aws_session_token: 'y', ok: true }] })).toEqual({ a: 1, d: '1970-01-01T00:00:00.000Z', nested: [{ ok: true }] });
    expect(toWire(null)).toBeNull();
  });
});

describe('wireCoreEvents', () => {
  it('fans each event out to windows, popups, notifier and tray', () => {
    const fake = fakeCore();
    const sent: Array<[string, unknown]> = [];
    const seen: string[] = [];
    const trayPatches: Array<Partial<TrayState>> = [];
    let refreshed = 0;
    const off = wireCoreEvents(fake.core, {
      broadcast: (c, p) => sent.push([c, p]),
      popups: { onEvent: (e) => seen.push(`popup:${e.type}`) },
      notifier: { onEvent: (e) => seen.push(`notify:${e.type}`) },
      tray: { update: (p) => trayPatches.push(p) },
      refreshProfiles: () => refreshed++,
    });
    fake.setPending([{ mfaSerial: 'arn:mfa', profiles: ['admin'], reason: 'switch' }]);
    fake.emit(ALL_EVENTS[0]!);
    fake.emit(ALL_EVENTS[1]!);
    expect(sent.map(([c]) => c)).toEqual([eventWireName('sessions-changed'), eventWireName('mfa-required')]);
    expect(JSON.stringify(sent)).not.toContain(SECRET);
    expect(seen).toEqual(['popup:sessions-changed', 'notify:sessions-changed', 'popup:mfa-required', 'notify:mfa-required']);
    expect(trayPatches).toEqual([{ sessions: [toTraySession(session())] }, { pendingMfa: 1 }]);
    expect(toTraySession(session()).canSignIn).toBe(true);
    expect(toTraySession(session({ kind: 'session-token' })).canSignIn).toBe(false);
    expect(refreshed).toBe(1);
    off();
    expect(fake.listenerCount()).toBe(0);
  });

  it('gives the tray each session’s elevation and the baseline signing out falls back to (Settings first)', () => {
    const admin = session({ profile: 'admin', target: 'default', elevated: true, baseline: 'me', fallsBackAt: '2030-01-01T11:15:00.000Z' });
    expect(toTraySession(admin)).toMatchObject({ elevated: true, baseline: 'me', fallsBackAt: '2030-01-01T11:15:00.000Z' });
    expect(toTraySession(admin, { elevatedProfiles: [], baselines: { default: 'readonly' } }).baseline).toBe('readonly');
    expect(toTraySession(admin, { elevatedProfiles: [], baselines: { default: 'admin' } }).baseline).toBeUndefined();
    expect(toTraySession(session()).elevated).toBe(false);
  });
});
