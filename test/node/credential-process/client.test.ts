import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { requestFromApp } from '../../../electron/core/credential-process/client';
import { channelPaths } from '../../../electron/core/credential-process/channel-paths';
import { newToken, serverProof, writeTokenFile } from '../../../electron/core/credential-process/token-file';
import { leaveStaleSocket, tempAppDir } from './helpers';

let app: { dir: string; cleanup(): Promise<void> };
let paths: ReturnType<typeof channelPaths>;
let fake: Server | undefined;

beforeEach(async () => {
  app = await tempAppDir();
  paths = channelPaths(app.dir);
  await mkdir(app.dir, { recursive: true, mode: 0o700 });
});
afterEach(async () => {
  if (fake) await new Promise<void>((r) => fake!.close(() => r()));
  fake = undefined;
  await app.cleanup();
});

/** A scripted stand-in for the app's server: `onLine` decides what (if anything) to send back. */
async function scriptedServer(onLine: (line: string, socket: Socket) => void): Promise<void> {
  fake = createServer((socket) => {
    let buf = '';
    socket.on('data', (c: Buffer) => {
      buf += c.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl !== -1) onLine(buf.slice(0, nl), socket);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => fake!.listen(paths.socketPath, r));
  await chmod(paths.socketPath, 0o600);
}

/** A response line as the app sends it: `body` with the proof for the request's nonce under `token`. */
function proved(line: string, token: string, body: object): string {
  const { nonce } = JSON.parse(line) as { nonce: string };
  return `${JSON.stringify({ ...body, proof: serverProof(token, nonce) })}\n`;
}

const output = { Version: 1, AccessKeyId: 'ASIAX', SecretAccessKey: 's', SessionToken: 't', Expiration: '2030-01-01T00:00:00.000Z' };

describe('requestFromApp', () => {
  it('is unavailable without a token file, without a socket, or on a stale socket', async () => {
    expect(await requestFromApp({ dir: `${app.dir}/missing`, profile: 'a' })).toMatchObject({ unavailable: true });
    await writeTokenFile(paths.tokenPath, newToken());
    expect(await requestFromApp({ dir: app.dir, profile: 'a' })).toMatchObject({ unavailable: true, reason: 'no socket' });
    await leaveStaleSocket(app.dir, paths.socketPath);
    expect(await requestFromApp({ dir: app.dir, profile: 'a' })).toEqual({ unavailable: true, reason: 'ECONNREFUSED' });
  });

  it('is unavailable when the app closes the connection without an answer', async () => {
    await writeTokenFile(paths.tokenPath, newToken());
    await scriptedServer((_line, socket) => socket.end());
    expect(await requestFromApp({ dir: app.dir, profile: 'a' })).toMatchObject({ unavailable: true });
  });

  it('sends token, profile and minRemainingSeconds 960 by default', async () => {
    const token = newToken();
    await writeTokenFile(paths.tokenPath, token);
    const seen: unknown[] = [];
    await scriptedServer((line, socket) => {
      seen.push(JSON.parse(line));
      socket.end(proved(line, token, { ok: true, output }));
    });
    expect(await requestFromApp({ dir: app.dir, profile: 'admin' })).toEqual({ ok: true, output });
    expect(seen).toEqual([{ token, nonce: expect.stringMatching(/^[0-9a-f]{32}$/), profile: 'admin', minRemainingSeconds: 960 }]);
  });

  it('retries once with the new token when the app restarted in between', async () => {
    const oldToken = newToken();
    const newer = newToken();
    await writeTokenFile(paths.tokenPath, oldToken);
    const tokens: string[] = [];
    await scriptedServer((line, socket) => {
      const { token } = JSON.parse(line) as { token: string };
      tokens.push(token);
      if (token !== newer) {
        void writeTokenFile(paths.tokenPath, newer).then(() => socket.end(proved(line, newer, { ok: false, error: { code: 'AccessDenied', message: 'no' } })));
      } else socket.end(proved(line, newer, { ok: true, output }));
    });
    expect(await requestFromApp({ dir: app.dir, profile: 'a' })).toEqual({ ok: true, output });
    expect(tokens).toEqual([oldToken, newer]);
  });

  it('returns an AccessDenied answer as is when the token did not change', async () => {
    const token = newToken();
    await writeTokenFile(paths.tokenPath, token);
    let n = 0;
    await scriptedServer((line, socket) => {
      n += 1;
      socket.end(proved(line, token, { ok: false, error: { code: 'AccessDenied', message: 'role trust says no', action: 'fix trust' } }));
    });
    expect(await requestFromApp({ dir: app.dir, profile: 'a' })).toEqual({ ok: false, error: { code: 'AccessDenied', message: 'role trust says no', action: 'fix trust' } });
    expect(n).toBe(1);
  });

  it('a squatter on the channel that cannot prove the token is no app: the CLI falls back (#13 medium 2)', async () => {
    const token = newToken();
    await writeTokenFile(paths.tokenPath, token); // stale: left by an app that crashed
    const squatter = newToken();
    const answers = [
      (line: string) => `${JSON.stringify({ ok: true, output })}\n`.replace(line, ''), // no proof at all
      (line: string) => proved(line, squatter, { ok: true, output }), // a proof under another token
      (line: string) => `${JSON.stringify({ ok: true, output, proof: serverProof(token, 'f'.repeat(32)) })}\n`.replace(line, ''), // replayed for another nonce
      (line: string) => proved(line, squatter, { ok: false, error: { code: 'MfaRequired', message: 'type your code into my window' } }),
    ];
    let i = 0;
    await scriptedServer((line, socket) => socket.end(answers[i++ % answers.length]!(line)));
    for (let n = 0; n < answers.length; n++) {
      expect(await requestFromApp({ dir: app.dir, profile: 'admin' })).toEqual({ unavailable: true, reason: expect.stringContaining('did not prove it holds the token') });
    }
  });

  it('times out with an error that points at the MFA prompt', async () => {
    await writeTokenFile(paths.tokenPath, newToken());
    await scriptedServer(() => undefined);
    const r = await requestFromApp({ dir: app.dir, profile: 'a', timeoutMs: 50 });
    expect(r).toMatchObject({ ok: false, error: { code: 'NetworkError', action: expect.stringMatching(/MFA prompt/) } });
  });

  it('rejects an answer it does not understand (including output without a session token)', async () => {
    await writeTokenFile(paths.tokenPath, newToken());
    const answers = ['garbage', JSON.stringify({ ok: true, output: { ...output, SessionToken: '' } }), JSON.stringify({ ok: true, output, extra: 1 })];
    await scriptedServer((_line, socket) => socket.end(`${answers.shift()}\n`));
    for (let i = 0; i < 3; i++) expect(await requestFromApp({ dir: app.dir, profile: 'a' })).toMatchObject({ ok: false, error: { code: 'Internal' } });
  });

  it.skipIf(process.platform === 'win32')('refuses to send the token into a folder others can write to', async () => {
    await writeTokenFile(paths.tokenPath, newToken());
    let connections = 0;
    await scriptedServer(() => undefined);
    fake!.on('connection', () => (connections += 1));
    await chmod(app.dir, 0o777);
    const r = await requestFromApp({ dir: app.dir, profile: 'a', timeoutMs: 1000 });
    await chmod(app.dir, 0o700);
    expect(r).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
    expect(connections).toBe(0);
  });

  it('a regular file where the socket should be counts as no app', async () => {
    await writeTokenFile(paths.tokenPath, newToken());
    await writeFile(paths.socketPath, 'not a socket');
    expect(await requestFromApp({ dir: app.dir, profile: 'a' })).toMatchObject({ unavailable: true });
  });
});
