/**
 * Typed errors for everything a user can run into.
 *
 * Every failure that reaches a person (tray, window, CLI) is a {@link RolecallError}: a stable `code`
 * the UI can branch on, a `message` that names the problem in plain words, and an `action` that says
 * what to do next. Messages never contain secrets and never a raw SDK stack: the original error is
 * kept only as `cause` for `--debug` output, and callers must not print it by default.
 */

/** Stable error codes. The renderer and the CLI's exit codes key off these. */
export type ErrorCode =
  // files and profiles
  | 'ConfigMalformed'
  | 'ProfileNotFound'
  | 'ProfileInvalid'
  /** A value read from a profile (region, role_arn, mfa_serial…) that an STS call cannot use. */
  | 'ProfileValueInvalid'
  | 'ProfileCycle'
  | 'SectionNotManaged'
  | 'TargetShadowed'
  | 'FileWriteFailed'
  | 'FileLocked'
  // keychain
  | 'KeychainUnavailable'
  | 'KeychainLocked'
  | 'KeychainTimeout'
  | 'KeychainError'
  | 'SourceExists'
  | 'SourceNotFound'
  // input
  | 'InvalidInput'
  // sts
  | 'MfaRequired'
  | 'MfaInvalid'
  | 'MfaCodeReused'
  | 'AccessDenied'
  | 'InvalidClientTokenId'
  | 'ExpiredToken'
  | 'ClockSkew'
  | 'Throttled'
  | 'StsValidation'
  | 'NetworkError'
  | 'StsError'
  // sessions & state
  /** No session writes to the target (or profile) the user named. */
  | 'SessionNotFound'
  /** The target's section now holds another profile's session (switched meanwhile): left alone. */
  | 'SessionReplaced'
  /** "Extend" asked of a session that is not a time-boxed elevation (`switch --for`). */
  | 'NotTimeBoxed'
  /** The session was signed out or replaced while a refresh or prompt for it was under way. */
  | 'SessionEnded'
  /** A code was submitted for a device nothing waits on (the prompt was answered or cancelled). */
  | 'NoPendingMfa'
  /** `rolecall agent` (or the app) is already running for this user. */
  | 'AgentRunning'
  | 'StateCorrupt'
  | 'ConsoleUnsupported'
  // key rotation
  | 'KeyLimitExceeded'
  | 'RotationInterrupted'
  // IAM Identity Center (SSO)
  /** An `[sso-session]` or SSO profile the AWS CLI would refuse too (missing or inconsistent keys, bad start URL). */
  | 'SsoConfigInvalid'
  /** No usable token for an SSO session (none cached, expired and not refreshable, revoked): sign in again. */
  | 'SsoLoginRequired'
  /** A sign-in did not complete: denied, timed out, cancelled, or the OIDC service refused it. */
  | 'SsoSignInFailed'
  /** The access portal (GetRoleCredentials, ListAccounts…) refused a call for a reason other than the token. */
  | 'SsoPortalError'
  | 'Internal';

/** The plain, serialisable shape that crosses IPC and sockets. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  action?: string;
}

export class RolecallError extends Error {
  readonly code: ErrorCode;
  readonly action: string | undefined;
  /** Extra structured facts (never secrets): e.g. the MFA serial, seconds to wait, clock offset. */
  readonly details: Readonly<Record<string, string | number | boolean>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      action?: string;
      cause?: unknown;
      details?: Record<string, string | number | boolean>;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RolecallError';
    this.code = code;
    this.action = options.action;
    this.details = options.details ?? {};
  }

  toInfo(): ErrorInfo {
    return this.action === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, action: this.action };
  }
}

export function isRolecallError(e: unknown): e is RolecallError {
  return e instanceof RolecallError;
}

/**
 * Turns anything thrown into an {@link ErrorInfo} fit for a user. Unknown errors become `Internal`
 * with a generic message: their text may carry SDK internals or secrets, so it is not shown.
 */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (isRolecallError(e)) return e.toInfo();
  return {
    code: 'Internal',
    message: 'Something unexpected went wrong inside Rolecall.',
    action: 'Try again; if it keeps happening, run the CLI with --debug and report the output.',
  };
}
