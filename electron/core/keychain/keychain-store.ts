/**
 * The real {@link SecretStore}: items under the keychain service `Rolecall`, one per account
 * (`source:<profile>`, `mfa-session:<profile>`), each a JSON value — split across several entries
 * when it is larger than the platform takes in one (split-value.ts; limits in platform-limits.ts).
 * Every call runs in a killable worker with a deadline (see worker-client.ts); there is no plaintext
 * fallback of any kind.
 */
import { z } from 'zod';
import { RolecallError } from '../errors';
import type { Clock } from '../sessions/clock';
import { storedValueProblemError } from './keychain-errors';
import { KEYCHAIN_SERVICE, mfaSessionAccount, rotationAccount, sourceAccount, type StoredValueProblem } from './protocol';
import type { MfaSessionSecret, RotationJournalSecret, SecretStore, SourceSecret } from './secret-store';
import { KeychainWorkerClient } from './worker-client';
import { createNodeWorkerLauncher, type WorkerLauncher } from './worker-launcher';

export interface KeychainStoreOptions {
  /** Deadline of every keychain call; default 10 000 ms. */
  timeoutMs?: number;
  /** How to start the worker; default: a Node child process (Electron main passes a utilityProcess one). */
  launcher?: WorkerLauncher;
  /** Keychain service name; default `Rolecall` (tests use their own). */
  service?: string;
  /** The clock the deadlines run on; default the system clock. */
  clock?: Clock;
  /**
   * Told about each stored value that cannot be read whole (a split value cut short, see
   * split-value.ts): it reads as absent, and this says why. The error names the item, never its content.
   */
  onProblem?: (problem: RolecallError) => void;
}

export type KeychainStore = SecretStore & {
  /** Stops the worker. Optional for CLIs (an idle worker never holds the process open). */
  close(): void;
  /** The unreadable values seen since the store was made (newest last, at most 20), as for `onProblem`. */
  problems(): RolecallError[];
};

export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 10_000;

const nonEmpty = z.string().min(1);
const sourceSchema = z.object({ accessKeyId: nonEmpty, secretAccessKey: nonEmpty, mfaSerial: nonEmpty.optional() });
const mfaSessionSchema = z.object({
  accessKeyId: nonEmpty,
  secretAccessKey: nonEmpty,
  sessionToken: nonEmpty,
  expiration: nonEmpty,
  sourceProfile: nonEmpty,
  mfaSerial: nonEmpty,
});

const rotationSchema = z.object({
  sourceProfile: nonEmpty,
  phase: z.enum(['creating', 'created']),
  startedAt: nonEmpty,
  oldAccessKeyId: nonEmpty,
  keysBefore: z.array(nonEmpty),
  newAccessKeyId: nonEmpty.optional(),
  newSecretAccessKey: nonEmpty.optional(),
});

function checkName(name: string): void {
  if (name.length === 0) throw new RolecallError('InvalidInput', 'A source profile name cannot be empty.', { action: 'Give the profile a name.' });
}

/** Parses a stored value; `null` when it is not in our format. The value itself never reaches an error. */
function decode<T>(schema: z.ZodType<T>, raw: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function isProblem(value: unknown): value is { problem: StoredValueProblem } {
  const p = (value as { problem?: { kind?: unknown; account?: unknown } } | null)?.problem;
  return typeof p === 'object' && p !== null && typeof p.kind === 'string' && typeof p.account === 'string';
}

/** Encodes a record, refusing malformed ones so nothing half-formed is ever stored. */
function encode<T>(schema: z.ZodType<T>, value: T, what: string): string {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new RolecallError('InvalidInput', `The ${what} to store is incomplete (${fields}).`, { action: 'Provide every field and try again.' });
  }
  return JSON.stringify(parsed.data);
}

/** Creates the OS keychain store. Cheap: the worker starts on the first call. */
export function createKeychainStore(options: KeychainStoreOptions = {}): KeychainStore {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const client = new KeychainWorkerClient(options.launcher ?? createNodeWorkerLauncher(), options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS, options.clock);

  const accounts = async (): Promise<string[]> => {
    const value = await client.call({ op: 'list', service });
    return Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : [];
  };
  const seen: RolecallError[] = [];
  /** The stored text, or undefined when absent — which an unreadable split value also is, with a diagnostic. */
  const get = async (account: string): Promise<string | undefined> => {
    const value = await client.call({ op: 'get', service, account });
    if (typeof value === 'string') return value;
    if (isProblem(value)) {
      const problem = storedValueProblemError(value.problem);
      seen.push(problem);
      if (seen.length > 20) seen.shift();
      options.onProblem?.(problem);
    }
    return undefined;
  };
  const set = async (account: string, value: string): Promise<void> => {
    await client.call({ op: 'set', service, account, value });
  };
  const remove = async (account: string): Promise<boolean> => (await client.call({ op: 'delete', service, account })) === true;

  return {
    async listSources() {
      const prefix = sourceAccount('');
      return (await accounts()).filter((a) => a.startsWith(prefix) && a.length > prefix.length).map((a) => a.slice(prefix.length));
    },
    async getSource(name) {
      checkName(name);
      const raw = await get(sourceAccount(name));
      if (raw === undefined) return undefined;
      const secret = decode<SourceSecret>(sourceSchema, raw);
      if (secret) return secret;
      throw new RolecallError('KeychainError', `The keychain item of source profile "${name}" is not in a format Rolecall understands.`, {
        action: `Remove it (rolecall remove ${name}) and add the keys again.`,
      });
    },
    async setSource(name, secret) {
      checkName(name);
      await set(sourceAccount(name), encode<SourceSecret>(sourceSchema, secret, 'source profile'));
    },
    async deleteSource(name) {
      checkName(name);
      return remove(sourceAccount(name));
    },
    async getMfaSession(sourceProfile) {
      checkName(sourceProfile);
      // A cache entry we cannot read is as good as none: the next MFA sign-in overwrites it.
      const raw = await get(mfaSessionAccount(sourceProfile));
      return (raw === undefined ? undefined : decode<MfaSessionSecret>(mfaSessionSchema, raw)) ?? undefined;
    },
    async setMfaSession(sourceProfile, session) {
      checkName(sourceProfile);
      await set(mfaSessionAccount(sourceProfile), encode<MfaSessionSecret>(mfaSessionSchema, session, 'MFA session'));
    },
    async deleteMfaSession(sourceProfile) {
      checkName(sourceProfile);
      return remove(mfaSessionAccount(sourceProfile));
    },
    async getRotationJournal(sourceProfile) {
      checkName(sourceProfile);
      const raw = await get(rotationAccount(sourceProfile));
      if (raw === undefined) return undefined;
      const journal = decode<RotationJournalSecret>(rotationSchema, raw);
      if (journal) return journal;
      throw new RolecallError('KeychainError', `The key rotation record of "${sourceProfile}" in the keychain is not in a format Rolecall understands.`, {
        action: `Check the keys of "${sourceProfile}" in the IAM console, then remove the item rotation:${sourceProfile} from the keychain.`,
      });
    },
    async setRotationJournal(sourceProfile, journal) {
      checkName(sourceProfile);
      await set(rotationAccount(sourceProfile), encode<RotationJournalSecret>(rotationSchema, journal, 'key rotation record'));
    },
    async deleteRotationJournal(sourceProfile) {
      checkName(sourceProfile);
      return remove(rotationAccount(sourceProfile));
    },
    close: () => client.close(),
    problems: () => [...seen],
  };
}
