import { describe, expect, expectTypeOf, it } from 'vitest';
import type { IpcMain } from 'electron';
import { createHandlers } from '../../../electron/main/ipc-handlers';
import { dispatch } from '../../../electron/main/ipc-dispatch';
import { registerIpc, type IpcMainLike } from '../../../electron/main/ipc-register';
import type { SenderLike } from '../../../electron/main/trusted-sender';
import { REQUEST_CHANNELS, type Result } from '../../../electron/shared/ipc';
import { fakeCore } from './fakes';

type Listener = (event: SenderLike, ...args: unknown[]) => Promise<Result<unknown>>;

function fakeIpcMain() {
  const registered = new Map<string, Listener>();
  const ipc = {
    handle(channel: string, listener: Listener) {
      if (registered.has(channel)) throw new Error(`second handler for ${channel}`);
      registered.set(channel, listener);
    },
    removeHandler(channel: string) {
      registered.delete(channel);
    },
  } satisfies IpcMainLike;
  return { ipc, registered };
}

const trusted: SenderLike = { sender: { id: 1 }, senderFrame: { url: 'file:///app/out/renderer/index.html', parent: null } };
const stranger: SenderLike = { sender: { id: 2 }, senderFrame: { url: 'https://evil.example/', parent: null } };

function setup() {
  const fake = fakeCore();
  const handlers = createHandlers(fake.core, { appInfo: () => ({ name: 'R', version: '0', platform: 'linux', versions: { electron: '', chrome: '', node: '' }, paths: { configFile: '', credentialsFile: '', appDataDir: '' } }), capabilities: { console: false } });
  const { ipc, registered } = fakeIpcMain();
  const refused: Array<[string, string | undefined]> = [];
  const unregister = registerIpc(ipc, handlers, { isTrustedSender: (e) => e.sender.id === 1, onRefused: (c, u) => refused.push([c, u]) });
  return { fake, registered, refused, unregister, handlers };
}

describe('registerIpc', () => {
  it('takes the real ipcMain (type-level)', () => {
    expectTypeOf<IpcMain>().toMatchTypeOf<IpcMainLike>();
  });

  it('registers every channel once and removes them all again', () => {
    const { registered, unregister } = setup();
    expect([...registered.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    unregister();
    expect(registered.size).toBe(0);
  });

  it('answers a trusted sender through the handler', async () => {
    const { registered, fake } = setup();
    const r = await registered.get('sessions:refresh')!(trusted, { target: 'default' });
    expect(r).toMatchObject({ ok: true, value: { target: 'default' } });
    expect(fake.calls.map((c) => c.method)).toEqual(['refresh']);
  });

  it('refuses an untrusted sender before parsing or calling the core', async () => {
    const { registered, fake, refused } = setup();
    for (const channel of REQUEST_CHANNELS) {
      const r = await registered.get(channel)!(stranger, { target: 'default' });
      expect(r).toEqual({ ok: false, error: { code: 'InvalidInput', message: expect.stringMatching(/own windows/) } });
    }
    expect(fake.calls).toEqual([]);
    expect(refused[0]).toEqual(['profiles:list', 'https://evil.example/']);
  });

  it('refuses malformed payloads with InvalidInput and never reaches the core', async () => {
    const { registered, fake } = setup();
    const r = await registered.get('mfa:submit')!(trusted, { mfaSerial: 's', code: 123456 });
    expect(r).toEqual({ ok: false, error: { code: 'InvalidInput', message: 'The request to mfa:submit was refused: code must be a string.' } });
    expect(await registered.get('sessions:signOutAll')!(trusted, null, 'extra')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/too many arguments/) } });
    expect(fake.calls).toEqual([]);
  });

  it('accepts an argument-less invoke for no-payload channels', async () => {
    const { registered } = setup();
    expect(await registered.get('sessions:list')!(trusted)).toMatchObject({ ok: true });
  });
});

describe('dispatch (the same gate for a harness)', () => {
  it('refuses unknown channels, including prototype names', async () => {
    const { handlers } = setup();
    for (const channel of ['nope', 'constructor', '__proto__', 'toString']) {
      expect(await dispatch(handlers, channel, null)).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    }
  });

  it('turns a handler that throws into an error result', async () => {
    const { handlers } = setup();
    const broken = { ...handlers, 'sessions:list': () => Promise.reject(new Error('boom')) };
    expect(await dispatch(broken, 'sessions:list', null)).toMatchObject({ ok: false, error: { code: 'Internal' } });
  });
});
