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

/**
 * The progress of one key rotation (rotation/), kept in the keychain so a crash at any step can be
 * finished or rolled back without a secret ever touching the disk. `creating`: CreateAccessKey may
 * have run but its secret was not stored yet; `created`: the new key is stored here (and the source
 * item holds either the old or the new key).
 */
export interface RotationJournalSecret {
  sourceProfile: string;
  phase: 'creating' | 'created';
  /** ISO-8601 time the rotation began. */
  startedAt: string;
  oldAccessKeyId: string;
  /** The user's key ids before CreateAccessKey: any other key that appears was made by this rotation. */
  keysBefore: string[];
  newAccessKeyId?: string;
  newSecretAccessKey?: string;
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
  getRotationJournal(sourceProfile: string): Promise<RotationJournalSecret | undefined>;
  setRotationJournal(sourceProfile: string, journal: RotationJournalSecret): Promise<void>;
  deleteRotationJournal(sourceProfile: string): Promise<boolean>;
}
