/**
 * Turns anything the STS call layer can throw into a {@link RolecallError} a person can act on.
 *
 * Raw SDK messages are not shown: they can echo request details, and they are the "what does this
 * even mean" errors users of aws-vault complain about (clock skew, MFA). The message is ours; the
 * STS text is kept only where it is both safe and the clearest explanation (ValidationError, which
 * talks about durations and ARNs). The original error stays on `cause` for `--debug`.
 */
import { RolecallError, type ErrorCode } from '../errors';
import { offsetFromSkewMessage, readErrorFacts, type StsErrorFacts } from './error-facts';
import type { StsOperation } from './types';

export interface StsErrorContext {
  operation: StsOperation;
  /** The MFA device whose code was sent with this call. */
  mfaSerial?: string;
  /** The signing credentials already carry MFA (an MFA session). Defaults to `mfaSerial !== undefined`. */
  mfaPresent?: boolean;
  /** The call was signed with temporary credentials (session token). */
  temporaryCredentials?: boolean;
  profile?: string;
  /** Endpoint host, when the caller knows it better than the error does. */
  endpointHost?: string;
  /** The deadline that applied, for the timeout message. */
  timeoutMs?: number;
  /** Local clock at the time the response arrived (clock-skew offset). Defaults to now. */
  now?: Date;
}

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'SlowDown']);
const SIGNATURE = new Set(['SignatureDoesNotMatch', 'InvalidSignatureException', 'AuthFailure', 'IncompleteSignature']);
const SKEW_CODES = new Set(['RequestExpired', 'RequestTimeTooSkewed', 'RequestInTheFuture']);
const SKEW_TEXT = /signature expired|signature not yet current|clock skew|too skewed/i;
const MFA_TEXT = /multifactorauthentication failed|invalid mfa one[- ]?time pass ?code|mfa (?:code|token)[^.]*(?:invalid|not valid|already)/i;
const VALIDATION = new Set(['ValidationError', 'MalformedPolicyDocument', 'MalformedPolicyDocumentException', 'PackedPolicyTooLarge', 'PackedPolicyTooLargeException']);

const RETRY_LATER = 'Try again in a moment.';

function profileWords(ctx: StsErrorContext): string {
  return ctx.profile ? ` (profile "${ctx.profile}")` : '';
}

