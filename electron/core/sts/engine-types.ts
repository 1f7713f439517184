/**
 * The engine's view of the STS layer and of how a set of credentials came to be. Kept apart from
 * the engine so the session manager, the console-URL builder and the CLI can share the types.
 */
import type { AwsCredentials, CallerIdentity, TemporaryCredentials } from './types';

/** The STS calls the engine makes, bound to one region. `createStsCaller` satisfies it. */
export interface StsCalls {
  getSessionToken(creds: AwsCredentials, input: { serialNumber?: string; tokenCode?: string; durationSeconds?: number }): Promise<TemporaryCredentials>;
  assumeRole(
    creds: AwsCredentials,
    input: { roleArn: string; roleSessionName: string; externalId?: string; durationSeconds?: number; serialNumber?: string; tokenCode?: string },
  ): Promise<TemporaryCredentials & { assumedRoleArn?: string }>;
  getCallerIdentity(creds: AwsCredentials): Promise<CallerIdentity>;
}

/**
 * How the final credentials were made. The console sign-in URL needs it: only AssumeRole
 * credentials can sign in, and `SessionDuration` is legal only when the role was assumed directly
 * with long-term keys.
 */
export type CredentialKind =
  /** GetSessionToken (MFA session) credentials: STS-only, cannot sign in to the console. */
  | 'session-token'
  /** AssumeRole called with long-term keys. */
  | 'assumed-role-direct'
  /** AssumeRole called with temporary credentials (role chaining, capped at 1 h). */
  | 'assumed-role-chained';

export interface ResolvedCredentials {
  profile: string;
  credentials: TemporaryCredentials;
  identityArn: string;
  account: string;
  kind: CredentialKind;
  /** The source profile at the bottom of the chain (or the credential_source role). */
  sourceProfile: string;
  /** The MFA device involved, if any. */
  mfaSerial?: string;
  /** True when a refresh can run without a code while the cached MFA session lasts. */
  refreshableWithoutCode: boolean;
  /** Things the user should know, e.g. "capped at 1 h because the role is chained". */
  notes: string[];
  region?: string;
}
