import { describe, expect, it } from 'vitest';
import { classifyKeychainFailure, keychainCrashError, keychainFailureError } from '../../../electron/core/keychain/keychain-errors';

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
