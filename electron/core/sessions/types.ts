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
  /** The profile signing out falls back to (W4; elevation.ts), as the marker records it. */
  baseline?: string;
  /** ISO-8601: a time-boxed elevation's end, when the holder falls back to the baseline on its own. */
  fallsBackAt?: string;
}

export interface ActiveSession extends SessionRecord {
  status: SessionStatus;
  heldBy: HeldBy;
  /** Marked elevated in Settings, or time-boxed (`switch --for`): shown so it cannot be missed. */
  elevated: boolean;
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
  | { type: 'session-error'; profile: string; target: string; error: ErrorInfo }
  /** A time-boxed elevation ends soon (the notification with "Extend"). */
  | { type: 'elevation-ending'; profile: string; target: string; baseline?: string; secondsLeft: number }
  /**
   * A session with a baseline ended and its target fell back: `restored` is the baseline's new
   * session, `error` why there is none; `timedOut` when the holder ended it on its own (its time box
   * or its credentials ran out), not a signout.
   */
  | { type: 'fell-back'; profile: string; target: string; baseline?: string; restored?: ActiveSession; error?: ErrorInfo; timedOut: boolean };

/** What signing out did: the sessions that ended, and each target's fallback to its baseline. */
export interface SignOutResult {
  ended: ActiveSession[];
  fallbacks: Fallback[];
}

/** One target's fallback after its elevated session ended: the baseline's session, or why there is none. */
export interface Fallback {
  target: string;
  /** The profile that left the target. */
  from: string;
  baseline: string;
  restored?: ActiveSession;
  error?: ErrorInfo;
}

export interface SignOutOptions {
  /** Sign out completely: no fallback to the baseline (`--no-fallback`, "Sign out completely"). */
  noFallback?: boolean;
  /** The baseline's code, when its MFA session cannot vouch. */
  mfaCode?: string;
  promptForMfa?: boolean;
  prompt?: WaitOptions;
}

export interface SwitchOptions {
  target?: string;
  takeOver?: boolean;
  mfaCode?: string;
  durationSeconds?: number;
  /** Time-boxed elevation: the holder falls back to the target's baseline after this long. */
  forSeconds?: number;
  /** When a code is needed and none was given: wait for one through the MFA prompt (app) or fail with MfaRequired (CLI). */
  promptForMfa?: boolean;
  /** Who asked (shown in the prompt) and when they went away (the wait ends with them). */
  prompt?: WaitOptions;
}
