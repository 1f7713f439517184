import { describe, expect, it } from 'vitest';
import { classifyKeychainFailure, keychainCrashError, keychainFailureError, storedValueProblemError } from '../../../electron/core/keychain/keychain-errors';

describe('classifyKeychainFailure', () => {
  // Texts seen from @napi-rs/keyring 2.1 against gnome-keyring on Debian 12 (see test-environment.md).
  it.each([
    ['Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead', 'no-dbus'],
    ['zbus error: Failed to connect to address `unix:path=/run/user/0/bus`: No such file or directory (os error 2)', 'no-dbus'],
    ['Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files', 'no-provider'],
    ['zbus error: org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files', 'no-provider'],
    ["Couldn't access platform storage: Secret Service: no result found", 'no-collection'],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'no-collection'],
    ["Couldn't access platform storage: Secret Service: unlock prompt was dismissed", 'locked'],
    ['zbus error: org.freedesktop.Secret.Error.IsLocked: Cannot get secret of a locked object', 'locked'],
    ['Ambiguous: more than one credential', 'other'],
  ])('%s → %s', (text, kind) => {
    expect(classifyKeychainFailure(text)).toBe(kind);
  });
});

describe('keychainFailureError', () => {
  it('says what to do for each Linux failure mode', () => {
    const noDbus = keychainFailureError({ message: 'set your DBUS_SESSION_BUS_ADDRESS instead' });
    expect(noDbus.code).toBe('KeychainUnavailable');
    expect(noDbus.action).toMatch(/DBUS_SESSION_BUS_ADDRESS|dbus-run-session/);
    expect(noDbus.message).toMatch(/stored nothing elsewhere/);

    const noProvider = keychainFailureError({ message: 'was not provided by any .service files' });
    expect(noProvider.code).toBe('KeychainUnavailable');
    expect(noProvider.action).toMatch(/GNOME Keyring or KWallet/);

    const noCollection = keychainFailureError({ message: 'Object does not exist at path /org/freedesktop/secrets/collection/login' });
    expect(noCollection.code).toBe('KeychainUnavailable');
    expect(noCollection.action).toMatch(/Seahorse/);

    const locked = keychainFailureError({ message: 'unlock prompt was dismissed' });
    expect(locked.code).toBe('KeychainLocked');
    expect(locked.action).toMatch(/Unlock/);
  });

  it('trusts the worker’s own verdicts over the text', () => {
    expect(keychainFailureError({ reason: 'not-persisted', message: 'IsLocked' }).code).toBe('KeychainError');
    expect(keychainFailureError({ reason: 'delete-failed', message: 'x' }).code).toBe('KeychainError');
    expect(keychainFailureError({ reason: 'binding-unavailable', message: 'x' }).code).toBe('KeychainUnavailable');
    expect(keychainFailureError({ reason: 'bad-request', message: 'x' }).code).toBe('Internal');
  });

  it('names the next step for values and names the keychain cannot take, and for an unknown limits setting', () => {
    const large = keychainFailureError({ reason: 'too-large', message: 'a value of 70000 bytes is over the 65536-byte ceiling' });
    expect([large.code, large.message]).toEqual(['InvalidInput', 'The value is too large to keep in the keychain: Rolecall stores at most 64 KiB per item.']);
    const name = keychainFailureError({ reason: 'name-too-long', message: 'the entry name "source:x" is too long for the win32 keychain' });
    expect(name.code).toBe('InvalidInput');
    expect(name.action).toMatch(/shorter profile name/);
    const limits = keychainFailureError({ reason: 'bad-limits', message: 'ROLECALL_KEYCHAIN_LIMITS is set to "x", which Rolecall does not know' });
    expect(limits.code).toBe('InvalidInput');
    expect(limits.action).toMatch(/Unset ROLECALL_KEYCHAIN_LIMITS, or set it to win32/);
  });
});

describe('storedValueProblemError', () => {
  it.each([
    ['incomplete', /is incomplete: 2 of its 3 parts are there \(a write was cut short\)\. Rolecall treats it as absent\.$/],
    ['corrupt', /does not add up: its parts are not the ones its header records/],
    ['orphaned', /was never finished: 2 of its parts are there but not the header/],
    ['unsupported', /newer Rolecall/],
  ] as const)('%s: says what happened, that the value is absent, and how it is repaired', (kind, text) => {
    const e = storedValueProblemError({ kind, account: 'mfa-session:dev', ...(kind === 'unsupported' ? {} : { partsExpected: 3, partsFound: 2 }) });
    expect(e.code).toBe('KeychainError');
    expect(e.message).toMatch(/^The keychain item "mfa-session:dev" /);
    expect(e.message).toMatch(text);
    expect(e.action).toMatch(kind === 'unsupported' ? /Update Rolecall/ : /next write replaces it whole/);
    expect(e.details).toMatchObject({ account: 'mfa-session:dev', problem: kind });
  });

  it('keeps the raw text out of the message', () => {
    const e = keychainFailureError({ message: 'weird platform text 1234' });
    expect(e.message).not.toContain('1234');
    expect((e.cause as Error).message).toBe('weird platform text 1234');
  });

  it('describes a crash with its exit facts', () => {
    const e = keychainCrashError({ code: null, signal: 'SIGSEGV' });
    expect(e.code).toBe('KeychainError');
    expect(e.details).toEqual({ exitCode: -1, signal: 'SIGSEGV' });
  });
});
