/** Small conversions between the engine's results, the manager's sessions and errors. */
import { RolecallError, isRolecallError } from '../errors';
import type { Marker } from '../aws-files/marker';
import type { ResolvedCredentials } from '../sts/engine-types';
import { MAX_ELEVATION_SECONDS, MIN_ELEVATION_SECONDS, isElevated } from './elevation';
import type { ManagerSettings } from './manager-deps';
import type { ActiveSession, HeldBy, SessionRecord } from './types';

/** The device of an MfaRequired error, when that is what `e` is. */
export function mfaSerialOf(e: unknown): string | undefined {
  return isRolecallError(e) && e.code === 'MfaRequired' && typeof e.details.mfaSerial === 'string' ? e.details.mfaSerial : undefined;
}

export function toSession(r: ResolvedCredentials, target: string, heldBy: HeldBy, elevation: Pick<SessionRecord, 'baseline' | 'fallsBackAt'>, settings: Pick<ManagerSettings, 'elevatedProfiles' | 'baselines'>): ActiveSession {
  return {
    ...elevation,
    elevated: isElevated({ profile: r.profile, ...elevation }, settings),
    profile: r.profile,
    target,
    identityArn: r.identityArn,
    account: r.account,
    expiresAt: r.credentials.expiration.toISOString(),
    sourceProfile: r.sourceProfile,
    ...(r.mfaSerial ? { mfaSerial: r.mfaSerial } : {}),
    kind: r.kind,
    ...(r.region ? { region: r.region } : {}),
    refreshableWithoutCode: r.refreshableWithoutCode,
    status: 'active',
    heldBy,
    notes: r.notes,
  };
}

export function assertElevationLength(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < MIN_ELEVATION_SECONDS || seconds > MAX_ELEVATION_SECONDS) {
    throw new RolecallError('InvalidInput', `An elevation lasts between ${MIN_ELEVATION_SECONDS / 60} minute and ${MAX_ELEVATION_SECONDS / 3600} hours, not ${seconds} seconds.`, {
      action: 'Give a length such as 15m, 30m or 1h.',
    });
  }
}

/** The marker that records `s` (ledger.ts reads it back). */
export function markerOf(s: SessionRecord, expiresAt: Date = new Date(s.expiresAt)): Marker & { expiresAt: Date; source: string } {
  return {
    expiresAt,
    source: s.profile,
    ...(s.identityArn ? { identity: s.identityArn } : {}),
    kind: s.kind,
    via: s.sourceProfile,
    ...(s.mfaSerial ? { mfa: s.mfaSerial } : {}),
    ...(s.baseline !== undefined ? { baseline: s.baseline } : {}),
    ...(s.fallsBackAt !== undefined ? { until: new Date(s.fallsBackAt) } : {}),
  };
}

/** A record's elevation fields win over a held session's (the ledger was rewritten: extended, or ended). */
export function withoutStaleElevation(s: ActiveSession, r: SessionRecord): ActiveSession {
  const { baseline: _b, fallsBackAt: _f, ...rest } = s;
  return { ...rest, ...definedOnly({ baseline: r.baseline, fallsBackAt: r.fallsBackAt }) };
}

export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
