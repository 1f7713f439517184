/**
 * The whole core on a keychain that is missing, shut or stuck (test-environment.md's failure modes,
 * each on its own private D-Bus session): adding a source, listing and switching each end in a
 * clear typed error within the keychain deadline, the core keeps answering, the credentials file is
 * untouched, and the secret is never written anywhere — no new file under the world or in the temp
 * folder holds it, and the suite's own keyring has no item for it.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../electron/core/doctor';
import { createKeychainStore } from '../../electron/core/keychain/keychain-store';
import { createNodeWorkerLauncher, type WorkerLauncher } from '../../electron/core/keychain/worker-launcher';
import { missing } from '../fixtures/components';
import { MFA_SERIAL, createWorld, type World } from '../fixtures/core-harness';
import { lockKeyring, secretToolSearch, startPrivateBus, unlockKeyring, type PrivateBus } from '../node/keychain/private-bus';
import { failure } from './helpers';

const DEADLINE_MS = 8000; // generous: a cold worker start on a busy machine counts against it
const USER_FILE = '# mine\n[keep]\nregion = eu-west-1\n';

/** Files under `dir` (recursively, skipping huge ones) modified since `since` that contain `needle`. */
function filesContaining(dir: string, needle: string, since: number, depth = 0): string[] {
  const hits: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return hits;
  }
  for (const name of names) {
    const p = join(dir, name);
    try {
      const st = statSync(p);
      if (st.isDirectory()) {
        if (depth < 4) hits.push(...filesContaining(p, needle, since, depth + 1));
      } else if (st.isFile() && st.mtimeMs >= since && st.size < 4_000_000 && readFileSync(p, 'latin1').includes(needle)) {
        hits.push(p);
      }
    } catch {
      // a file another test removed meanwhile, or one we may not read
    }
  }
  return hits;
}

interface Mode {
  name: string;
  codes: string[];
  launcher(): Promise<{ launcher: WorkerLauncher; timeoutMs: number }>;
}

describe.skipIf(missing('keyring'))('the core on a broken keychain', () => {
  const buses: PrivateBus[] = [];
  const scratch: string[] = [];
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
    await Promise.all(buses.splice(0).map((b) => b.stop()));
    for (const d of scratch.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const bus = async (opts: Parameters<typeof startPrivateBus>[0]) => {
    const b = await startPrivateBus(opts);
    buses.push(b);
    return b;
  };

  const modes: Mode[] = [
    {
      name: 'no D-Bus session',
      codes: ['KeychainUnavailable'],
      async launcher() {
        const runtime = mkdtempSync(join(tmpdir(), 'rolecall-nobus-'));
        scratch.push(runtime);
        const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtime };
        delete env.DBUS_SESSION_BUS_ADDRESS;
        return { launcher: createNodeWorkerLauncher({ env }), timeoutMs: DEADLINE_MS };
      },
    },
    {
      name: 'no Secret Service provider',
      codes: ['KeychainUnavailable'],
      async launcher() {
        return { launcher: createNodeWorkerLauncher({ env: (await bus({ secretService: false })).env }), timeoutMs: DEADLINE_MS };
      },
    },
    {
      name: 'a locked keyring (no display to prompt on)',
      codes: ['KeychainLocked'],
      async launcher() {
        const b = await bus({ secretService: true });
        unlockKeyring(b, 'pw');
        // an item stored while unlocked (a locked keyring with nothing in it looks empty, not locked)
        const before = createKeychainStore({ launcher: createNodeWorkerLauncher({ env: b.env }), service: world!.keychainService });
        await before.setSource('other', { accessKeyId: 'AKIAOTHEROTHEROTHER1', secretAccessKey: 'other-secret' });
        before.close();
        lockKeyring(b);
        return { launcher: createNodeWorkerLauncher({ env: b.env }), timeoutMs: DEADLINE_MS };
      },
    },
    {
      name: 'a keychain call that hangs (an unlock prompt nobody answers)',
      codes: ['KeychainTimeout'],
      async launcher() {
        const dir = mkdtempSync(join(tmpdir(), 'rolecall-hang-'));
        scratch.push(dir);
        const hanging = join(dir, 'hanging-worker.cjs');
        writeFileSync(hanging, `process.on('SIGTERM', () => {});\nprocess.on('message', () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); });\n`);
        return { launcher: createNodeWorkerLauncher({ workerPath: hanging }), timeoutMs: 700 };
      },
    },
  ];

  it.each(modes)('$name → $codes within the deadline, the core keeps working, nothing in plaintext', async (mode) => {
    const started = Date.now() - 1000;
    world = await createWorld({ credentials: USER_FILE });
    const { launcher, timeoutMs } = await mode.launcher();
    const core = await world.core({ keychainLauncher: launcher, keychainTimeoutMs: timeoutMs });
    const secret = world.keys.secretAccessKey;
    // every call below must come back with its typed error: a missed deadline would hang the
    // test until its own time-out, so no wall-clock bound is asserted (a busy machine is slow)
    const add = await failure(core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL, verify: false }));
    expect(mode.codes).toContain(add.code);
    expect(add.action).toBeTruthy();
    expect(JSON.stringify({ m: add.message, a: add.action, d: add.details })).not.toContain(secret);

    const listing = await core.listProfiles();
    expect(mode.codes).toContain(listing.keychainProblem?.code);
    expect(listing.profiles.map((p) => p.name)).toEqual(expect.arrayContaining(['admin', 'readonly']));

    const sw = await failure(core.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL) }));
    expect(mode.codes).toContain(sw.code);
    expect(world.read('credentials')).toBe(USER_FILE);
    expect(core.sessions()).toEqual([]);
    expect(core.getSettings().defaultTarget).toBe('default'); // still answering

    // doctor, on the same keychain, names the problem and the fix
    const doctorStore = createKeychainStore({ launcher, timeoutMs, service: world.keychainService });
    try {
      const checks = await runDoctor({ env: {}, paths: core.paths, secrets: doctorStore, settings: { defaultTarget: 'default', roleTargets: {} }, skipClock: true });
      expect(checks.find((c) => c.id === 'keychain')).toMatchObject({ status: 'fail', message: add.message, fix: add.action });
    } finally {
      doctorStore.close();
    }

    expect(filesContaining(world.home, secret, started)).toEqual([]);
    expect(filesContaining(tmpdir(), secret, started, 2)).toEqual([]);
    expect(secretToolSearch(world.keychainService)).not.toContain(world.keys.accessKeyId);
  });
});
