/**
 * A keychain worker for tests only (production never starts it): Rolecall's own ops over the real
 * `@napi-rs/keyring`, except that once `ROLECALL_TEST_PAUSE_AFTER_PARTS` parts of a split value are
 * in the keychain it stops dead — nothing more is written, no reply is sent, only `{ paused: true }`
 * — so the test can SIGKILL it exactly between two parts of a write.
 */
import { createRequire } from 'node:module';
import { isWorkerRequest } from '../../../electron/core/keychain/protocol';
import { partOf } from '../../../electron/core/keychain/split-value';
import { runRequest, type KeychainOps, type KeyringBinding, type KeyringEntry } from '../../../electron/core/keychain/worker-ops';
import { createKeychainOps } from '../../../electron/core/keychain/worker-serve';

const real = createRequire(__filename)('@napi-rs/keyring') as KeyringBinding;
const pauseAfter = Number(process.env.ROLECALL_TEST_PAUSE_AFTER_PARTS);
let partsWritten = 0;
let paused = false;

class PausedHere extends Error {}

const pausing: KeyringBinding = {
  Entry: class implements KeyringEntry {
    private readonly inner: KeyringEntry;
    constructor(
      service: string,
      private readonly account: string,
      options?: ConstructorParameters<KeyringBinding['Entry']>[2],
    ) {
      this.inner = new real.Entry(service, account, options);
    }
    getSecret() {
      return this.inner.getSecret();
    }
    setPassword(password: string) {
      if (paused) throw new PausedHere();
      this.inner.setPassword(password);
      if (partOf(this.account) && ++partsWritten >= pauseAfter) {
        paused = true;
        throw new PausedHere();
      }
    }
    deleteCredential() {
      if (paused) throw new PausedHere();
      return this.inner.deleteCredential();
    }
  },
  findCredentials: (service) => real.findCredentials(service),
};

let ops: KeychainOps | undefined;
const load = (): KeychainOps => (ops ??= createKeychainOps(pausing));

process.on('message', (message) => {
  if (!isWorkerRequest(message)) return;
  const reply = runRequest(load, message);
  process.send?.(paused ? { paused: true } : reply);
});
process.on('disconnect', () => process.exit(0));
