/**
 * What may leave the main process. Sessions and events are rebuilt field by field (an allow-list),
 * so a field added to a core type later — credentials included — does not silently reach the
 * renderer; every other value goes through `toWire`, which keeps plain JSON data only and drops any
 * property whose name says it holds a secret.
 */
import type { ActiveSession, Fallback, SessionEvent, SignOutResult } from '../core/sessions/types';
import type { MfaRequest } from '../core/sessions/mfa-broker';
import type { ErrorInfo } from '../core/errors';
import type { EventChannel, EventPayload } from '../shared/ipc';

const SECRET_KEYS = new Set([
  'secretaccesskey',
  'sessiontoken',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_security_token',
  'credentials',
  'password',
  'tokencode',
]);

/** Plain JSON data with secret-named properties removed (Dates become ISO strings). */
export function toWire<T>(value: T): T {
  if (value === undefined) return value;
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (SECRET_KEYS.has(key.toLowerCase()) ? undefined : v))) as T;
}

export function publicError(e: ErrorInfo): ErrorInfo {
  return e.action === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, action: e.action };
}

export function publicMfaRequest(r: MfaRequest): MfaRequest {
  return { mfaSerial: r.mfaSerial, profiles: [...r.profiles], reason: r.reason, ...(r.requestedBy ? { requestedBy: [...r.requestedBy] } : {}) };
}

export function publicSession(s: ActiveSession): ActiveSession {
  return {
    profile: s.profile,
    target: s.target,
    identityArn: s.identityArn,
    account: s.account,
    expiresAt: s.expiresAt,
    sourceProfile: s.sourceProfile,
    ...(s.mfaSerial !== undefined ? { mfaSerial: s.mfaSerial } : {}),
    kind: s.kind,
    ...(s.region !== undefined ? { region: s.region } : {}),
    refreshableWithoutCode: s.refreshableWithoutCode,
    status: s.status,
    heldBy: s.heldBy,
    elevated: s.elevated,
    ...(s.baseline !== undefined ? { baseline: s.baseline } : {}),
    ...(s.fallsBackAt !== undefined ? { fallsBackAt: s.fallsBackAt } : {}),
    notes: [...s.notes],
    ...(s.lastError !== undefined ? { lastError: publicError(s.lastError) } : {}),
  };
}

export function publicFallback(f: Fallback): Fallback {
  return {
    target: f.target,
    from: f.from,
    baseline: f.baseline,
    ...(f.restored ? { restored: publicSession(f.restored) } : {}),
    ...(f.error ? { error: publicError(f.error) } : {}),
  };
}

export function publicSignOut(r: SignOutResult): SignOutResult {
  return { ended: r.ended.map(publicSession), fallbacks: r.fallbacks.map(publicFallback) };
}

/** A renderer event: its wire name and a payload rebuilt from known fields only. */
export type RendererEvent = { [K in EventChannel]: { name: K; payload: EventPayload<K> } }[EventChannel];

export function toRendererEvent(e: SessionEvent): RendererEvent {
  switch (e.type) {
    case 'sessions-changed':
      return { name: e.type, payload: { sessions: e.sessions.map(publicSession) } };
    case 'mfa-required':
    case 'mfa-updated':
      return { name: e.type, payload: { request: publicMfaRequest(e.request) } };
    case 'mfa-resolved':
      return { name: e.type, payload: { mfaSerial: e.mfaSerial } };
    case 'session-expiring':
      return { name: e.type, payload: { profile: e.profile, target: e.target, secondsLeft: e.secondsLeft, needsMfa: e.needsMfa } };
    case 'session-refreshed':
      return { name: e.type, payload: { profile: e.profile, target: e.target, expiresAt: e.expiresAt } };
    case 'session-expired':
      return { name: e.type, payload: { profile: e.profile, target: e.target, removed: e.removed } };
    case 'session-error':
      return { name: e.type, payload: { profile: e.profile, target: e.target, error: publicError(e.error) } };
    case 'elevation-ending':
      return { name: e.type, payload: { profile: e.profile, target: e.target, ...(e.baseline !== undefined ? { baseline: e.baseline } : {}), secondsLeft: e.secondsLeft } };
    case 'fell-back':
      return {
        name: e.type,
        payload: {
          profile: e.profile,
          target: e.target,
          ...(e.baseline !== undefined ? { baseline: e.baseline } : {}),
          ...(e.restored ? { restored: publicSession(e.restored) } : {}),
          ...(e.error ? { error: publicError(e.error) } : {}),
          timedOut: e.timedOut,
        },
      };
  }
}
