/**
 * The keychain store against the real gnome-keyring of the test session
 * (run under `bash scripts/with-test-keyring.sh`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeychainStore, type KeychainStore } from '../../electron/core/keychain/keychain-store';
import type { MfaSessionSecret, SourceSecret } from '../../electron/core/keychain/secret-store';
import { createNodeWorkerLauncher } from '../../electron/core/keychain/worker-launcher';
import { missing } from '../fixtures/components';
import { secretToolSearch } from '../node/keychain/private-bus';

const run = `kc${process.pid}x${Date.now().toString(36)}`;
const source: SourceSecret = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', mfaSerial: 'arn:aws:iam::123456789012:mfa/alice' };
const BUNDLED_WORKER = resolve(__dirname, '../../out/cli/keychain-worker.cjs');

describe.skipIf(missing('keyring'))('keychain store on gnome-keyring', () => {
  const stores: KeychainStore[] = [];
  const open = (...args: Parameters<typeof createKeychainStore>): KeychainStore => {
    const s = createKeychainStore(...args);
    stores.push(s);
    return s;
  };
  afterAll(() => stores.forEach((s) => s.close()));

  it('round-trips a source through the Secret Service, visible to secret-tool', async () => {
    const store = open();
    const name = `${run}-dev`;
    await store.setSource(name, source);
    expect(await store.getSource(name)).toEqual(source);
    expect(await store.listSources()).toContain(name);

    const shown = secretToolSearch('Rolecall');
    expect(shown).toContain(`attribute.username = source:${name}`);
    expect(shown).toContain(`secret = ${JSON.stringify(source)}`);

    expect(await store.deleteSource(name)).toBe(true);
    expect(await store.deleteSource(name)).toBe(false);
    expect(await store.getSource(name)).toBeUndefined();
    expect(await store.listSources()).not.toContain(name);
    expect(secretToolSearch('Rolecall')).not.toContain(`source:${name}`);
  });

  it('persists beyond the worker that wrote it (so it is not in the per-process keyutils)', async () => {
    const name = `${run}-persist`;
    const writer = open();
    await writer.setSource(name, source);
    writer.close();
    const reader = open();
    expect(await reader.getSource(name)).toEqual(source);
    expect(await reader.deleteSource(name)).toBe(true);
  });

  it('keeps MFA sessions as their own items, outside the source listing', async () => {
    const store = open();
    const name = `${run}-mfa`;
    const session: MfaSessionSecret = {
      accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
      secretAccessKey: source.secretAccessKey,
      sessionToken: 'FwoGZXIvYXdzEXAMPLE//token+with/slashes==',
      expiration: '2030-01-01T00:00:00.000Z',
      sourceProfile: name,
      mfaSerial: 'arn:aws:iam::123456789012:mfa/alice',
    };
    await store.setMfaSession(name, session);
    expect(await store.getMfaSession(name)).toEqual(session);
    expect(await store.listSources()).not.toContain(name);
    expect(secretToolSearch('Rolecall')).toContain(`attribute.username = mfa-session:${name}`);
    expect(await store.deleteMfaSession(name)).toBe(true);
    expect(await store.getMfaSession(name)).toBeUndefined();
  });

  it('uses a separate service name when asked, leaving Rolecall items alone', async () => {
    const service = `RolecallTest-${run}`;
    const store = open({ service });
    await store.setSource('x', source);
    expect(secretToolSearch(service)).toContain('attribute.username = source:x');
    expect(secretToolSearch('Rolecall')).not.toContain(`service = ${service}`);
    expect(await store.deleteSource('x')).toBe(true);
  });

  it('lets a CLI exit while its worker idles, and the worker then exits too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-kc-cli-'));
    const script = join(dir, 'cli.mts');
    const storeModule = resolve(__dirname, '../../electron/core/keychain/keychain-store.ts');
    const launcherModule = resolve(__dirname, '../../electron/core/keychain/worker-launcher.ts');
    writeFileSync(
      script,
      `import { createKeychainStore } from ${JSON.stringify(storeModule)};
import { createNodeWorkerLauncher } from ${JSON.stringify(launcherModule)};
const base = createNodeWorkerLauncher();
let pid;
const store = createKeychainStore({ launcher: { launch() { const h = base.launch(); pid = h.pid; return h; } } });
await store.setSource(${JSON.stringify(`${run}-cli`)}, ${JSON.stringify(source)});
const got = await store.getSource(${JSON.stringify(`${run}-cli`)});
await store.deleteSource(${JSON.stringify(`${run}-cli`)});
console.log(JSON.stringify({ same: got?.secretAccessKey === ${JSON.stringify(source.secretAccessKey)}, pid }));
`,
    );
    // the script exits on its own (status 0) only if the idle worker does not hold it open; held
    // open, it would be killed by this hang limit instead
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: resolve(__dirname, '../..'), encoding: 'utf8', timeout: 45_000 });
    expect(r.signal, 'the process had to be killed: something held it open').toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim()) as { same: boolean; pid: number };
    expect(out.same).toBe(true);
    // The worker leaves when its parent's channel closes.
    const deadline = Date.now() + 10_000; // a hang limit, not a speed check
    let alive = true;
    while (alive && Date.now() < deadline) {
      try {
        process.kill(out.pid, 0);
        spawnSync('sleep', ['0.05']);
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
  });

  it.skipIf(!existsSync(BUNDLED_WORKER))('works with the bundled worker in out/cli', async () => {
    const store = open({ launcher: createNodeWorkerLauncher({ workerPath: BUNDLED_WORKER }) });
    const name = `${run}-bundled`;
    await store.setSource(name, source);
    expect(await store.getSource(name)).toEqual(source);
    expect(await store.deleteSource(name)).toBe(true);
  });
});
