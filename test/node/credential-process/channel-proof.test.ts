/**
 * #13 medium 2: the channel cannot be squatted. On Windows the pipe name is random per start and
 * lives only in the owner-only token file; the server proves it holds the token by answering the
 * client's nonce with an HMAC (refused requests included), so a process at the channel without the
 * token is "no app"; and a quit removes the token file synchronously.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { rm } from 'node:fs/promises';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelPaths } from '../../../electron/core/credential-process/channel-paths';
import { requestFromApp } from '../../../electron/core/credential-process/client';
import { startCredentialServer, type CredentialServer } from '../../../electron/core/credential-process/server';
import { newChannelId, newToken, proofValid, readChannelFile, serverProof, writeTokenFile } from '../../../electron/core/credential-process/token-file';
import { fakeCore, rawExchange, sessionCreds, tempAppDir } from './helpers';

let app: { dir: string; cleanup(): Promise<void> };
let server: CredentialServer | undefined;
beforeEach(async () => {
  app = await tempAppDir();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await app.cleanup();
});

describe('channel names', () => {
  it('a Windows pipe is named only by the random id from the token file, never by the user or folder', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (dir) => {
        const id = newChannelId();
        expect(channelPaths(dir, 'win32', id).socketPath).toBe(`\\\\.\\pipe\\rolecall-${id}`);
        expect(channelPaths(dir, 'win32').socketPath).toBe('');
      }),
    );
    expect(newChannelId()).not.toBe(newChannelId());
  });

  it('the token file carries the channel id, and a file with anything else is no token file', async () => {
    const { tokenPath } = channelPaths(app.dir);
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(app.dir, { recursive: true, mode: 0o700 });
    const token = newToken();
    const id = newChannelId();
    await writeTokenFile(tokenPath, token, id);
    expect(await readChannelFile(tokenPath)).toEqual({ token, channel: id });
    for (const bad of [`${token}\nnot-an-id\n`, `${token}\n${id}\nmore\n`, `${id}\n${token}\n`]) {
      await writeFile(tokenPath, bad);
      expect(await readChannelFile(tokenPath)).toBeUndefined();
    }
  });

  it('requests from a Windows client without a channel id in the token file find no app', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(app.dir, { recursive: true, mode: 0o700 });
    await writeTokenFile(channelPaths(app.dir).tokenPath, newToken());
    expect(await requestFromApp({ dir: app.dir, profile: 'a', platform: 'win32' })).toEqual({ unavailable: true, reason: 'the token file names no channel' });
  });
});

describe.skipIf(process.platform === 'win32')('the server proves it holds the token', () => {
  it('answers every nonce with HMAC(token, nonce), refused requests included', async () => {
    server = await startCredentialServer(fakeCore(async () => sessionCreds()), { dir: app.dir });
    const token = readFileSync(server.tokenPath, 'utf8').trim();
    for (const body of [{ token, profile: 'admin' }, { token: newToken(), profile: 'admin' }, { token, profile: 'admin', extra: 1 }]) {
      const nonce = newChannelId();
      const r = JSON.parse(await rawExchange(server.socketPath, `${JSON.stringify({ ...body, nonce })}\n`)) as { proof?: string };
      expect(r.proof).toBe(serverProof(token, nonce));
      expect(proofValid(token, nonce, r.proof)).toBe(true);
      expect(proofValid(token, newChannelId(), r.proof)).toBe(false);
    }
  });

  it('a squatter listening where the socket was, with a stale token file, is refused: the CLI falls back as with no app', async () => {
    server = await startCredentialServer(fakeCore(async () => sessionCreds()), { dir: app.dir });
    const { socketPath, tokenPath } = server;
    const stale = readFileSync(tokenPath, 'utf8');
    await server.close();
    server = undefined;
    // the app is gone; its token file is back (a crash leaves it), and another process took the socket path
    const { writeFile } = await import('node:fs/promises');
    await writeFile(tokenPath, stale, { mode: 0o600 });
    const seen: string[] = [];
    const squatter = createServer((socket) => {
      socket.on('data', (c: Buffer) => {
        seen.push(c.toString('utf8'));
        socket.end(`${JSON.stringify({ ok: true, output: { Version: 1, AccessKeyId: 'ASIAEVIL', SecretAccessKey: 's', SessionToken: 't', Expiration: '2030-01-01T00:00:00.000Z' } })}\n`);
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((r) => squatter.listen(socketPath, r));
    try {
      expect(await requestFromApp({ dir: app.dir, profile: 'admin', timeoutMs: 5000 })).toMatchObject({ unavailable: true });
      expect(seen).toHaveLength(1);
    } finally {
      await new Promise<void>((r) => squatter.close(() => r()));
      await rm(tokenPath, { force: true });
    }
  });

  it('removeTokenFileSync removes the token file before returning, and then no app is found', async () => {
    server = await startCredentialServer(fakeCore(async () => sessionCreds()), { dir: app.dir });
    expect(existsSync(server.tokenPath)).toBe(true);
    server.removeTokenFileSync();
    expect(existsSync(server.tokenPath)).toBe(false);
    expect(await requestFromApp({ dir: app.dir, profile: 'admin' })).toEqual({ unavailable: true, reason: 'no readable token file' });
  });
});
