/**
 * The credential_process output format (aws-semantics.md, "credential_process"), and the rule for
 * how fresh handed-out credentials must be.
 */
import { RolecallError } from '../errors';

/**
 * The AWS CLI re-runs credential_process once less than 15 minutes remain; credentials handed out
 * with less than that would make every single CLI call re-run the process. One minute of margin
 * covers the time between our check and the CLI's.
 */
export const CREDENTIAL_PROCESS_MIN_REMAINING_SECONDS = 960;

/**
 * The most time a socket caller may demand: 45 minutes, under the one-hour limit of a chained role
 * session (fresh credentials then always satisfy it) and far under an MFA session's, so asking for
 * 12 hours cannot make every call miss the cache and reopen the MFA prompt.
 */
export const CREDENTIAL_PROCESS_MAX_MIN_REMAINING_SECONDS = 2700;

/** The JSON object the AWS CLI and SDKs read from credential_process's stdout. */
export interface CredentialProcessOutput {
  Version: 1;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  /** ISO-8601, UTC. */
  Expiration: string;
}

/** The temporary credentials the bridge may hand out. */
export interface TemporaryCredentialsLike {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/**
 * Builds the output object, refusing anything without a session token and expiry: long-term keys
 * must never leave through credential_process (Leapp's local socket handed out keychain secrets).
 */
export function toCredentialProcessOutput(creds: TemporaryCredentialsLike): CredentialProcessOutput {
  const expiration = creds.expiration;
  if (!creds.sessionToken || expiration === undefined || Number.isNaN(expiration.getTime()) || creds.accessKeyId.startsWith('AKIA')) {
    throw new RolecallError('Internal', 'Rolecall refused to hand out credentials without a session token: long-term keys never leave the app.', {
      action: 'Use a role or MFA-session profile with credential_process; report this if it happened for one.',
    });
  }
  return {
    Version: 1,
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    SessionToken: creds.sessionToken,
    Expiration: expiration.toISOString(),
  };
}

/** The exact text to print on stdout (one line of JSON). */
export function formatCredentialProcessOutput(creds: TemporaryCredentialsLike): string {
  return JSON.stringify(toCredentialProcessOutput(creds));
}