/** Maps an STS failure to a typed, secret-free error with a next step. */
export function mapStsError(e: unknown, ctx: StsErrorContext): RolecallError {
  if (e instanceof RolecallError) return e;
  const facts = readErrorFacts(e);
  const host = ctx.endpointHost ?? facts.host;
  if (facts.network) return networkError(e, facts.network, host, ctx);

  const code = facts.awsCode ?? '';
  const msg = facts.rawMessage;
  const err = (c: ErrorCode, message: string, action: string, details: Record<string, string | number | boolean> = {}) =>
    new RolecallError(c, message, { action, cause: e, details: { operation: ctx.operation, ...(ctx.profile ? { profile: ctx.profile } : {}), ...details } });

  if (code === 'AccessDenied' || code === 'AccessDeniedException') {
    if (MFA_TEXT.test(msg)) {
      const serial = ctx.mfaSerial;
      return err(
        'MfaInvalid',
        serial ? `The MFA code was not accepted for ${serial}.` : 'The MFA code was not accepted.',
        /unable to validate/i.test(msg)
          ? 'Check that the MFA device (mfa_serial) is the one assigned to this user, wait for the next code and try again.'
          : 'Wait for the next code and try again. Each code works only once.',
        serial ? { mfaSerial: serial } : {},
      );
    }
    const sessionCreds = /cannot call (\w+) with session credentials/i.exec(msg);
    if (sessionCreds) {
      return err('AccessDenied', `${sessionCreds[1]} needs long-term IAM user keys, but it was called with temporary credentials${profileWords(ctx)}.`, 'Use a source profile that holds the IAM user\'s own access key.');
    }
    const who = /User: (arn:\S+) is not authorized to perform: (\S+?)(?: on resource: (arn:\S+))?(?:\s|$)/.exec(msg);
    const details: Record<string, string> = {};
    if (who?.[1]) details.principal = who[1];
    if (who?.[3]) details.resource = who[3];
    const mfaPresent = ctx.mfaPresent ?? ctx.mfaSerial !== undefined;
    const subject = who?.[1] && who[3] ? `${who[1]} may not call ${ctx.operation} on ${who[3]}` : `STS denied ${ctx.operation}${profileWords(ctx)}`;
    if (ctx.operation === 'AssumeRole' && !mfaPresent) {
      return err('AccessDenied', `${subject}. The role's trust policy most likely requires MFA (aws:MultiFactorAuthPresent), and no MFA was used.`, 'Add mfa_serial to the profile (or to its source profile) so Rolecall asks for a code, then switch again.', details);
    }
    return err('AccessDenied', `${subject}.`, ctx.operation === 'AssumeRole'
      ? "Check the role's trust policy and the user's sts:AssumeRole permission (and ExternalId, if the role needs one)."
      : "Check the user's IAM permissions for this call.", details);
  }

  if (code === 'InvalidClientTokenId') {
    return ctx.temporaryCredentials
      ? err('InvalidClientTokenId', `STS did not recognise the temporary credentials${profileWords(ctx)}: they were revoked, or belong to another partition or a region that is not enabled.`, 'Sign in again to get new credentials.')
      : err('InvalidClientTokenId', `The access key${profileWords(ctx)} is unknown or deactivated.`, 'Check the key in the IAM console (it may be deleted or inactive) and re-add it to Rolecall.');
  }

  if (code === 'ExpiredToken' || code === 'ExpiredTokenException' || code === 'TokenRefreshRequired') {
    return err('ExpiredToken', `The session credentials used for ${ctx.operation}${profileWords(ctx)} have expired.`, 'Sign in again; Rolecall asks for a new MFA code if one is needed.');
  }

  if (SKEW_CODES.has(code) || (SIGNATURE.has(code) && (SKEW_TEXT.test(msg) || facts.clockSkewCorrected))) {
    return clockSkewError(e, facts, ctx);
  }

  if (SIGNATURE.has(code)) {
    return ctx.temporaryCredentials
      ? err('InvalidClientTokenId', `The stored temporary credentials${profileWords(ctx)} do not match each other.`, 'Sign in again to get new credentials.')
      : err('InvalidClientTokenId', `The secret access key does not match the access key${profileWords(ctx)}.`, 'Check the secret (create a new access key in the IAM console if it is lost) and re-add it to Rolecall.');
  }

  if (THROTTLING.has(code) || facts.status === 429) {
    return err('Throttled', `STS is limiting the request rate for ${ctx.operation}.`, 'Wait a minute and try again.');
  }

  if (VALIDATION.has(code)) {
    const chained = /role chaining/i.test(msg);
    return err('StsValidation', `STS rejected ${ctx.operation}: ${safeValidationMessage(msg) || code}`, chained
      ? 'Roles assumed with temporary credentials are limited to 1 hour: ask for 3600 seconds or less.'
      : "Check the profile's duration_seconds, role_arn and mfa_serial.");
  }

  if (code === 'RegionDisabledException' || code === 'RegionDisabled') {
    return err('StsError', "STS is not activated in this profile's region for the account.", "Ask an administrator to activate the region in the IAM console's account settings, or set another region on the profile.", { awsCode: code });
  }

  if ((facts.status ?? 0) >= 500 || code === 'InternalFailure' || code === 'ServiceUnavailable') {
    return err('StsError', `STS had a temporary problem${facts.status ? ` (HTTP ${facts.status})` : ''} with ${ctx.operation}.`, RETRY_LATER, { ...(facts.status ? { httpStatus: facts.status } : {}), ...(code ? { awsCode: safeCode(code) } : {}) });
  }

  if (code) {
    return err('StsError', `STS rejected ${ctx.operation} with error ${safeCode(code)}.`, 'Try again; if it keeps happening, run the CLI with --debug for details.', { awsCode: safeCode(code) });
  }
  return err('StsError', `The STS call ${ctx.operation} failed unexpectedly.`, 'Try again; if it keeps happening, run the CLI with --debug for details.');
}

