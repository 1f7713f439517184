/**
 * A binding that behaves like @napi-rs/keyring 2.1 on Linux as observed against gnome-keyring:
 * Entry.get/delete swallow a locked keyring (null / false) while findCredentials reports IsLocked;
 * `ignorePin` models a binding that falls back to keyutils despite the pin. It counts every store
 * call, so tests can prove what an operation costs.
 */
import type { KeyringBinding, KeyringEntry } from '../../../electron/core/keychain/worker-ops';

type Store = 'secret-service' | 'keyutils';

export interface FakeBindingOptions {
  locked?: boolean;
  ignorePin?: boolean;
  setError?: (value: string) => string;
}

export function fakeBinding(opts: FakeBindingOptions = {}) {
  const stores: Record<Store, Map<string, string>> = { 'secret-service': new Map(), keyutils: new Map() };
  const calls = { entries: 0, finds: 0, reads: 0, writes: 0, deletes: 0, pins: [] as Array<Store | undefined> };
  const binding: KeyringBinding = {
    Entry: class implements KeyringEntry {
      private readonly store: Map<string, string>;
      private readonly key: string;
      constructor(service: string, account: string, o?: { linux?: { store?: Store } }) {
        calls.entries++;
        calls.pins.push(o?.linux?.store);
        this.store = stores[opts.ignorePin ? 'keyutils' : (o?.linux?.store ?? 'keyutils')];
        this.key = `${service}/${account}`;
      }
      getSecret() {
        calls.reads++;
        if (opts.locked) return null;
        const v = this.store.get(this.key);
        return v === undefined ? null : [...Buffer.from(v, 'utf8')];
      }
      setPassword(p: string) {
        calls.writes++;
        if (opts.setError) throw new Error(opts.setError(p));
        this.store.set(this.key, p);
      }
      deleteCredential() {
        calls.deletes++;
        return opts.locked ? false : this.store.delete(this.key);
      }
    },
    findCredentials(service) {
      calls.finds++;
      if (opts.locked) throw new Error('zbus error: org.freedesktop.Secret.Error.IsLocked: Cannot get secret of a locked object');
      return [...stores['secret-service']].filter(([k]) => k.startsWith(`${service}/`)).map(([k, password]) => ({ account: k.slice(service.length + 1), password }));
    },
  };
  /** Store calls so far, without the entry constructions. */
  const storeCalls = () => ({ reads: calls.reads, writes: calls.writes, deletes: calls.deletes, finds: calls.finds });
  return { binding, stores, calls, storeCalls };
}
