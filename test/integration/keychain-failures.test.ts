/**
 * Each way a Linux keychain can be missing, shut or stuck, with the real worker and gnome-keyring:
 * the store must answer with the typed error that says what to do, within its deadline, and must
 * never have stored the secret anywhere. Each case runs the worker on its own private D-Bus session.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RolecallError } from '../../electron/core/errors';
import { ManualClock } from '../../electron/core/sessions/clock';
import { createKeychainStore, type KeychainStore } from '../../electron/core/keychain/keychain-store';
import type { SourceSecret } from '../../electron/core/keychain/secret-store';
import { createNodeWorkerLauncher, type WorkerExit, type WorkerLauncher } from '../../electron/core/keychain/worker-launcher';
import { missing } from '../fixtures/components';
import { lockKeyring, secretToolSearch, startPrivateBus, unlockKeyring, type PrivateBus } from '../node/keychain/private-bus';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const source: SourceSecret = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET };
const run = `kcf${process.pid}x${Date.now().toString(36)}`;
const TIMEOUT_MS = 10_000; // the product default: a cold worker start on a busy CI machine counts against it
/** Waiting for a process to come or go: generous, since a loaded machine is slow but never wrong. */
const POLL = { timeout: 20_000, interval: 20 };

async function failure(p: Promise<unknown>): Promise<RolecallError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RolecallError);
  const err = e as RolecallError;
  expect(JSON.stringify({ m: err.message, a: err.action, d: err.details })).not.toContain(SECRET);
  return err;
}

