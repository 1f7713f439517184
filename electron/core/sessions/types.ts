/** Session records and events shared by the manager, the IPC contract and the CLI. No secrets here. */
import type { ErrorInfo } from '../errors';
import type { CredentialKind } from '../sts/engine-types';
import type { MfaRequest, WaitOptions } from './mfa-broker';

export type SessionStatus = 'active' | 'refreshing' | 'waiting-for-mfa' | 'error';

/**
 * Who keeps a session fresh: the tray app or a headless `rolecall agent` (it refreshes and expires
 * it), or nobody (`cli`: a switch made while neither ran; it lasts until it expires).
 */
export type HeldBy = 'app' | 'agent' | 'cli';

/** What the credentials file's marker records about a session (ledger.ts), and what the UI shows. */
export interface SessionRecord {
  profile: string;
  target: string;
  identityArn: string;
  account: string;
  /** ISO-8601. */
  expiresAt: string;
  sourceProfile: string;
  mfaSerial?: string;
  kind: CredentialKind;
  region?: string;
  refreshableWithoutCode: boolean;
}

export interface ActiveSession extends SessionRecord {
  status: SessionStatus;
  heldBy: HeldBy;
  notes: string[];
  lastError?: ErrorInfo;
}

export type SessionEvent =
  | { type: 'sessions-changed'; sessions: ActiveSession[] }
  | { type: 'mfa-required'; request: MfaRequest }
  | { type: 'mfa-updated'; request: MfaRequest }
  | { type: 'mfa-resolved'; mfaSerial: string }
  | { type: 'session-expiring'; profile: string; target: string; secondsLeft: number; needsMfa: boolean }
  | { type: 'session-refreshed'; profile: string; target: string; expiresAt: string }
  | { type: 'session-expired'; profile: string; target: string; removed: boolean }
  | { type: 'session-error'; profile: string; target: string; error: ErrorInfo };

export interface SwitchOptions {
  target?: string;
  takeOver?: boolean;
  mfaCode?: string;
  durationSeconds?: number;
  /** When a code is needed and none was given: wait for one through the MFA prompt (app) or fail with MfaRequired (CLI). */
  promptForMfa?: boolean;
  /** Who asked (shown in the prompt) and when they went away (the wait ends with them). */
  prompt?: WaitOptions;
}
