/**
 * What each keychain backend accepts, as data: the one table the value layer (split-value.ts) sizes
 * its entries from, and the one the `win32` emulation (limited-binding.ts) enforces.
 *
 * Where the numbers come from:
 * - **Windows Credential Manager** (keyring-rs 3.x `src/windows.rs`, the code under
 *   `@napi-rs/keyring` 2.1 on Windows): an entry is a generic credential whose target name is
 *   `<account>.<service>`; a password is stored as UTF-16LE and refused when that is over
 *   `CRED_MAX_CREDENTIAL_BLOB_SIZE` = 2,560 bytes (1,280 UTF-16 code units), with the text
 *   "Attribute 'password encoded as UTF-16' is longer than platform limit of 2560 chars". Names are
 *   checked in UTF-8 bytes: the user name (our account) against `CRED_MAX_USERNAME_LENGTH` = 513, the
 *   target against `CRED_MAX_GENERIC_TARGET_NAME_LENGTH` = 32,767, and the comment the library writes,
 *   `<account>@<service>:<account>.<service> (keyring v3.x.y)`, against `CRED_MAX_STRING_LENGTH` = 256.
 *   The comment is the limit that bites: with the service `Rolecall`, an account name may be about
 *   110 bytes long.
 * - **macOS Keychain** (Security framework generic passwords): no documented size limit on the data
 *   of an item; items of hundreds of KB are kept in practice. Treated as unbounded.
 * - **Secret Service** (gnome-keyring, KWallet over D-Bus): secrets are D-Bus byte arrays, limited only
 *   by the D-Bus message size (128 MiB by default in dbus-daemon). Treated as unbounded.
 *
 * Rolecall's own ceiling ({@link MAX_VALUE_BYTES}) sits far below every real limit, so "unbounded"
 * never has to mean more than 64 KiB.
 */

/** The backends Rolecall knows. */
export type KeychainBackend = 'win32' | 'darwin' | 'secret-service';

export interface KeychainLimits {
  backend: KeychainBackend;
  /** Largest password one entry takes, in bytes of `encoding`; `Infinity` when the backend has no practical limit. */
  maxValueBytes: number;
  /** How the backend encodes a password before measuring it. */
  encoding: 'utf16le' | 'utf8';
  /** Name limits (UTF-8 bytes), or `undefined` when the backend has none worth checking. */
  names?: { maxAccountBytes: number; maxTargetBytes: number; maxCommentBytes: number };
}

/** Every backend, keyed by the name `ROLECALL_KEYCHAIN_LIMITS` and `process.platform` use. */
export const KEYCHAIN_LIMITS: Readonly<Record<KeychainBackend, KeychainLimits>> = {
  win32: {
    backend: 'win32',
    maxValueBytes: 2_560,
    encoding: 'utf16le',
    names: { maxAccountBytes: 513, maxTargetBytes: 32_767, maxCommentBytes: 256 },
  },
  darwin: { backend: 'darwin', maxValueBytes: Infinity, encoding: 'utf8' },
  'secret-service': { backend: 'secret-service', maxValueBytes: Infinity, encoding: 'utf8' },
};

/** Rolecall's hard ceiling on one value (UTF-8 bytes), whatever the backend: nothing AWS issues comes near it. */
export const MAX_VALUE_BYTES = 64 * 1024;

/** The tail keyring-rs 3.x adds to every Windows comment; `3.6.3` is the widest version string of the 3.6 line. */
const COMMENT_TAIL = ' (keyring v3.6.3)';

/** Bytes of `text` in the backend's encoding. */
export function encodedBytes(limits: KeychainLimits, text: string): number {
  return limits.encoding === 'utf16le' ? text.length * 2 : Buffer.byteLength(text, 'utf8');
}

/** Whether the backend takes an entry named `account` under `service` (only Windows has name limits). */
export function nameFits(limits: KeychainLimits, service: string, account: string): boolean {
  const n = limits.names;
  if (!n) return true;
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  const target = `${account}.${service}`;
  return bytes(account) <= n.maxAccountBytes && bytes(target) <= n.maxTargetBytes && bytes(`${account}@${service}:${target}${COMMENT_TAIL}`) <= n.maxCommentBytes;
}

export class KeychainLimitsError extends Error {}

/**
 * The limits in force: the real backend's, unless `ROLECALL_KEYCHAIN_LIMITS=win32` asks for the Windows
 * ones on top of whatever store is really there (support and tests: gnome-keyring has no limit, so
 * without this nothing here would ever split a value). Any other value is refused, not ignored.
 */
export function resolveKeychainLimits(env: Record<string, string | undefined>, platform: NodeJS.Platform): { limits: KeychainLimits; emulated: boolean } {
  const asked = env.ROLECALL_KEYCHAIN_LIMITS?.trim();
  const real = KEYCHAIN_LIMITS[platform === 'win32' ? 'win32' : platform === 'darwin' ? 'darwin' : 'secret-service'];
  if (asked === undefined || asked === '') return { limits: real, emulated: false };
  if (asked === 'win32') return { limits: KEYCHAIN_LIMITS.win32, emulated: real.backend !== 'win32' };
  throw new KeychainLimitsError(`ROLECALL_KEYCHAIN_LIMITS is set to "${asked.slice(0, 40)}", which Rolecall does not know`);
}
