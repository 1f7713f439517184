/**
 * Turns what the keychain worker saw into a {@link RolecallError} a person can act on.
 *
 * The patterns are the texts `@napi-rs/keyring` (libdbus and zbus underneath) produces for each
 * way a Linux keychain can be missing or shut; test-environment.md records where each one comes
 * from. The raw text is kept only as `cause` (for `--debug`): it is never the message.
 */
import { RolecallError } from '../errors';
import type { StoredValueProblem, WorkerFailure } from './protocol';

export type KeychainFailureKind = 'no-dbus' | 'no-provider' | 'no-collection' | 'locked' | 'other';

const patterns: ReadonlyArray<[KeychainFailureKind, RegExp]> = [
  ['no-provider', /not provided by any \.service files|ServiceUnknown|org\.freedesktop\.secrets.*(not activat|no such name)/i],
  ['no-dbus', /DBUS_SESSION_BUS_ADDRESS|autolaunch|Failed to connect to (address|socket)|Unable to connect to the session bus|couldn't connect to dbus|NoServer/i],
  ['no-collection', /Object does not exist at path|NoSuchObject|collection\/login|no result found/i],
  ['locked', /prompt was dismissed|IsLocked|is locked|locked object|User interaction is not allowed/i],
];

/** Which failure mode a platform error text describes. */
export function classifyKeychainFailure(text: string): KeychainFailureKind {
  for (const [kind, re] of patterns) if (re.test(text)) return kind;
  return 'other';
}

const NEVER_PLAINTEXT = 'Rolecall keeps keys only in the OS keychain and has stored nothing elsewhere.';

/** The error for a failure the worker reported. */
export function keychainFailureError(failure: WorkerFailure): RolecallError {
  const cause = new Error(failure.message);
  switch (failure.reason) {
    case 'not-persisted':
      return new RolecallError('KeychainError', `The keychain accepted the item but it cannot be read back from the Secret Service. ${NEVER_PLAINTEXT}`, {
        action: 'Check that GNOME Keyring or KWallet is running and unlocked, then try again.',
        cause,
      });
    case 'delete-failed':
      return new RolecallError('KeychainError', 'The keychain did not delete the item.', {
        action: 'Unlock your keychain and try again, or remove the "Rolecall" item with Seahorse / Keychain Access.',
        cause,
      });
    case 'binding-unavailable':
      return new RolecallError('KeychainUnavailable', 'The keychain library could not be loaded on this system.', {
        action: 'Reinstall Rolecall for this platform; if it keeps happening, report it with the --debug output.',
        cause,
      });
    case 'bad-request':
      return new RolecallError('Internal', 'Rolecall sent the keychain helper a request it did not understand.', {
        action: 'Report this with the --debug output.',
        cause,
      });
    case 'too-large':
      return new RolecallError('InvalidInput', 'The value is too large to keep in the keychain: Rolecall stores at most 64 KiB per item.', {
        action: 'Nothing AWS issues is this large; check what is being stored, and report it with the --debug output if it came from AWS.',
        cause,
      });
    case 'name-too-long':
      return new RolecallError('InvalidInput', 'The profile name is too long for this keychain to name its item after it.', {
        action: 'Use a shorter profile name (Windows Credential Manager fits profile names of up to about 90 characters); --debug shows the item name.',
        cause,
      });
    case 'bad-limits':
      return new RolecallError('InvalidInput', 'ROLECALL_KEYCHAIN_LIMITS has a value Rolecall does not know.', {
        action: 'Unset ROLECALL_KEYCHAIN_LIMITS, or set it to win32 to apply the Windows Credential Manager limits on any platform.',
        cause,
      });
    case undefined:
      break;
  }
  switch (classifyKeychainFailure(failure.message)) {
    case 'no-dbus':
      return new RolecallError('KeychainUnavailable', `Rolecall cannot reach the keychain: there is no D-Bus session. ${NEVER_PLAINTEXT}`, {
        action: 'Run Rolecall inside your desktop session (DBUS_SESSION_BUS_ADDRESS must be set), or wrap the command in dbus-run-session.',
        cause,
      });
    case 'no-provider':
      return new RolecallError('KeychainUnavailable', `No Secret Service keychain is running. ${NEVER_PLAINTEXT}`, {
        action: 'Install and start GNOME Keyring or KWallet (e.g. apt install gnome-keyring), then try again.',
        cause,
      });
    case 'no-collection':
      return new RolecallError('KeychainUnavailable', `Your keychain has no default keyring to keep keys in. ${NEVER_PLAINTEXT}`, {
        action: 'Create a default keyring with Seahorse (Passwords and Keys → + → Password Keyring, then "Set as default") and try again.',
        cause,
      });
    case 'locked':
      return new RolecallError('KeychainLocked', 'Your keychain is locked.', {
        action: 'Unlock your keychain (for GNOME Keyring: open Seahorse and unlock the "Login" keyring), then try again.',
        cause,
      });
    case 'other':
      return new RolecallError('KeychainError', 'The keychain refused the request.', {
        action: 'Check that your keychain is running and unlocked, then try again; run with --debug for the system’s reason.',
        cause,
      });
  }
}

/** The error for a call that missed its deadline (the worker has been killed). */
export function keychainTimeoutError(timeoutMs: number): RolecallError {
  const seconds = Math.round(timeoutMs / 100) / 10;
  return new RolecallError('KeychainTimeout', `The keychain did not answer within ${seconds} s.`, {
    action: 'Unlock your keychain if it is asking for a password, and check that the Secret Service (GNOME Keyring or KWallet) is running; then try again.',
    details: { timeoutMs },
  });
}

/** The error for a worker that died (or could not start) with calls in flight. */
export function keychainCrashError(exit: { code: number | null; signal: string | null; error?: Error }): RolecallError {
  return new RolecallError('KeychainError', 'The keychain helper stopped unexpectedly.', {
    action: 'Try again; if it keeps happening, run with --debug and report the output.',
    ...(exit.error ? { cause: exit.error } : {}),
    details: { exitCode: exit.code ?? -1, signal: exit.signal ?? '' },
  });
}

const PROBLEM_TEXT: Record<StoredValueProblem['kind'], (p: StoredValueProblem) => string> = {
  incomplete: (p) => `is incomplete: ${p.partsFound ?? 0} of its ${p.partsExpected ?? '?'} parts are there (a write was cut short)`,
  corrupt: () => 'does not add up: its parts are not the ones its header records (an overwrite was cut short)',
  orphaned: (p) => `was never finished: ${p.partsFound ?? 0} of its parts are there but not the header that completes them (a first write was cut short)`,
  unsupported: () => 'was written by a newer Rolecall, in a format this version cannot read',
};

/**
 * The diagnostic for a stored value that cannot be read whole (split-value.ts). The value is treated
 * as absent; this names the item (never any of its content) and how it gets repaired.
 */
export function storedValueProblemError(problem: StoredValueProblem): RolecallError {
  const action =
    problem.kind === 'unsupported'
      ? 'Update Rolecall, or store the value again with this version (it replaces the item whole).'
      : 'Store it again — add the source’s keys again, or sign in with MFA again for an MFA session; the next write replaces it whole and removes the leftover parts.';
  return new RolecallError('KeychainError', `The keychain item "${problem.account}" ${PROBLEM_TEXT[problem.kind](problem)}. Rolecall treats it as absent.`, {
    action,
    details: {
      account: problem.account,
      problem: problem.kind,
      ...(problem.partsExpected === undefined ? {} : { partsExpected: problem.partsExpected }),
      ...(problem.partsFound === undefined ? {} : { partsFound: problem.partsFound }),
    },
  });
}
