/**
 * Fans the core's session events out to everything in main that reacts to them: every window (as
 * renderer events rebuilt from known fields, so no secret can ride along), the MFA popups, the
 * notifications and the tray. One subscription, so the order of reactions is fixed and testable.
 */
import type { RolecallCore, Settings } from '../core/facade/app-core-types';
import { fallbackFor } from '../core/sessions/elevation';
import type { ActiveSession, SessionEvent } from '../core/sessions/types';
import { eventWireName } from '../shared/ipc';
import { toRendererEvent } from './public-data';
import type { TraySession, TrayState } from './tray-menu';

export interface CoreEventSinks {
  broadcast(channel: string, payload: unknown): void;
  popups: { onEvent(e: SessionEvent): void };
  notifier: { onEvent(e: SessionEvent): void };
  tray: { update(patch: Partial<Omit<TrayState, 'now'>>): void };
  /** Re-reads the profile list for the tray (files may have changed with the sessions). */
  refreshProfiles(): void;
  /** The W4 settings a target's fallback is read from (Settings' baseline first, then the session's). */
  settings?(): ElevationSettings;
}

type ElevationSettings = Pick<Settings, 'elevatedProfiles' | 'baselines'>;

/** The tray's view of a session; `settings` names the baseline signing out falls back to. */
export function toTraySession(s: ActiveSession, settings?: ElevationSettings): TraySession {
  const baseline = settings ? fallbackFor(s, settings) : s.baseline;
  return {
    profile: s.profile,
    target: s.target,
    identityArn: s.identityArn,
    expiresAt: s.expiresAt,
    status: s.status,
    canSignIn: s.kind !== 'session-token',
    elevated: s.elevated,
    ...(baseline !== undefined ? { baseline } : {}),
    ...(s.fallsBackAt !== undefined ? { fallsBackAt: s.fallsBackAt } : {}),
    ...(s.lastError ? { lastError: s.lastError } : {}),
  };
}

/** Subscribes; returns the unsubscribe function. */
export function wireCoreEvents(core: Pick<RolecallCore, 'on' | 'pendingMfa'>, sinks: CoreEventSinks): () => void {
  return core.on((e) => {
    const event = toRendererEvent(e);
    sinks.broadcast(eventWireName(event.name), event.payload);
    sinks.popups.onEvent(e);
    sinks.notifier.onEvent(e);
    if (e.type === 'sessions-changed') {
      const settings = sinks.settings?.();
      sinks.tray.update({ sessions: e.sessions.map((s) => toTraySession(s, settings)) });
      sinks.refreshProfiles();
    } else if (e.type === 'mfa-required' || e.type === 'mfa-updated' || e.type === 'mfa-resolved') {
      sinks.tray.update({ pendingMfa: core.pendingMfa().length });
    }
  });
}
