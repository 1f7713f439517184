/**
 * `ROLECALL_KEYCHAIN_LIMITS=win32` on a machine that is not Windows: the real binding (gnome-keyring
 * here), refusing exactly what Windows Credential Manager would, with the texts keyring-rs 3.x uses
 * (see platform-limits.ts for the numbers and where they come from). The value layer must never hit
 * these refusals; when it does, a test on Linux fails the way a user's write on Windows would.
 */
import { encodedBytes, nameFits, type KeychainLimits } from './platform-limits';
import type { KeyringBinding, KeyringEntry } from './worker-ops';

/** keyring-rs's `Error::TooLong` text. */
const tooLong = (attribute: string, limit: number): Error => new Error(`Attribute '${attribute}' is longer than platform limit of ${limit} chars`);

/** The refusal Windows would give for this name, if any (keyring-rs checks the names when an entry is built). */
function nameRefusal(limits: KeychainLimits, service: string, account: string): Error | undefined {
  const n = limits.names;
  if (!n || nameFits(limits, service, account)) return undefined;
  if (Buffer.byteLength(account, 'utf8') > n.maxAccountBytes) return tooLong('user', n.maxAccountBytes);
  if (Buffer.byteLength(`${account}.${service}`, 'utf8') > n.maxTargetBytes) return tooLong('target', n.maxTargetBytes);
  return tooLong('comment', n.maxCommentBytes);
}

/** `binding`, held to `limits` on every entry it builds. */
export function withLimits(binding: KeyringBinding, limits: KeychainLimits): KeyringBinding {
  const Inner = binding.Entry;
  class LimitedEntry implements KeyringEntry {
    private readonly inner: KeyringEntry;
    constructor(service: string, account: string, options?: ConstructorParameters<typeof Inner>[2]) {
      const refused = nameRefusal(limits, service, account);
      if (refused) throw refused;
      this.inner = new Inner(service, account, options);
    }
    getSecret(): number[] | null {
      return this.inner.getSecret();
    }
    setPassword(password: string): void {
      if (encodedBytes(limits, password) > limits.maxValueBytes) {
        throw tooLong(limits.encoding === 'utf16le' ? 'password encoded as UTF-16' : 'password', limits.maxValueBytes);
      }
      this.inner.setPassword(password);
    }
    deleteCredential(): boolean {
      return this.inner.deleteCredential();
    }
  }
  return { Entry: LimitedEntry, findCredentials: (service) => binding.findCredentials(service) };
}
