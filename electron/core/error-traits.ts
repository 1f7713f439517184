/**
 * One table of what each error code means for the code that handles it, instead of a set of codes
 * in every module that branches on errors:
 * - `retryable`: a later attempt of the same work can succeed (a session refresh retries with backoff);
 * - `dropsMfaSession`: AWS no longer accepts the cached MFA session that signed the call, so it is
 *   deleted and the user asked for a code (the engine);
 * - `codeUnspent`: STS provably never evaluated an MFA code sent with the call, so the code may be
 *   sent again while current (the STS caller; NetworkError only for connection failures, see there);
 * - `needs`: what the user has to act on, which decides the CLI's exit code.
 */
import type { ErrorCode } from './errors';

export type UserAction = 'mfa' | 'usage' | 'keychain' | 'aws' | 'network' | 'files' | 'other';

export interface ErrorTraits {
  retryable: boolean;
  dropsMfaSession: boolean;
  codeUnspent: boolean;
  needs: UserAction;
}

type Row = Partial<Omit<ErrorTraits, 'needs'>> & { needs: UserAction };

const TABLE: Record<ErrorCode, Row> = {
  ConfigMalformed: { needs: 'files' },
  ProfileNotFound: { needs: 'files' },
  ProfileInvalid: { needs: 'files' },
  ProfileValueInvalid: { needs: 'files' },
  ProfileCycle: { needs: 'files' },
  SectionNotManaged: { needs: 'files' },
  TargetShadowed: { needs: 'files' },
  FileWriteFailed: { needs: 'files' },
  FileLocked: { needs: 'files' },
  KeychainUnavailable: { needs: 'keychain' },
  KeychainLocked: { needs: 'keychain' },
  KeychainTimeout: { needs: 'keychain', retryable: true },
  KeychainError: { needs: 'keychain' },
  SourceExists: { needs: 'keychain' },
  SourceNotFound: { needs: 'keychain' },
  InvalidInput: { needs: 'usage' },
  MfaRequired: { needs: 'mfa' },
  MfaInvalid: { needs: 'aws' },
  MfaCodeReused: { needs: 'aws' },
  AccessDenied: { needs: 'aws' },
  InvalidClientTokenId: { needs: 'aws', dropsMfaSession: true, codeUnspent: true },
  ExpiredToken: { needs: 'aws', dropsMfaSession: true, codeUnspent: true },
  ClockSkew: { needs: 'aws', codeUnspent: true },
  Throttled: { needs: 'aws', retryable: true, codeUnspent: true },
  StsValidation: { needs: 'aws' },
  NetworkError: { needs: 'network', retryable: true },
  StsError: { needs: 'aws', retryable: true },
  SessionNotFound: { needs: 'other' },
  SessionReplaced: { needs: 'other' },
  NotTimeBoxed: { needs: 'usage' },
  SessionEnded: { needs: 'other' },
  NoPendingMfa: { needs: 'other' },
  AgentRunning: { needs: 'other' },
  StateCorrupt: { needs: 'other' },
  ConsoleUnsupported: { needs: 'aws' },
  KeyLimitExceeded: { needs: 'aws' },
  RotationInterrupted: { needs: 'other' },
  SsoConfigInvalid: { needs: 'files' },
  /** like a missing MFA code: a person must sign in (exit 3) */
  SsoLoginRequired: { needs: 'mfa' },
  SsoSignInFailed: { needs: 'aws' },
  SsoPortalError: { needs: 'aws', retryable: true },
  Internal: { needs: 'other' },
};

/** The traits of `code`; an unknown code (from a newer peer over the socket) has none. */
export function errorTraits(code: string): ErrorTraits {
  const row: Row | undefined = Object.hasOwn(TABLE, code) ? TABLE[code as ErrorCode] : undefined;
  return { retryable: row?.retryable ?? false, dropsMfaSession: row?.dropsMfaSession ?? false, codeUnspent: row?.codeUnspent ?? false, needs: row?.needs ?? 'other' };
}
