import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, stat } from 'node:fs/promises';
import { channelPaths } from '../../../electron/core/credential-process/channel-paths';
import { startCredentialServer, type CredentialServer } from '../../../electron/core/credential-process/server';
import { requestFromApp } from '../../../electron/core/credential-process/client';
import { MAX_REQUEST_BYTES } from '../../../electron/core/credential-process/protocol';
import { RolecallError } from '../../../electron/core/errors';
import { fakeCore, leaveStaleSocket, rawExchange, sessionCreds, tempAppDir } from './helpers';

const posix = process.platform !== 'win32';
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

const ok = fakeCore(async () => sessionCreds());

async function token(): Promise<string> {
  return (await readFile(server!.tokenPath, 'utf8')).trim();
}

async function send(body: unknown): Promise<{ ok: boolean; error?: { code: string; message: string; action?: string }; output?: unknown }> {
  const text = await rawExchange(server!.socketPath, `${typeof body === 'string' ? body : JSON.stringify(body)}\n`);
  expect(text.endsWith('\n')).toBe(true);
  return JSON.parse(text);
}

describe('credential server', () => {
  it('round trip: the client gets credential_process output from the core, asked with promptForMfa', async () => {
    const core = fakeCore(async () => sessionCreds());
    server = await startCredentialServer(core, { dir: app.dir });
    const answer = await requestFromApp({ dir: app.dir, profile: 'admin', timeoutMs: 5000 });
    expect(answer).toEqual({
      ok: true,
      output: { Version: 1, AccessKeyId: 'ASIATESTKEY0000001', SecretAccessKey: 'temp-secret', SessionToken: 'temp-token', Expiration: '2030-01-01T00:00:00.000Z' },
    });
    expect(core.calls).toEqual([
      { profile: 'admin', opts: { minRemainingSeconds: 960, promptForMfa: true, prompt: { requestedBy: 'credential_process for profile admin', signal: expect.any(AbortSignal), unattended: true } } },
    ]);
  });

  it('passes minRemainingSeconds through and accepts a half-closed request without a newline', async () => {
    const core = fakeCore(async () => sessionCreds());
    server = await startCredentialServer(core, { dir: app.dir });
    const text = await rawExchange(server.socketPath, JSON.stringify({ token: await token(), profile: 'p', minRemainingSeconds: 1200 }), { end: true });
    expect(JSON.parse(text).ok).toBe(true);
    expect(core.calls[0]!.opts.minRemainingSeconds).toBe(1200);
  });

  it('caps minRemainingSeconds at 45 minutes, under a chained role session, whatever the caller asks (#13 medium 5)', async () => {
    const core = fakeCore(async () => sessionCreds());
    server = await startCredentialServer(core, { dir: app.dir });
    for (const asked of [2700, 2701, 3600, 43_200]) {
      const text = await rawExchange(server.socketPath, `${JSON.stringify({ token: await token(), profile: 'p', minRemainingSeconds: asked })}\n`);
      expect(JSON.parse(text).ok).toBe(true);
    }
    expect(core.calls.map((c) => c.opts.minRemainingSeconds)).toEqual([2700, 2700, 2700, 2700]);
  });

  it('rejects a missing or wrong token without calling the core', async () => {
    const core = fakeCore(async () => sessionCreds());
    server = await startCredentialServer(core, { dir: app.dir });
    const good = await token();
    const wrong = good.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    for (const body of [{ profile: 'admin' }, { token: wrong, profile: 'admin' }, { token: good.slice(0, 63), profile: 'admin' }, { token: 42, profile: 'admin' }, [good]]) {
      const r = await send(body);
      expect(r.ok).toBe(false);
      expect(r.error!.code).toBe('AccessDenied');
    }
    expect(core.calls).toHaveLength(0);
  });

  it('rejects malformed JSON, unknown fields and bad field types', async () => {
    const core = fakeCore(async () => sessionCreds());
    server = await startCredentialServer(core, { dir: app.dir });
    const t = await token();
    expect((await send('{not json')).error!.code).toBe('InvalidInput');
    const unknown = await send({ token: t, profile: 'admin', extra: true });
    expect(unknown.error).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/unknown field.*extra/) });
    for (const body of [{ token: t }, { token: t, profile: '' }, { token: t, profile: 'a\nb' }, { token: t, profile: 'a', minRemainingSeconds: -1 }, { token: t, profile: 'a', minRemainingSeconds: '900' }]) {
      expect((await send(body)).error!.code, JSON.stringify(body)).toBe('InvalidInput');
    }
    expect(core.calls).toHaveLength(0);
  });

  it('rejects a request larger than 4 KB, even one that never sends a newline', async () => {
    server = await startCredentialServer(ok, { dir: app.dir });
    const big = JSON.stringify({ token: await token(), profile: 'x'.repeat(MAX_REQUEST_BYTES) });
    const text = await rawExchange(server.socketPath, big);
    expect(JSON.parse(text).error).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/larger than 4096/) });
    const endless = await rawExchange(server.socketPath, Buffer.alloc(64 * 1024, 0x41));
    expect(JSON.parse(endless).error.code).toBe('InvalidInput');
  });

  it('drops a client that does not send its request in time', async () => {
    server = await startCredentialServer(ok, { dir: app.dir, requestTimeoutMs: 50 });
    const text = await rawExchange(server.socketPath, '{"token":');
    expect(JSON.parse(text).error).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/in time/) });
  });

  it('maps core errors to {code, message, action}, and unknown errors to a generic Internal', async () => {
    const core = fakeCore(async (profile) => {
      if (profile === 'nope') throw new RolecallError('ProfileNotFound', 'The profile "nope" does not exist.', { action: 'Check the name.' });
      throw new Error('raw SDK failure with secret-ish detail AKIA...');
    });
    server = await startCredentialServer(core, { dir: app.dir });
    expect(await requestFromApp({ dir: app.dir, profile: 'nope' })).toEqual({
      ok: false,
      error: { code: 'ProfileNotFound', message: 'The profile "nope" does not exist.', action: 'Check the name.' },
    });
    const other = await requestFromApp({ dir: app.dir, profile: 'boom' });
    expect(other).toMatchObject({ ok: false, error: { code: 'Internal' } });
    expect(JSON.stringify(other)).not.toContain('secret-ish');
  });

  it('never hands out long-term keys, even if the core returned some', async () => {
    const core = fakeCore(async () => sessionCreds({ accessKeyId: 'AKIALONGTERM000001', sessionToken: '' }));
    server = await startCredentialServer(core, { dir: app.dir });
    const r = await requestFromApp({ dir: app.dir, profile: 'admin' });
    expect(r).toMatchObject({ ok: false, error: { code: 'Internal' } });
    expect(JSON.stringify(r)).not.toContain('temp-secret');
  });

  it('serves ten concurrent requests in parallel, one core call each; a single-flighting core resolves once', async () => {
    let resolves = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let flight: Promise<ReturnType<typeof sessionCreds>> | undefined;
    const core = fakeCore(() => {
      flight ??= (async () => {
        resolves += 1;
        await gate;
        return sessionCreds();
      })();
      return flight;
    });
    server = await startCredentialServer(core, { dir: app.dir });
    const answers = Promise.all(Array.from({ length: 10 }, () => requestFromApp({ dir: app.dir, profile: 'admin', timeoutMs: 10_000 })));
    // Not serialised: all ten reach the core while the first is still waiting (e.g. on the MFA popup).
    await expect.poll(() => core.calls.length, { timeout: 5000 }).toBe(10);
    release();
    const results = await answers;
    expect(results.every((r) => 'ok' in r && r.ok)).toBe(true);
    expect(core.calls).toHaveLength(10);
    expect(resolves).toBe(1);
  });
});

