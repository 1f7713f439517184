/**
 * IAM failures in words a user can act on. AccessDenied names the permission and the user ARN it
 * is needed on, and says whether MFA is the likely cause (policies commonly deny IAM calls without
 * `aws:MultiFactorAuthPresent`); the raw AWS message is never shown (it may echo request values).
 */
import { RolecallError } from '../errors';
import { readErrorFacts } from '../sts/error-facts';

export type IamOperation = 'CreateAccessKey' | 'DeleteAccessKey' | 'ListAccessKeys' | 'GetAccessKeyLastUsed';

export interface IamErrorContext {
  operation: IamOperation;
  /** `arn:aws:iam::ACCOUNT:user/NAME` of the user whose keys are rotated. */
  userArn: string;
  /** The call was signed with an MFA session. */
  withMfa: boolean;
  /** The source profile has an mfa_serial (so an MFA session could be used). */
  hasMfaSerial: boolean;
  profile: string;
}

export function mapIamError(e: unknown, ctx: IamErrorContext): RolecallError {
  if (e instanceof RolecallError) return e;
  const facts = readErrorFacts(e);
  const code = facts.awsCode ?? '';
  const permission = `iam:${ctx.operation} on ${ctx.userArn}`;
  const details = { operation: ctx.operation, awsCode: code || 'none' };
  if (code === 'AccessDenied' || code === 'AccessDeniedException') {
    const mfaHint = ctx.withMfa
      ? 'The call was made with an MFA session, so MFA is not the cause: the policy does not grant it.'
      : ctx.hasMfaSerial
        ? 'MFA was not used for this call; if your policy requires aws:MultiFactorAuthPresent, that is the likely cause.'
        : `The call was made without MFA. If your policy requires aws:MultiFactorAuthPresent (MFA is the likely cause then), add mfa_serial to the profile "${ctx.profile}" so Rolecall calls IAM with an MFA session.`;
    return new RolecallError('AccessDenied', `IAM refused ${ctx.operation}: the user needs the permission ${permission}. ${mfaHint}`, {
      action: `Ask your administrator to allow ${permission}${ctx.withMfa ? '' : ' (or to allow it with MFA, then use an MFA session)'}.`,
      details: { ...details, permission, mfaLikelyCause: !ctx.withMfa },
      cause: e,
    });
  }
  if (code === 'LimitExceeded') {
    return new RolecallError('KeyLimitExceeded', `IAM allows two access keys per user and ${ctx.userArn} already has two.`, {
      action: 'Delete the key you no longer use (rolecall rotate offers to), then try again.',
      details,
      cause: e,
    });
  }
  if (code === 'Throttling' || code === 'ThrottlingException' || code === 'RequestLimitExceeded' || facts.status === 429) {
    return new RolecallError('Throttled', `IAM is throttling requests (${ctx.operation}).`, { action: 'Wait a minute and try again.', details, cause: e });
  }
  if (code === 'InvalidClientTokenId' || code === 'ExpiredToken' || code === 'SignatureDoesNotMatch') {
    return new RolecallError('InvalidClientTokenId', `IAM did not accept the credentials ${ctx.withMfa ? 'of the MFA session' : `of "${ctx.profile}"`} (${code}).`, {
      action: ctx.withMfa ? 'Try again with a fresh MFA code.' : `Check the keys of "${ctx.profile}" (rolecall add ${ctx.profile} --force).`,
      details,
      cause: e,
    });
  }
  if (code === 'NoSuchEntity') {
    return new RolecallError('SourceNotFound', `IAM does not know the key or user ${ctx.operation} named.`, { action: 'Run "rolecall list" to see the keys again.', details, cause: e });
  }
  if (facts.network) {
    return new RolecallError('NetworkError', `Could not reach IAM${facts.host ? ` at ${facts.host}` : ''} (${facts.network.reason}).`, {
      action: 'Check your network connection (and AWS_ENDPOINT_URL_IAM if it is set), then try again.',
      details: { ...details, reason: facts.network.code },
      cause: e,
    });
  }
  return new RolecallError('StsError', `IAM failed ${ctx.operation}${code ? ` (${code})` : ''}.`, { action: 'Try again in a moment.', details, cause: e });
}
