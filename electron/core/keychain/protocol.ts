/**
 * The message protocol between the keychain store (parent) and the keychain worker (child).
 *
 * Kept in its own module so the worker bundle pulls in nothing but this and the native binding.
 * Requests carry the account names and, for `set`, the JSON value; replies carry a value or a failure
 * text from the platform library (D-Bus / Secret Service errors, which never contain the secret).
 */

/** The keychain service every Rolecall item lives under. */
export const KEYCHAIN_SERVICE = 'Rolecall';

/** Account name of a source profile's long-term keys. */
export function sourceAccount(name: string): string {
  return `source:${name}`;
}

/** Account name of a source profile's cached MFA session. */
export function mfaSessionAccount(sourceProfile: string): string {
  return `mfa-session:${sourceProfile}`;
}

/** Account name of a source profile's key rotation in progress (rotation/journal.ts). */
export function rotationAccount(sourceProfile: string): string {
  return `rotation:${sourceProfile}`;
}

export type WorkerRequest =
  | { id: number; op: 'get'; service: string; account: string }
  | { id: number; op: 'set'; service: string; account: string; value: string }
  | { id: number; op: 'delete'; service: string; account: string }
  | { id: number; op: 'list'; service: string };

export type WorkerOp = WorkerRequest['op'];

/**
 * A failure the worker saw. `reason` is the worker's own verdict when it knows better than the raw
 * text (a write that did not land in the Secret Service); otherwise the parent classifies `message`.
 */
export interface WorkerFailure {
  reason?: 'not-persisted' | 'delete-failed' | 'binding-unavailable' | 'bad-request' | 'too-large' | 'name-too-long' | 'bad-limits';
  message: string;
}

/**
 * A value split across entries (split-value.ts) that cannot be read back whole: `incomplete` (parts
 * missing), `corrupt` (parts that do not add up to what the header names, e.g. an overwrite cut
 * short), `unsupported` (a header of a newer Rolecall), `orphaned` (parts whose header was never
 * written). The value is then absent; this says why, without any of it.
 */
export interface StoredValueProblem {
  kind: 'incomplete' | 'corrupt' | 'unsupported' | 'orphaned';
  account: string;
  partsExpected?: number;
  partsFound?: number;
}

/** What a `get` answers: the value, `null` when absent, or why a stored value is unreadable. */
export type GetValue = string | null | { problem: StoredValueProblem };

export type WorkerReply =
  | { id: number; ok: true; value: GetValue | boolean | string[] | undefined }
  | { id: number; ok: false; error: WorkerFailure };

/** Structural check of a reply: the parent trusts nothing it did not shape-check. */
export function isWorkerReply(m: unknown): m is WorkerReply {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  if (typeof r.id !== 'number' || typeof r.ok !== 'boolean') return false;
  if (r.ok) return true;
  const e = r.error as Record<string, unknown> | undefined;
  return typeof e === 'object' && e !== null && typeof e.message === 'string';
}

/** Structural check of a request, used by the worker. */
export function isWorkerRequest(m: unknown): m is WorkerRequest {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  if (typeof r.id !== 'number' || typeof r.service !== 'string') return false;
  switch (r.op) {
    case 'list':
      return true;
    case 'get':
    case 'delete':
      return typeof r.account === 'string';
    case 'set':
      return typeof r.account === 'string' && typeof r.value === 'string';
    default:
      return false;
  }
}
