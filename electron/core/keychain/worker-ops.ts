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
import { KEYCHAIN_LIMITS, nameFits, type KeychainLimits } from './platform-limits';
import type { GetValue, WorkerFailure, WorkerReply, WorkerRequest } from './protocol';
import { joinParts, partAccount, partOf, planEntries, readHeader, SplitRefusal } from './split-value';

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
 * The operations, on a binding, with values of any size (split-value.ts) within `limits`. Entries are
 * cached per account: building one costs a D-Bus round trip and the store probe (~9 ms), using a
 * built one ~1 ms, and the worker lives across calls.
 *
 * Store calls per operation, for a value that fits one entry (the common path, unchanged by
 * splitting): get = 1 read; set = 1 write (+ on Linux the read-back search it always had, which also
 * shows any stale parts to remove; elsewhere 1 read of the old entry first, to learn its parts);
 * delete = 1 read + 1 delete (+ on Linux the search that confirms "nothing there").
 */
export class KeychainOps {
  private readonly entries = new Map<string, KeyringEntry>();

  constructor(
    private readonly k: KeyringBinding,
    private readonly linux: boolean = process.platform === 'linux',
    private readonly limits: KeychainLimits = KEYCHAIN_LIMITS['secret-service'],
  ) {}

  get(service: string, account: string): GetValue {
    this.checkName(service, account);
    let raw = this.read(service, account);
    if (raw === null) {
      if (!this.linux) return null;
      const found = this.k.findCredentials(service);
      raw = found.find((c) => c.account === account)?.password ?? null;
      if (raw === null) {
        const orphans = found.filter((c) => partOf(c.account)?.account === account).length;
        return orphans > 0 ? { problem: { kind: 'orphaned', account, partsFound: orphans } } : null;
      }
    }
    const split = readHeader(raw);
    if (!split) return raw;
    if ('problem' in split) return { problem: { kind: split.problem, account } };
    const parts = Array.from({ length: split.header.parts }, (_, i) => this.read(service, partAccount(account, i + 1)));
    const joined = joinParts(account, split.header, parts);
    return 'value' in joined ? joined.value : joined;
  }

  set(service: string, account: string, value: string): void {
    const planned = this.plan(service, account, value);
    const oldParts = this.linux ? 0 : this.partsOf(this.read(service, account));
    for (const e of planned) this.write(service, e.account, e.value);
    const parts = planned.length - 1;
    let stale = Array.from({ length: Math.max(0, oldParts - parts) }, (_, i) => partAccount(account, parts + i + 1));
    if (this.linux) {
      const found = this.k.findCredentials(service);
      const stored = new Map(found.map((c) => [c.account, c.password]));
      if (planned.some((e) => stored.get(e.account) !== e.value)) {
        for (const e of planned) this.purge(service, e.account);
        throw new WorkerOpFailure('not-persisted', 'the written item is not readable from the Secret Service');
      }
      stale = found.map((c) => c.account).filter((a) => partOf(a)?.account === account && partOf(a)!.index > parts);
    }
    // The value is stored; a stale part left by a failed delete is harmless (no header names it)
    // and the next write or delete of this account tries again.
    for (const a of stale) this.tryRemove(service, a);
  }

  delete(service: string, account: string): boolean {
    this.checkName(service, account);
    const parts = this.partsOf(this.read(service, account));
    const deleted = this.entry(service, account).deleteCredential();
    for (let i = 1; i <= parts; i++) this.tryRemove(service, partAccount(account, i));
    if (deleted || !this.linux) return deleted;
    const found = this.k.findCredentials(service);
    if (found.some((c) => c.account === account)) throw new WorkerOpFailure('delete-failed', 'the item is still in the Secret Service');
    for (const c of found) if (partOf(c.account)?.account === account) this.tryRemove(service, c.account);
    return false;
  }

  /** Accounts under `service`, without the parts of split values. */
  list(service: string): string[] {
    return [...new Set(this.k.findCredentials(service).map((c) => c.account))].filter((a) => !partOf(a)).sort();
  }

  /** Drops cached entries, so a keychain that restarted or changed is seen afresh. */
  forget(): void {
    this.entries.clear();
  }

  private plan(service: string, account: string, value: string): Array<{ account: string; value: string }> {
    try {
      return planEntries(this.limits, service, account, value);
    } catch (e) {
      if (e instanceof SplitRefusal) throw new WorkerOpFailure(e.reason, e.message);
      throw e;
    }
  }

  private checkName(service: string, account: string): void {
    if (!nameFits(this.limits, service, account)) {
      throw new WorkerOpFailure('name-too-long', `the entry name "${account}" is too long for the ${this.limits.backend} keychain`);
    }
  }

  private partsOf(raw: string | null): number {
    const split = raw === null ? undefined : readHeader(raw);
    return split && 'header' in split ? split.header.parts : 0;
  }

  private read(service: string, account: string): string | null {
    const bytes = this.entry(service, account).getSecret();
    return bytes === null ? null : Buffer.from(bytes).toString('utf8');
  }

  /** One entry's write; a failure text never carries the piece being written. */
  private write(service: string, account: string, value: string): void {
    try {
      this.entry(service, account).setPassword(value);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new Error(value.length > 0 ? message.split(value).join('[redacted]') : message);
    }
  }

  private tryRemove(service: string, account: string): void {
    try {
      this.entry(service, account).deleteCredential();
    } catch {
      // best effort, see the callers
    }
  }

  /** Removes an entry that did not land in the Secret Service from wherever it went. */
  private purge(service: string, account: string): void {
    for (const store of ['secret-service', 'keyutils'] as const) {
      try {
        new this.k.Entry(service, account, { linux: { store } }).deleteCredential();
      } catch {
        // best effort: that store may not exist on this machine
      }
    }
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