describe.skipIf(!posix)('credential server files', () => {
  it('dir 0700, socket 0600, token 0600 with 64 hex chars; a new token on each start; close cleans up', async () => {
    server = await startCredentialServer(ok, { dir: app.dir });
    expect((await stat(app.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(server.socketPath)).mode & 0o777).toBe(0o600);
    expect((await stat(server.socketPath)).isSocket()).toBe(true);
    expect((await stat(server.tokenPath)).mode & 0o777).toBe(0o600);
    const first = await token();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const { socketPath, tokenPath } = server;
    await server.close();
    await expect(stat(socketPath)).rejects.toThrow();
    await expect(stat(tokenPath)).rejects.toThrow();
    server = await startCredentialServer(ok, { dir: app.dir });
    expect(await token()).not.toBe(first);
  });

  it('tightens an existing app data dir to 0700', async () => {
    const { mkdir, chmod } = await import('node:fs/promises');
    await mkdir(app.dir, { recursive: true });
    await chmod(app.dir, 0o755);
    server = await startCredentialServer(ok, { dir: app.dir });
    expect((await stat(app.dir)).mode & 0o777).toBe(0o700);
  });

  it('removes a stale socket file nobody answers on (left by a killed app)', async () => {
    const { socketPath } = channelPaths(app.dir);
    await leaveStaleSocket(app.dir, socketPath);
    expect((await stat(socketPath)).isSocket()).toBe(true);
    server = await startCredentialServer(ok, { dir: app.dir });
    expect(await requestFromApp({ dir: app.dir, profile: 'admin' })).toMatchObject({ ok: true });
  });

  it('refuses to start while another instance answers on the socket', async () => {
    server = await startCredentialServer(ok, { dir: app.dir });
    await expect(startCredentialServer(ok, { dir: app.dir })).rejects.toMatchObject({ code: 'FileLocked' });
    expect(await requestFromApp({ dir: app.dir, profile: 'admin' })).toMatchObject({ ok: true });
  });
});
