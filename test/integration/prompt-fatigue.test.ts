/**
 * #13 medium 5 through the real socket, the real core and the loopback STS: a same-user process
 * cannot make every call reopen the MFA popup (minRemainingSeconds is capped), cannot queue prompts
 * by connecting and disconnecting (a gone caller leaves the queue), cannot reopen a prompt right
 * after the user cancelled it (cool-down, on the injected clock), and the popup says who asked.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { missing } from '../fixtures/components';
import { MFA_SERIAL, createWorld, type World } from '../fixtures/core-harness';
import { startCredentialServer, type CredentialServer } from '../../electron/core/credential-process/server';
import { MFA_COOL_DOWN_SECONDS } from '../../electron/core/sessions/mfa-broker';
import type { SessionEvent } from '../../electron/core/sessions/types';

type Core = Awaited<ReturnType<World['core']>>;

/** Sends one request with the app's token; `answer` resolves with the parsed response line. */
function ask(server: CredentialServer, profile: string, extra: Record<string, unknown> = {}): { socket: Socket; answer: Promise<{ ok: boolean; error?: { code: string; message: string } }> } {
  const token = readFileSync(server.tokenPath, 'utf8').trim();
  const socket = connect(server.socketPath);
  const answer = new Promise<{ ok: boolean; error?: { code: string; message: string } }>((resolve, reject) => {
    let data = '';
    socket.on('data', (c: Buffer) => (data += c.toString('utf8')));
    socket.on('close', () => (data ? resolve(JSON.parse(data.split('\n')[0]!)) : reject(new Error('closed without an answer'))));
    socket.on('error', () => undefined);
  });
  socket.once('connect', () => socket.write(`${JSON.stringify({ token, profile, ...extra })}\n`));
  return { socket, answer };
}

/** The next core event matching `pick`. */
function next(core: Core, pick: (e: SessionEvent) => boolean): Promise<SessionEvent> {
  return new Promise((resolve) => {
    const off = core.on((e) => {
      if (!pick(e)) return;
      off();
      resolve(e);
    });
  });
}

const isType = (t: SessionEvent['type']) => (e: SessionEvent) => e.type === t;

describe.skipIf(missing('keyring'))('MFA prompt fatigue through the credential_process socket', () => {
  let world: World;
  let core: Core;
  let server: CredentialServer;
  let prompts: SessionEvent[];
  beforeEach(async () => {
    world = await createWorld();
    core = await world.core();
    await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
    prompts = [];
    core.on((e) => {
      if (e.type === 'mfa-required') prompts.push(e);
    });
    server = await startCredentialServer(core, { dir: world.appDataDir });
  });
  afterEach(async () => {
    await server.close();
    await world.close();
  });

  it('asking for 12 hours left cannot make every call reopen the prompt; the prompt names the command', async () => {
    const required = next(core, isType('mfa-required'));
    const first = ask(server, 'admin', { minRemainingSeconds: 43_200 });
    const e = await required;
    expect(e).toMatchObject({ request: { mfaSerial: MFA_SERIAL, profiles: ['admin'], requestedBy: ['credential_process for profile admin'] } });
    await core.submitMfaCode(MFA_SERIAL, world.sts.totp(MFA_SERIAL));
    expect((await first.answer).ok).toBe(true);
    for (const profile of ['admin', 'readonly', 'admin']) {
      const r = await ask(server, profile, { minRemainingSeconds: 43_200 }).answer;
      expect(r.ok).toBe(true);
    }
    expect(prompts).toHaveLength(1);
  });

  it('callers that disconnect leave the queue; the prompt closes when none is left', async () => {
    const required = next(core, isType('mfa-required'));
    const a = ask(server, 'admin');
    await required;
    const joined = next(core, (e) => e.type === 'mfa-updated' && e.request.profiles.length === 2);
    const b = ask(server, 'readonly');
    await joined;
    const left = next(core, (e) => e.type === 'mfa-updated' && e.request.profiles.join() === 'readonly');
    a.answer.catch(() => undefined);
    b.answer.catch(() => undefined);
    a.socket.destroy();
    await left;
    const resolved = next(core, isType('mfa-resolved'));
    b.socket.destroy();
    await resolved;
    expect(core.pendingMfa()).toEqual([]);
    await expect(core.submitMfaCode(MFA_SERIAL, world.sts.totp(MFA_SERIAL))).rejects.toMatchObject({ code: 'NoPendingMfa' });
  });

  it('after a cancel, socket requests are refused with a clear error until the cool-down has passed', async () => {
    const required = next(core, isType('mfa-required'));
    const first = ask(server, 'admin');
    await required;
    core.cancelMfa(MFA_SERIAL);
    expect(await first.answer).toMatchObject({ ok: false, error: { code: 'MfaRequired' } });
    for (const profile of ['admin', 'readonly']) {
      const r = await ask(server, profile).answer;
      expect(r).toMatchObject({ ok: false, error: { code: 'MfaRequired', message: expect.stringContaining('was just cancelled') } });
    }
    expect(prompts).toHaveLength(1);
    await world.clock.advance((MFA_COOL_DOWN_SECONDS - 1) * 1000);
    expect(await ask(server, 'admin').answer).toMatchObject({ ok: false, error: { message: expect.stringContaining('for 1 s') } });
    await world.clock.advance(1000);
    const again = next(core, isType('mfa-required'));
    const last = ask(server, 'admin');
    await again;
    expect(prompts).toHaveLength(2);
    await core.submitMfaCode(MFA_SERIAL, world.sts.totp(MFA_SERIAL));
    expect((await last.answer).ok).toBe(true);
  });
});