describe.skipIf(missing('keyring'))('keychain failure modes', () => {
  const stores: KeychainStore[] = [];
  const buses: PrivateBus[] = [];
  const open = (env: NodeJS.ProcessEnv, launcher: WorkerLauncher = createNodeWorkerLauncher({ env })): KeychainStore => {
    const s = createKeychainStore({ launcher, timeoutMs: TIMEOUT_MS });
    stores.push(s);
    return s;
  };
  const bus = async (opts: Parameters<typeof startPrivateBus>[0]): Promise<PrivateBus> => {
    const b = await startPrivateBus(opts);
    buses.push(b);
    return b;
  };
  afterEach(async () => {
    stores.splice(0).forEach((s) => s.close());
    await Promise.all(buses.splice(0).map((b) => b.stop()));
  });

  it('no D-Bus session → KeychainUnavailable, and the key is stored nowhere', async () => {
    const runtime = mkdtempSync(join(tmpdir(), 'rolecall-nobus-'));
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtime };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const name = `${run}-nobus`;
    try {
      const e = await failure(open(env).setSource(name, source));
      expect(e.code).toBe('KeychainUnavailable');
      expect(e.message).toMatch(/no D-Bus session/);
      expect(e.action).toMatch(/DBUS_SESSION_BUS_ADDRESS/);
    } finally {
      rmSync(runtime, { recursive: true, force: true });
    }
    expect(await open(process.env).getSource(name)).toBeUndefined();
    expect(secretToolSearch('Rolecall')).not.toContain(name);
  });

  it('no Secret Service provider on the bus → KeychainUnavailable naming GNOME Keyring / KWallet', async () => {
    const b = await bus({ secretService: false });
    const store = open(b.env);
    const e = await failure(store.setSource(`${run}-noprov`, source));
    expect(e.code).toBe('KeychainUnavailable');
    expect(e.action).toMatch(/GNOME Keyring or KWallet/);
    expect((await failure(store.listSources())).code).toBe('KeychainUnavailable');
    expect((await failure(store.getSource('x'))).code).toBe('KeychainUnavailable');
  });

  it('a keychain with no default keyring → KeychainUnavailable pointing at Seahorse', async () => {
    const b = await bus({ secretService: true });
    const e = await failure(open(b.env).setSource(`${run}-nocoll`, source));
    expect(e.code).toBe('KeychainUnavailable');
    expect(e.action).toMatch(/Seahorse/);
  });

  it('a keyring locked while in use → KeychainLocked for every operation (no display to prompt on)', async () => {
    const b = await bus({ secretService: true });
    unlockKeyring(b, 'pw');
    const store = open(b.env);
    await store.setSource('dev', source);
    expect(await store.getSource('dev')).toEqual(source);
    lockKeyring(b);
    for (const op of [store.getSource('dev'), store.setSource('dev', source), store.deleteSource('dev'), store.listSources()]) {
      const e = await failure(op);
      expect(e.code).toBe('KeychainLocked');
      expect(e.action).toMatch(/[Uu]nlock your keychain/);
    }
  });

  it('a keyring that starts locked (login without auto-unlock) → KeychainLocked, not "no such source"', async () => {
    const dataHome = mkdtempSync(join(tmpdir(), 'rolecall-keyrings-'));
    try {
      const first = await bus({ secretService: true, dataHome });
      unlockKeyring(first, 'pw');
      const writer = open(first.env);
      await writer.setSource('dev', source);
      writer.close();
      await first.stop();

      const second = await bus({ secretService: true, dataHome });
      const store = open(second.env);
      for (const op of [store.getSource('dev'), store.listSources(), store.setSource('prod', source), store.deleteSource('dev')]) {
        const e = await failure(op);
        // the system's own words, should it ever answer otherwise (they never hold the secret)
        expect(e.code, `cause: ${String(e.cause)}`).toBe('KeychainLocked');
      }
      store.close();
      await second.stop();

      // Unlocked again (a fresh login), the key is still there: "locked" never turned into a delete.
      const third = await bus({ secretService: true, dataHome });
      unlockKeyring(third, 'pw');
      expect(await open(third.env).getSource('dev')).toEqual(source);
      expect(await open(third.env).getSource('prod')).toBeUndefined();
    } finally {
      rmSync(dataHome, { recursive: true, force: true });
    }
  });

  it('a worker stuck inside a call → KeychainTimeout within the deadline, worker SIGKILLed, next call works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-hang-'));
    const hanging = join(dir, 'hanging-worker.cjs');
    // Blocks its event loop like a native call waiting on an unlock prompt, and ignores SIGTERM.
    writeFileSync(hanging, `process.on('SIGTERM', () => {});\nprocess.on('message', () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); });\n`);
    const exits: WorkerExit[] = [];
    let useHanging = true;
    const launcher: WorkerLauncher = {
      launch() {
        const h = createNodeWorkerLauncher(useHanging ? { workerPath: hanging } : {}).launch();
        h.onExit((e) => exits.push(e));
        return h;
      },
    };
    // the deadline runs on a manual clock: the machine's load can neither trip it early (a slow
    // worker start) nor hide a missing one
    const clock = new ManualClock();
    const store = createKeychainStore({ launcher, timeoutMs: 800, clock });
    stores.push(store);
    let settled: RolecallError | 'pending' = 'pending';
    const call = failure(store.getSource('dev')).then((e) => (settled = e));
    await expect.poll(() => clock.pendingTimers(), POLL).toBe(1);
    await clock.advance(799);
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe('pending');
    await clock.advance(1);
    const e = await call;
    expect(e.code).toBe('KeychainTimeout');
    expect(e.message).toBe('The keychain did not answer within 0.8 s.');
    await expect.poll(() => exits.length, POLL).toBe(1);
    expect(exits[0]?.signal).toBe('SIGKILL');

    // a fresh worker answers the next call; its deadline never comes (the clock stands still)
    useHanging = false;
    expect(await store.getSource(`${run}-after-hang`)).toBeUndefined();
    rmSync(dir, { recursive: true, force: true });
  });
});

afterAll(() => {
  // Nothing stored under the run's names may be left in the suite's keyring.
  if (process.env.ROLECALL_TEST_KEYRING === 'ready') expect(secretToolSearch('Rolecall')).not.toContain(run);
});
