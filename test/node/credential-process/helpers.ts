/** Shared helpers for the credential_process tests: temp app dirs, fake cores, raw socket exchanges. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RolecallCore, SessionCredentials } from '../../../electron/core/facade/app-core-types';

export async function tempAppDir(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  // Short base path: Unix socket paths are limited to ~104 bytes.
  const base = await mkdtemp(join(tmpdir(), 'rc-cp-'));
  return { dir: join(base, 'app'), cleanup: () => rm(base, { recursive: true, force: true }) };
}

export function sessionCreds(overrides: Partial<SessionCredentials> = {}): SessionCredentials {
  return {
    accessKeyId: 'ASIATESTKEY0000001',
    secretAccessKey: 'temp-secret',
    sessionToken: 'temp-token',
    expiration: new Date('2030-01-01T00:00:00Z'),
    kind: 'assumed-role-direct',
    identityArn: 'arn:aws:sts::123456789012:assumed-role/Admin/rolecall',
    ...overrides,
  };
}

export type CoreCall = { profile: string; opts: Parameters<RolecallCore['credentialsFor']>[1] };

/** A core whose credentialsFor is a function of the profile, recording every call. */
export function fakeCore(answer: (profile: string) => Promise<SessionCredentials>): Pick<RolecallCore, 'credentialsFor'> & { calls: CoreCall[] } {
  const calls: CoreCall[] = [];
  return {
    calls,
    credentialsFor(profile, opts) {
      calls.push({ profile, opts });
      return answer(profile);
    },
  };
}

/** Writes `data` to the socket (optionally half-closing) and collects everything the server sends back. */
export function rawExchange(socketPath: string, data: string | Buffer, opts: { end?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // The server may drop an abusive client while it is still writing: what it sent still counts.
      if (e.code === 'EPIPE' || e.code === 'ECONNRESET') return;
      reject(e);
    });
    socket.once('connect', () => {
      if (opts.end) socket.end(data);
      else socket.write(data);
    });
  });
}

/** A socket file with no server behind it, as a SIGKILLed app leaves it (Node unlinks on a clean close). */
export async function leaveStaleSocket(dir: string, socketPath: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}
