/** The shapes of key rotation shared by the core steps, the facade, the CLI and the UI. */
import type { SecretStore } from '../keychain/secret-store';
import type { StsCaller } from '../sts/client';
import type { IamCaller } from './iam-client';

/** The key Rolecall would delete to make room when the user already has IAM's two. */
export interface KeyToDelete {
  accessKeyId: string;
  createDate: Date;
  lastUsedDate?: Date;
  lastUsedService?: string;
}

export interface RotateOptions {
  /** Asked only when an MFA session has to be made; absent = nobody to ask (then MfaRequired). */
  askCode?: () => Promise<string>;
  /** The user has two keys: may Rolecall delete `key` (the one not in the keychain)? Absent = no. */
  confirmDelete?: (key: KeyToDelete) => Promise<boolean>;
  /** One line per step, for the terminal or the UI. Never carries a secret. */
  progress?: (message: string) => void;
  /**
   * The keychain failed after IAM made the new key: the one place its secret is handed out, so the
   * user can keep it. The CLI prints it to the terminal, the UI shows it; never logged.
   */
  showKeyOnce?: (key: { accessKeyId: string; secretAccessKey: string }) => void;
  /** Only finish or roll back an interrupted rotation; do not start a new one (app start-up). */
  resumeOnly?: boolean;
}

export interface RotationResult {
  source: string;
  /** What was done: a full rotation, or only the recovery of an interrupted one. */
  outcome: 'rotated' | 'finished-interrupted' | 'rolled-back' | 'nothing-pending';
  oldAccessKeyId?: string;
  newAccessKeyId?: string;
  identityArn?: string;
  /** Keys deleted besides the old one: the second key (asked first) or orphans of a crash. */
  alsoDeleted: string[];
}

export interface RotationDeps {
  secrets: SecretStore;
  iam: IamCaller;
  sts: Pick<StsCaller, 'getCallerIdentity' | 'getSessionToken'>;
  /** The source's mfa_serial as the catalog resolves it (config file or keychain). */
  mfaSerialOf(source: string): Promise<string | undefined>;
  /** Forgets in-memory sessions (the credential cache) made from the old key. */
  dropSessions(source: string): Promise<void> | void;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Backoff for the eventual-consistency wait (wait-usable.ts); tests shrink it. */
  verifyDelaysMs?: readonly number[];
}
