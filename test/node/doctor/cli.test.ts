/**
 * `rolecall doctor` as a user runs it: the built CLI, the real keychain (its own service name), temp
 * AWS files and a loopback server standing in for STS's clock via AWS_ENDPOINT_URL_STS.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { missing } from '../../fixtures/components';
import { KEY_ID, SECRET, createDesk, startDateServer, type Desk } from './desk';

const BIN = resolve('bin/rolecall.cjs');

function doctor(desk: Desk, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'doctor', ...args], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: desk.home,
        AWS_CONFIG_FILE: desk.configFile,
        AWS_SHARED_CREDENTIALS_FILE: desk.credentialsFile,
        ROLECALL_HOME: desk.appDataDir,
        ROLECALL_KEYCHAIN_SERVICE: `Rolecall-doctor-${process.pid}`,
        ...(process.env.DBUS_SESSION_BUS_ADDRESS ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS } : {}),
        ...(process.env.XDG_RUNTIME_DIR ? { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR } : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe.skipIf(missing('keyring'))('rolecall doctor', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  it('--json: warnings only → exit 0; asks STS at AWS_ENDPOINT_URL_STS for its Date without signing', async () => {
    const desk = createDesk({ config: '[default]\nregion = eu-west-1\n', credentials: `[dev]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`, credentialsMode: 0o644 });
    cleanup.push(() => rmSync(desk.home, { recursive: true, force: true }));
    const sts = await startDateServer(0);
    cleanup.push(() => sts.close());
    const r = await doctor(desk, ['--json'], { AWS_ENDPOINT_URL_STS: sts.url, AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const checks = JSON.parse(r.stdout) as Array<{ id: string; status: string; fix?: string }>;
    const status = Object.fromEntries(checks.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({ state: 'ok', keychain: 'ok', 'file-mode:credentials': 'warn', 'plaintext-keys': 'warn', 'env-credentials': 'warn', clock: 'ok' });
    expect(checks.find((c) => c.id === 'file-mode:credentials')!.fix).toBe(`chmod 600 ${desk.credentialsFile}`);
    expect(r.stdout).not.toContain(SECRET);
    expect(sts.requests).toHaveLength(1);
    expect(sts.requests[0]!.method).toBe('GET');
    expect(sts.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('a failing check → exit 1 and a readable report with each fix; an unreachable STS is only a warning', async () => {
    const desk = createDesk({ config: '[default]\ncredential_process = /bin/false\n', credentials: '' });
    cleanup.push(() => rmSync(desk.home, { recursive: true, force: true }));
    const r = await doctor(desk, [], { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}Profile "default" \(it is the default target profile\) is shadowed/m);
    expect(r.stdout).toMatch(/^ {6}fix: Remove credential_process from \[default\]/m);
    expect(r.stdout).toMatch(/^WARN {2}Could not reach STS at 127\.0\.0\.1:9 to compare clocks/m);
    expect(r.stdout).toMatch(/\d+ checks: \d+ ok, 1 warning, 1 failure\.\n$/);
  });
});
