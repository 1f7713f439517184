/** Small conversions between the engine's results, the manager's sessions and errors. */
import { isRolecallError } from '../errors';
import type { ResolvedCredentials } from '../sts/engine-types';
import type { ActiveSession, HeldBy } from './types';

/** The device of an MfaRequired error, when that is what `e` is. */
export function mfaSerialOf(e: unknown): string | undefined {
  return isRolecallError(e) && e.code === 'MfaRequired' && typeof e.details.mfaSerial === 'string' ? e.details.mfaSerial : undefined;
}

export function toSession(r: ResolvedCredentials, target: string, heldBy: HeldBy): ActiveSession {
  return {
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