function networkError(e: unknown, network: NonNullable<StsErrorFacts['network']>, host: string | undefined, ctx: StsErrorContext): RolecallError {
  const where = host ? `STS at ${host}` : 'STS';
  const seconds = ctx.timeoutMs !== undefined ? `${Math.round(ctx.timeoutMs / 100) / 10} s` : 'the time limit';
  const text: Record<typeof network.reason, string> = {
    refused: `Could not connect to ${where}: the connection was refused.`,
    'not-found': `Could not find ${where}: the host name did not resolve.`,
    timeout: `${where} did not answer within ${seconds}.`,
    reset: `The connection to ${where} was cut off.`,
    unreachable: `The network cannot reach ${where}.`,
    tls: `The TLS certificate of ${where} could not be verified (${network.code}).`,
    aborted: `The request to ${where} was cancelled.`,
  };
  const action =
    network.reason === 'tls'
      ? 'If a proxy inspects TLS on this network, give Node its CA certificate (NODE_EXTRA_CA_CERTS), then try again.'
      : network.reason === 'not-found'
        ? 'Check your network connection and any AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL setting, then try again.'
        : 'Check your network connection, VPN or proxy, then try again.';
  return new RolecallError('NetworkError', text[network.reason], {
    action,
    cause: e,
    details: { operation: ctx.operation, reason: network.code, ...(host ? { host } : {}) },
  });
}

function clockSkewError(e: unknown, facts: StsErrorFacts, ctx: StsErrorContext): RolecallError {
  const now = ctx.now ?? new Date();
  // The times in STS's own message are exactly what it compared; the Date header against our
  // clock is the fallback (a few hundred ms of latency aside, it says the same).
  const offset =
    offsetFromSkewMessage(facts.rawMessage) ??
    (facts.serverDate ? Math.round((facts.serverDate.getTime() - now.getTime()) / 1000) : undefined);
  const details: Record<string, string | number> = { operation: ctx.operation };
  let message = "STS refused the request's time stamp: your computer's clock is probably wrong.";
  if (offset !== undefined) {
    details.offsetSeconds = offset;
    if (facts.serverDate) details.serverTime = facts.serverDate.toISOString();
    if (offset !== 0) {
      const abs = Math.abs(offset);
      const approx = abs >= 3600 ? ` (about ${Math.round(abs / 3600)} h)` : abs >= 120 ? ` (about ${Math.round(abs / 60)} min)` : '';
      message = `Your computer's clock is ${abs} s${approx} ${offset > 0 ? 'behind' : 'ahead of'} AWS's time, so STS refused the request.`;
    }
  }
  return new RolecallError('ClockSkew', message, {
    action: 'Sync your system clock (turn on automatic date and time), then try again.',
    cause: e,
    details,
  });
}

/** Only letters, digits and dots survive from an error code; anything else is not a code. */
function safeCode(code: string): string {
  const clean = code.replace(/[^A-Za-z0-9.]/g, '').slice(0, 64);
  return clean || 'Unknown';
}

/**
 * STS's ValidationError text is about durations, ARNs and patterns and is the clearest explanation
 * we can give. It can echo a rejected value: values of members that may be sensitive are masked,
 * control characters removed and the length capped.
 */
export function safeValidationMessage(message: string): string {
  return message
    .replace(/Value '[^']*' at '(tokenCode|externalId|policy|sourceIdentity|providedContexts)'/gi, "Value '***' at '$1'")
    .replace(/Value \[[^\]]*\] at '(tokenCode|externalId|policy)'/gi, "Value [***] at '$1'")
    .split('')
    .map((ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? ' ' : ch))
    .join('')
    .trim()
    .slice(0, 400);
}
