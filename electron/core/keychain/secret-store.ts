/**
 * What the core needs from an OS keychain. The real implementation talks to the platform store
 * through a killable worker (see `keychain-store.ts`); tests of pure logic may use the in-memory one.
 * Secrets are only ever held in these records and in the STS client; never logged, never sent to the
 * renderer. The one channel they cross is the private IPC pipe between the store and its worker.
 */

/** A source profile's long-term keys as stored in the keychain. */
export interface SourceSecret {
  accessKeyId: string;
  secretAccessKey: string;
  mfaSerial?: string;
}

/** A cached GetSessionToken result for an MFA device: lets one code serve many roles. */
export interface MfaSessionSecret {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO-8601 expiry. */
  expiration: string;
  /** The source profile and device it was made for. */
  sourceProfile: string;
  mfaSerial: string;
}

export interface SecretStore {
  listSources(): Promise<string[]>;
  getSource(name: string): Promise<SourceSecret | undefined>;
  setSource(name: string, secret: SourceSecret): Promise<void>;
  /** Resolves true when something was deleted. */
  deleteSource(name: string): Promise<boolean>;
  getMfaSession(sourceProfile: string): Promise<MfaSessionSecret | undefined>;
  setMfaSession(sourceProfile: string, session: MfaSessionSecret): Promise<void>;
  deleteMfaSession(sourceProfile: string): Promise<boolean>;
}
