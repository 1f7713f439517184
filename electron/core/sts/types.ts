/**
 * Credential and identity shapes shared by the STS layer, the engine and the session manager.
 *
 * Kept free of SDK types so the rest of the core (and its tests) never depends on the AWS SDK's
 * model classes, and so a value can be checked for "is this temporary?" with the type system.
 */

/** Any AWS credentials: long-term IAM user keys, or temporary ones when `sessionToken` is set. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Credentials STS handed out: always carry a session token and an absolute expiry. */
export interface TemporaryCredentials extends AwsCredentials {
  sessionToken: string;
  expiration: Date;
}

/** Who a set of credentials is, as GetCallerIdentity reports it. */
export interface CallerIdentity {
  arn: string;
  account: string;
  userId: string;
}

/** The STS operations Rolecall calls; used in error messages and error context. */
export type StsOperation = 'GetSessionToken' | 'AssumeRole' | 'GetCallerIdentity' | 'GetFederationToken';
