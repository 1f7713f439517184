/**
 * The console path for an IAM user who has no role to assume: GetFederationToken with the user's
 * long-term keys gives credentials the federation endpoint accepts (Leapp users asked for this in
 * its issue #323). They are a different kind of session with real limits, so the UI must show
 * {@link FEDERATION_LIMITS_NOTICE} before the user goes ahead.
 */
import { RolecallError } from '../errors';
import { mapStsError } from '../sts/errors';
import type { AwsCredentials, TemporaryCredentials } from '../sts/types';
import type { ConsoleCredentials } from './types';

/**
 * Without a session policy a federated user has no permissions at all; with this one it has exactly
 * the IAM user's own permissions (the effective set is the intersection of both).
 */
export const ALLOW_ALL_SESSION_POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

/** What a person must know before opening the console with a federation token. */
export const FEDERATION_LIMITS_NOTICE =
  'This IAM user has no role to sign in with, so Rolecall signs in to the console with a federation token (GetFederationToken). ' +
  'That session: carries no MFA context (pages or policies that require MFA will refuse it); cannot call any IAM API; ' +
  'cannot call STS except GetCallerIdentity; lasts at most 36 hours; and has the permissions of the IAM user intersected with the session policy ' +
  '(Rolecall sends an allow-all policy, so exactly the user\'s own permissions).';

export const MIN_FEDERATION_SECONDS = 900;
export const MAX_FEDERATION_SECONDS = 129_600;

/** The STS call this helper needs; the STS caller satisfies it. */
export interface FederationTokenCaller {
  getFederationToken(
    creds: AwsCredentials,
    input: { name: string; policy: string; durationSeconds?: number },
  ): Promise<TemporaryCredentials & { federatedUserArn?: string }>;
}

/**
 * A GetFederationToken `Name` made from an IAM user name: 2–32 characters of `[\w+=,.@-]`. IAM user
 * names allow the same characters but up to 64, so long names are cut, and anything else (a name
 * typed by hand, a path) is replaced by `-`.
 */
export function federationName(userName: string): string {
  const cleaned = userName.replace(/[^\w+=,.@-]/g, '-').slice(0, 32);
  return cleaned.length >= 2 ? cleaned : `rolecall-${cleaned}`.slice(0, 32);
}

/**
 * Gets federation-token credentials for the console from an IAM user's long-term keys.
 *
 * Refuses temporary credentials before calling STS: GetFederationToken cannot be called with them,
 * and the STS error for it reads like a permissions problem.
 */
export async function federationTokenForUser(
  sts: FederationTokenCaller,
  longTermCreds: AwsCredentials,
  opts: { userName: string; durationSeconds?: number; region?: string },
): Promise<ConsoleCredentials> {
  if (longTermCreds.sessionToken || longTermCreds.accessKeyId.startsWith('ASIA')) {
    throw new RolecallError('ConsoleUnsupported', 'A federation token needs the IAM user\'s long-term access key, not temporary credentials.', {
      action: 'Use the source profile that holds the IAM user\'s own access key.',
    });
  }
  const d = opts.durationSeconds;
  if (d !== undefined && (!Number.isInteger(d) || d < MIN_FEDERATION_SECONDS || d > MAX_FEDERATION_SECONDS)) {
    throw new RolecallError('InvalidInput', `A federation token lasts between ${MIN_FEDERATION_SECONDS} and ${MAX_FEDERATION_SECONDS} seconds (36 hours).`, {
      action: 'Choose a duration from 15 minutes to 36 hours.',
    });
  }
  const input: { name: string; policy: string; durationSeconds?: number } = { name: federationName(opts.userName), policy: ALLOW_ALL_SESSION_POLICY };
  if (d !== undefined) input.durationSeconds = d;
  let issued: TemporaryCredentials & { federatedUserArn?: string };
  try {
    issued = await sts.getFederationToken(longTermCreds, input);
  } catch (e) {
    throw mapStsError(e, { operation: 'GetFederationToken', temporaryCredentials: false });
  }
  const result: ConsoleCredentials = {
    accessKeyId: issued.accessKeyId,
    secretAccessKey: issued.secretAccessKey,
    sessionToken: issued.sessionToken,
    expiration: issued.expiration,
    kind: 'federation',
  };
  if (issued.federatedUserArn !== undefined) result.identityArn = issued.federatedUserArn;
  if (opts.region !== undefined) result.region = opts.region;
  return result;
}
