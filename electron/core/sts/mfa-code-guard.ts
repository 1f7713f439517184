/**
 * Refuses to send an MFA code that AWS will reject as already used.
 *
 * A TOTP code is good for one 30 s step, AWS accepts each code once, and it remembers used codes
 * into the next step (it accepts codes from adjacent steps to tolerate device drift). Sending the
 * same code twice — a double click, a second role switched in the same half minute, an automatic
 * retry — fails with the same "MultiFactorAuthentication failed" text as a mistyped code, which
 * baffles users (aws-vault #1110). The guard catches that before the request and says how long to
 * wait for the next code instead.
 */
import { RolecallError } from '../errors';

export const TOTP_STEP_MS = 30_000;

export interface MfaCodeGuard {
  /** Throws `InvalidInput` for anything but six digits, `MfaCodeReused` for a code already sent. */
  assertUsable(serial: string, code: string): void;
  /** Records a code as sent. Call it just before the request leaves. */
  markUsed(serial: string, code: string): void;
  /**
   * Forgets a code the request proved STS never evaluated (connection refused, clock skew,
   * throttled…), so the user may send it again while it is still current.
   */
  release(serial: string, code: string): void;
}

export interface MfaCodeGuardOptions {
  /** Most codes remembered at once (across all devices); the oldest go first. Default 256. */
  maxEntries?: number;
}

/** @param now milliseconds since the epoch, injectable so tests can cross step boundaries. */
export function createMfaCodeGuard(now: () => number = Date.now, options: MfaCodeGuardOptions = {}): MfaCodeGuard {
  const maxEntries = Math.max(1, options.maxEntries ?? 256);
  // key `${serial}\n${code}` → instant until which the code counts as used; insertion order = age.
  const used = new Map<string, number>();
  const key = (serial: string, code: string) => `${serial}\n${code}`;

  const prune = (t: number) => {
    for (const [k, until] of used) if (until <= t) used.delete(k);
  };

  return {
    assertUsable(serial, code) {
      if (typeof code !== 'string' || !/^\d{6}$/.test(code)) {
        throw new RolecallError('InvalidInput', 'An MFA code is exactly 6 digits.', {
          action: 'Enter the 6-digit code your MFA device shows.',
        });
      }
      const t = now();
      prune(t);
      const until = used.get(key(serial, code));
      if (until === undefined) return;
      // The device shows a new code at the next step boundary; that is what the user waits for.
      const nextStep = (Math.floor(t / TOTP_STEP_MS) + 1) * TOTP_STEP_MS;
      const waitSeconds = Math.max(1, Math.ceil((nextStep - t) / 1000));
      throw new RolecallError('MfaCodeReused', `This code was already used for ${serial}; AWS accepts each code only once.`, {
        action: `Wait ${waitSeconds} s for the next code, then enter it.`,
        details: { mfaSerial: serial, waitSeconds },
      });
    },

    markUsed(serial, code) {
      const t = now();
      prune(t);
      const k = key(serial, code);
      used.delete(k);
      // Blocked for the rest of this step and all of the next one.
      used.set(k, (Math.floor(t / TOTP_STEP_MS) + 2) * TOTP_STEP_MS);
      while (used.size > maxEntries) {
        const oldest = used.keys().next().value;
        if (oldest === undefined) break;
        used.delete(oldest);
      }
    },

    release(serial, code) {
      used.delete(key(serial, code));
    },
  };
}
