import { afterEach, describe, expect, it, vi } from 'vitest';
import { RolecallError } from '../../../electron/core/errors';
import { createKeychainStore } from '../../../electron/core/keychain/keychain-store';
import type { MfaSessionSecret, SourceSecret } from '../../../electron/core/keychain/secret-store';
import { FakeLauncher, healthyKeychain } from './fake-worker';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const source: SourceSecret = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, mfaSerial: 'arn:aws:iam::123456789012:mfa/alice' };
const mfa: MfaSessionSecret = {
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: SECRET,
  sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN',
  expiration: '2030-01-01T00:00:00Z',
  sourceProfile: 'dev',
  mfaSerial: 'arn:aws:iam::123456789012:mfa/alice',
};

async function rejection(p: Promise<unknown>): Promise<RolecallError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RolecallError);
  return e as RolecallError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createKeychainStore over a healthy worker', () => {
  it('stores JSON under Rolecall / source:<name> and reads it back', async () => {
    const items = new Map<string, string>();
    const launcher = new FakeLauncher(healthyKeychain(items));
    const store = createKeychainStore({ launcher });
    await store.setSource('dev', source);
    expect(JSON.parse(items.get('Rolecall/source:dev') ?? '')).toEqual(source);
    expect(await store.getSource('dev')).toEqual(source);
    expect(await store.getSource('other')).toBeUndefined();
    expect(launcher.workers).toHaveLength(1); // one warm worker for every call
  });

  it('keeps MFA sessions apart from sources', async () => {
    const store = createKeychainStore({ launcher: new FakeLauncher(healthyKeychain()), service: 'T' });
    await store.setSource('dev', source);
    await store.setMfaSession('dev', mfa);
    await store.setSource('prod', { accessKeyId: source.accessKeyId, secretAccessKey: SECRET });
    expect((await store.listSources()).sort()).toEqual(['dev', 'prod']);
    expect(await store.getMfaSession('dev')).toEqual(mfa);
    expect(await store.deleteMfaSession('dev')).toBe(true);
    expect(await store.deleteMfaSession('dev')).toBe(false);
    expect(await store.getMfaSession('dev')).toBeUndefined();
    expect(await store.deleteSource('prod')).toBe(true);
    expect(await store.listSources()).toEqual(['dev']);
  });

  it('marks the worker busy during a call and idle after, so a CLI can exit', async () => {
    const launcher = new FakeLauncher(healthyKeychain());
    const store = createKeychainStore({ launcher });
    await Promise.all([store.getSource('a'), store.getSource('b')]);
    const activity = launcher.workers[0]?.activity ?? [];
    expect(activity[0]).toBe(true);
    expect(activity.at(-1)).toBe(false);
    expect(activity.filter((a) => !a)).toHaveLength(1); // idle only once both calls are answered
  });

  it('refuses incomplete records before anything reaches the keychain', async () => {
    const launcher = new FakeLauncher(healthyKeychain());
    const store = createKeychainStore({ launcher });
    const e = await rejection(store.setSource('dev', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: '' }));
    expect(e.code).toBe('InvalidInput');
    expect(e.message).toContain('secretAccessKey');
    expect((await rejection(store.getSource(''))).code).toBe('InvalidInput');
    expect(launcher.workers).toHaveLength(0);
  });

  it('reports an unreadable source item without echoing it, and treats an unreadable MFA cache as absent', async () => {
    const items = new Map([
      ['Rolecall/source:dev', `{"accessKeyId":"AKIAIOSFODNN7EXAMPLE","secret":"${SECRET}"}`],
      ['Rolecall/mfa-session:dev', 'not json'],
    ]);
    const store = createKeychainStore({ launcher: new FakeLauncher(healthyKeychain(items)) });
    const e = await rejection(store.getSource('dev'));
    expect(e.code).toBe('KeychainError');
    expect(e.action).toContain('rolecall remove dev');
    expect(JSON.stringify({ m: e.message, a: e.action, d: e.details })).not.toContain(SECRET);
    expect(await store.getMfaSession('dev')).toBeUndefined();
  });
});

