/**
 * Exit codes of `rolecall`, documented in the README. Scripts branch on these, so they only grow.
 */
import type { ErrorCode } from '../core/errors';

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

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'MfaRequired':
      return EXIT.mfaRequired;
    case 'InvalidInput':
      return EXIT.usage;
    case 'KeychainUnavailable':
    case 'KeychainLocked':
    case 'KeychainTimeout':
    case 'KeychainError':
    case 'SourceExists':
    case 'SourceNotFound':
      return EXIT.keychain;
    case 'MfaInvalid':
    case 'MfaCodeReused':
    case 'AccessDenied':
    case 'InvalidClientTokenId':
    case 'ExpiredToken':
    case 'ClockSkew':
    case 'Throttled':
    case 'StsValidation':
    case 'StsError':
    case 'ConsoleUnsupported':
    case 'SsoSignInFailed':
    case 'SsoPortalError':
      return EXIT.aws;
    case 'SsoLoginRequired':
      return EXIT.mfaRequired;
    case 'NetworkError':
      return EXIT.network;
    case 'ConfigMalformed':
    case 'ProfileNotFound':
    case 'ProfileInvalid':
    case 'ProfileValueInvalid':
    case 'ProfileCycle':
    case 'SectionNotManaged':
    case 'TargetShadowed':
    case 'FileWriteFailed':
    case 'FileLocked':
    case 'SsoConfigInvalid':
      return EXIT.files;
    default:
      return EXIT.error;
  }
}
