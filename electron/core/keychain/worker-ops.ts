/**
 * What the keychain worker does with each request, over the subset of `@napi-rs/keyring` it uses
 * (a structural type, so tests can drive it with a fake binding that behaves like the real one).
 *
 * Linux: every entry is pinned to the Secret Service store, so the binding throws instead of
 * silently using the kernel keyutils keyring (which loses keys when the process exits). Two gaps in
 * the binding are closed with its Secret Service-only search (`findCredentials`, which talks to
 * `org.freedesktop.secrets` directly and has no fallback):
 * - on a locked keyring an item reads as absent and a failed delete as "nothing deleted": absence
 *   is confirmed by the search, which reports `IsLocked` instead;
 * - every write is read back through the search, so "stored" always means "in the Secret Service".
 */
import type { WorkerFailure, WorkerReply, WorkerRequest } from './protocol';

type LinuxStore = 'secret-service' | 'keyutils';

export interface KeyringEntry {
  getSecret(): number[] | null;
  setPassword(password: string): void;
  deleteCredential(): boolean;
}

export interface KeyringBinding {
  Entry: new (service: string, account: string, options?: { linux?: { store?: LinuxStore } }) => KeyringEntry;
  findCredentials(service: string): Array<{ account: string; password: string }>;
}

const PIN = { linux: { store: 'secret-service' as const } };

export class WorkerOpFailure extends Error {
  constructor(
    readonly reason: NonNullable<WorkerFailure['reason']>,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The operations, on a binding. Entries are cached per account: building one costs a D-Bus round
 * trip and the store probe (~9 ms), using a built one ~1 ms, and the worker lives across calls.
 */
export class KeychainOps {
  private readonly entries = new Map<string, KeyringEntry>();

  constructor(
    private readonly k: KeyringBinding,
    private readonly linux: boolean = process.platform === 'linux',
  ) {}

  get(service: string, account: string): string | null {
    const bytes = this.entry(service, account).getSecret();
    if (bytes !== null) return Buffer.from(bytes).toString('utf8');
    if (!this.linux) return null;
    return this.searched(service, account)?.password ?? null;
  }

  set(service: string, account: string, value: string): void {
    this.entry(service, account).setPassword(value);
    if (!this.linux || this.searched(service, account)?.password === value) return;
    // Not readable from the Secret Service: remove it wherever it went rather than keep it there.
    for (const store of ['secret-service', 'keyutils'] as const) {
      try {
        new this.k.Entry(service, account, { linux: { store } }).deleteCredential();
      } catch {
        // best effort: that store may not exist on this machine
      }
    }
    throw new WorkerOpFailure('not-persisted', 'the written item is not readable from the Secret Service');
  }

  delete(service: string, account: string): boolean {
    if (this.entry(service, account).deleteCredential()) return true;
    if (!this.linux) return false;
    if (this.searched(service, account)) throw new WorkerOpFailure('delete-failed', 'the item is still in the Secret Service');
    return false;
  }

  list(service: string): string[] {
    return [...new Set(this.k.findCredentials(service).map((c) => c.account))].sort();
  }

  /** Drops cached entries, so a keychain that restarted or changed is seen afresh. */
  forget(): void {
    this.entries.clear();
  }

  private entry(service: string, account: string): KeyringEntry {
    const key = `${service}\u0000${account}`;
    let e = this.entries.get(key);
    if (!e) {
      e = new this.k.Entry(service, account, PIN);
      this.entries.set(key, e);
    }
    return e;
  }

  private searched(service: string, account: string): { password: string } | undefined {
    return this.k.findCredentials(service).find((c) => c.account === account);
  }
}

/** Runs one request; every failure becomes a reply (the secret of a `set` is scrubbed from its text). */
export function runRequest(load: () => KeychainOps, req: WorkerRequest): WorkerReply {
  let ops: KeychainOps | undefined;
  try {
    ops = load();
    switch (req.op) {
      case 'get':
        return { id: req.id, ok: true, value: ops.get(req.service, req.account) };
      case 'set':
        ops.set(req.service, req.account, req.value);
        return { id: req.id, ok: true, value: undefined };
      case 'delete':
        return { id: req.id, ok: true, value: ops.delete(req.service, req.account) };
      case 'list':
        return { id: req.id, ok: true, value: ops.list(req.service) };
    }
  } catch (e) {
    ops?.forget();
    let message = e instanceof Error ? e.message : String(e);
    if (req.op === 'set' && req.value.length > 0) message = message.split(req.value).join('[redacted]');
    const error: WorkerFailure = e instanceof WorkerOpFailure ? { reason: e.reason, message } : { message };
    return { id: req.id, ok: false, error };
  }
}