describe('createKeychainStore failure modes', () => {
  it('times out a worker that never answers, kills it, and starts a new one next time', async () => {
    vi.useFakeTimers();
    const launcher = new FakeLauncher(() => 'hang');
    const store = createKeychainStore({ launcher, timeoutMs: 10_000 });
    const first = rejection(store.getSource('dev'));
    const second = rejection(store.listSources());
    await vi.advanceTimersByTimeAsync(9_999);
    expect(launcher.workers[0]?.killed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const e = await first;
    expect(e.code).toBe('KeychainTimeout');
    expect(e.message).toBe('The keychain did not answer within 10 s.');
    expect(e.action).toMatch(/Unlock your keychain/);
    expect(e.action).toMatch(/Secret Service/);
    expect((await second).code).toBe('KeychainTimeout');
    expect(launcher.workers[0]?.killed).toBe(true);

    launcher.behaviour = healthyKeychain();
    expect(await store.getSource('dev')).toBeUndefined();
    expect(launcher.workers).toHaveLength(2);
  });

  it('uses the configured deadline in the message', async () => {
    vi.useFakeTimers();
    const store = createKeychainStore({ launcher: new FakeLauncher(() => 'hang'), timeoutMs: 2_500 });
    const p = rejection(store.listSources());
    await vi.advanceTimersByTimeAsync(2_500);
    expect((await p).message).toBe('The keychain did not answer within 2.5 s.');
  });

  it('turns a worker crash into KeychainError and recovers on the next call', async () => {
    const launcher = new FakeLauncher(() => 'crash');
    const store = createKeychainStore({ launcher });
    const e = await rejection(store.getSource('dev'));
    expect(e.code).toBe('KeychainError');
    expect(e.message).toBe('The keychain helper stopped unexpectedly.');
    launcher.behaviour = healthyKeychain();
    await store.setSource('dev', source);
    expect(launcher.workers).toHaveLength(2);
  });

  it('turns a launcher that cannot start the worker into KeychainError', async () => {
    const store = createKeychainStore({
      launcher: {
        launch() {
          throw new Error('keychain worker not found');
        },
      },
    });
    expect((await rejection(store.listSources())).code).toBe('KeychainError');
  });

  it.each([
    ['Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead', 'KeychainUnavailable'],
    ['zbus error: org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files', 'KeychainUnavailable'],
    ["Couldn't access platform storage: Secret Service: unlock prompt was dismissed", 'KeychainLocked'],
    ['Something else entirely', 'KeychainError'],
  ])('maps a worker failure %j to %s without leaking the secret', async (text, code) => {
    const store = createKeychainStore({ launcher: new FakeLauncher(() => ({ ok: false, error: { message: text } })) });
    const e = await rejection(store.setSource('dev', source));
    expect(e.code).toBe(code);
    expect(e.message).not.toContain(text);
    expect(JSON.stringify({ m: e.message, a: e.action, d: e.details })).not.toContain(SECRET);
    expect((e.cause as Error).message).toBe(text); // kept for --debug only
  });

  it('ignores malformed and unknown replies and still meets the deadline', async () => {
    vi.useFakeTimers();
    const launcher = new FakeLauncher(() => 'hang');
    const store = createKeychainStore({ launcher, timeoutMs: 1_000 });
    const p = rejection(store.getSource('dev'));
    launcher.workers[0]?.emit({ hello: 'world' });
    launcher.workers[0]?.emit({ id: 999, ok: true, value: 'x' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await p).code).toBe('KeychainTimeout');
  });

  it('close() stops the worker and rejects calls in flight', async () => {
    const launcher = new FakeLauncher(() => 'hang');
    const store = createKeychainStore({ launcher });
    const p = rejection(store.getSource('dev'));
    store.close();
    expect((await p).code).toBe('KeychainError');
    expect(launcher.workers[0]?.killed).toBe(true);
  });
});

describe('createKeychainStore with values the worker cannot read whole', () => {
  it('reads an incomplete or corrupt split value as absent and reports why, naming only the item', async () => {
    const problem = { kind: 'incomplete', account: 'mfa-session:dev', partsExpected: 3, partsFound: 2 };
    const seen: RolecallError[] = [];
    const launcher = new FakeLauncher((req) => (req.op === 'get' ? { ok: true, value: { problem: { ...problem, account: req.account } } } : { ok: true, value: undefined }));
    const store = createKeychainStore({ launcher, onProblem: (e) => seen.push(e) });
    expect(await store.getMfaSession('dev')).toBeUndefined();
    expect(await store.getSource('dev')).toBeUndefined();
    expect(seen.map((e) => e.message)).toEqual([
      'The keychain item "mfa-session:dev" is incomplete: 2 of its 3 parts are there (a write was cut short). Rolecall treats it as absent.',
      'The keychain item "source:dev" is incomplete: 2 of its 3 parts are there (a write was cut short). Rolecall treats it as absent.',
    ]);
    expect(store.problems()).toEqual(seen);
  });

  it('asks the worker once per read and once per write: splitting is the worker’s business', async () => {
    const launcher = new FakeLauncher(healthyKeychain());
    const store = createKeychainStore({ launcher });
    await store.setMfaSession('dev', { ...mfa, sessionToken: 'T'.repeat(3_000) });
    await store.getMfaSession('dev');
    expect(launcher.workers[0]?.received.map((r) => r.op)).toEqual(['set', 'get']);
  });
});
