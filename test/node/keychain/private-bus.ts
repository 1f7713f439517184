/**
 * Private D-Bus session buses for the keychain failure-mode tests: one with no Secret Service
 * provider at all, one where gnome-keyring is D-Bus-activated on a fresh (or given) data directory,
 * so "no keyring", "locked" and "unlocked" can each be set up beside the suite's own test keyring.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NO_SERVICES_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`;

export interface PrivateBus {
  /** Environment for a process on this bus (no display, so an unlock prompt is dismissed at once). */
  env: NodeJS.ProcessEnv;
  dataHome: string;
  stop(): Promise<void>;
}

/** Starts a session bus; `secretService: false` gives a bus on which nothing provides org.freedesktop.secrets. */
export async function startPrivateBus(opts: { secretService: boolean; dataHome?: string }): Promise<PrivateBus> {
  const scratch = mkdtempSync(join(tmpdir(), 'rolecall-bus-'));
  const runtime = join(scratch, 'run');
  const dataHome = opts.dataHome ?? join(scratch, 'data');
  mkdirSync(runtime, { mode: 0o700 });
  mkdirSync(dataHome, { recursive: true });
  chmodSync(runtime, 0o700);
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: dataHome };
  for (const v of ['DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS']) delete env[v];
  let config = '--session';
  if (!opts.secretService) {
    const file = join(scratch, 'no-services.conf');
    writeFileSync(file, NO_SERVICES_CONFIG);
    config = `--config-file=${file}`;
  }
  const daemon = spawn('dbus-daemon', [config, '--nofork', '--print-address=1'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    daemon.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line.trim());
    });
    daemon.on('error', reject);
    daemon.on('exit', (code) => reject(new Error(`dbus-daemon exited (${code})`)));
  });
  env.DBUS_SESSION_BUS_ADDRESS = address;
  return {
    env,
    dataHome,
    async stop() {
      if (daemon.exitCode === null && daemon.signalCode === null) {
        const exited = new Promise((r) => daemon.once('exit', r));
        daemon.kill('SIGTERM');
        await exited;
      }
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** Creates (first time) and unlocks the login keyring on `bus` with `password`. */
export function unlockKeyring(bus: PrivateBus, password: string): void {
  const r = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], { env: bus.env, input: password, stdio: ['pipe', 'ignore', 'ignore'] });
  if (r.status !== 0) throw new Error(`gnome-keyring-daemon --unlock failed (${r.status})`);
}

/** Locks the login keyring through the Secret Service API, as a screen lock or timeout would. */
export function lockKeyring(bus: PrivateBus): void {
  const r = spawnSync(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login'],
    { env: bus.env, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`locking the keyring failed: ${r.stderr}`);
}

/** What `secret-tool search --all service <service>` shows on the given environment's bus. */
export function secretToolSearch(service: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync('secret-tool', ['search', '--all', 'service', service], { env, encoding: 'utf8' });
  return `${r.stdout}\n${r.stderr}`;
}
