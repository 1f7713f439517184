/**
 * Exit codes of `rolecall`, documented in the README. Scripts branch on these, so they only grow.
 */
import type { ErrorCode } from '../core/errors';
import { errorTraits, type UserAction } from '../core/error-traits';

export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  mfaRequired: 3,
  keychain: 4,
  aws: 5,
  network: 6,
  files: 7,
  /** stdout or stderr was closed before all output was written (`| head -1`): 128 + SIGPIPE, as git. */
  pipeClosed: 141,
} as const;

const BY_ACTION: Record<UserAction, number> = {
  mfa: EXIT.mfaRequired,
  usage: EXIT.usage,
  keychain: EXIT.keychain,
  aws: EXIT.aws,
  network: EXIT.network,
  files: EXIT.files,
  other: EXIT.error,
};

/** The exit code for an error: what the user has to act on (error-traits.ts). */
export function exitCodeFor(code: ErrorCode): number {
  return BY_ACTION[errorTraits(code).needs];
}
