/**
 * Checks on STS call inputs made before anything is sent. STS would refuse most of these too, but
 * a local check answers instantly, costs no MFA code, and can say exactly which value is wrong
 * without echoing a secret back (a token code is never repeated in a message).
 */
import { RolecallError } from '../errors';
import type { AwsCredentials, StsOperation } from './types';

const invalid = (message: string, action: string) => new RolecallError('InvalidInput', message, { action });
/** A value that came from the user's AWS files: fixing it means editing a profile, not retyping (CLI exit 7). */
const badProfileValue = (message: string, action: string) => new RolecallError('ProfileValueInvalid', message, { action });

/** STS's own limits per operation, in seconds. */
export const DURATION_LIMITS: Record<Exclude<StsOperation, 'GetCallerIdentity'>, { min: number; max: number }> = {
  GetSessionToken: { min: 900, max: 129_600 },
  AssumeRole: { min: 900, max: 43_200 },
  GetFederationToken: { min: 900, max: 129_600 },
};

export { isMfaCode } from '../../shared/profile-rules';
import { isMfaCode } from '../../shared/profile-rules';

export function checkCredentials(creds: AwsCredentials): void {
  if (!creds || typeof creds.accessKeyId !== 'string' || !creds.accessKeyId || typeof creds.secretAccessKey !== 'string' || !creds.secretAccessKey) {
    throw invalid('No usable AWS credentials were given for the STS call.', 'Re-add the source profile\'s access key.');
  }
}

export function checkDuration(op: keyof typeof DURATION_LIMITS, seconds: number | undefined): void {
  if (seconds === undefined) return;
  const { min, max } = DURATION_LIMITS[op];
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw invalid(`${op} needs a duration between ${min} and ${max} seconds (got ${String(seconds)}).`, 'Change duration_seconds or the session duration setting.');
  }
}

/** Both or neither: a serial without a code (or the reverse) is a bug in the caller, not the user. */
export function checkMfa(serialNumber: string | undefined, tokenCode: string | undefined): void {
  if (serialNumber === undefined && tokenCode === undefined) return;
  if (serialNumber === undefined || tokenCode === undefined) {
    throw invalid('An MFA code and its device (mfa_serial) must be sent together.', 'Enter the code for the profile\'s MFA device.');
  }
  if (!/^[\w+=/:,.@-]{9,256}$/.test(serialNumber)) {
    throw badProfileValue(`"${serialNumber.slice(0, 80)}" is not a valid MFA device ARN or serial number.`, 'Fix mfa_serial in the profile (arn:aws:iam::ACCOUNT:mfa/NAME).');
  }
  if (!isMfaCode(tokenCode)) {
    throw invalid('An MFA code is exactly 6 digits.', 'Enter the 6-digit code your MFA device shows.');
  }
}

export function checkRoleSessionName(name: string): void {
  if (!/^[\w+=,.@-]{2,64}$/.test(name)) {
    throw badProfileValue(`"${name.slice(0, 80)}" is not a valid role session name (2–64 characters of letters, digits and +=,.@_-).`, 'Fix role_session_name in the profile.');
  }
}

export function checkRoleArn(arn: string): void {
  if (!/^arn:[\w-]+:iam::\d{12}:role\/\S{1,512}$/.test(arn)) {
    throw badProfileValue(`"${arn.slice(0, 120)}" is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME).`, 'Fix role_arn in the profile.');
  }
}

export function checkExternalId(id: string | undefined): void {
  if (id !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(id)) {
    throw badProfileValue('The external id must be 2–1224 characters of letters, digits and +=,.@:/_-.', 'Fix external_id in the profile.');
  }
}

export function checkFederationName(name: string): void {
  if (!/^[\w+=,.@-]{2,32}$/.test(name)) {
    throw invalid(`"${name.slice(0, 80)}" is not a valid federated user name (2–32 characters of letters, digits and +=,.@_-).`, 'Choose a shorter name.');
  }
}
