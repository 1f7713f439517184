import { describe, expect, it } from 'vitest';
import type { IpcRenderer } from 'electron';
import { createApi, type IpcRendererLike } from '../../../electron/preload/api';
import { createHandlers, type HandlerOptions } from '../../../electron/main/ipc-handlers';
import { registerIpc, type IpcMainLike } from '../../../electron/main/ipc-register';
import type { SenderLike } from '../../../electron/main/trusted-sender';
import { EVENT_CHANNELS, eventWireName, type Result } from '../../../electron/shared/ipc';
import { fakeCore } from './fakes';

/** ipcRenderer over the real registration and handler map, as one trusted window would see it. */
function wired(extra: Partial<HandlerOptions> = {}) {
  const fake = fakeCore();
  const listeners = new Map<string, (e: SenderLike, ...a: unknown[]) => Promise<Result<unknown>>>();
  const ipcMain: IpcMainLike = { handle: (c, l) => void listeners.set(c, l), removeHandler: (c) => void listeners.delete(c) };
  const handlers = createHandlers(fake.core, { appInfo: () => ({ name: 'R', version: '1', platform: 'linux', versions: { electron: '', chrome: '', node: '' }, paths: { configFile: '', credentialsFile: '', appDataDir: '' } }), capabilities: { console: false }, ...extra });
  registerIpc(ipcMain, handlers, { isTrustedSender: () => true });
  const on = new Map<string, Set<(e: unknown, p: unknown) => void>>();
  const invoked: Array<[string, unknown[]]> = [];
  const ipc = {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push([channel, args]);
      const l = listeners.get(channel);
      if (!l) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await l({ sender: { id: 1 }, senderFrame: { url: 'file:///app/index.html', parent: null } }, ...structuredClone(args)));
    },
    on: (channel: string, l: (e: unknown, p: unknown) => void) => void on.set(channel, new Set([...(on.get(channel) ?? []), l])),
    removeListener: (channel: string, l: (e: unknown, p: unknown) => void) => void on.get(channel)?.delete(l),
  } satisfies IpcRendererLike;
  const emit = (channel: string, payload: unknown) => on.get(channel)?.forEach((l) => l({ sender: 'the event object' }, payload));
  return { fake, api: createApi(ipc), invoked, emit, subscribers: (c: string) => on.get(c)?.size ?? 0 };
}

describe('preload api', () => {
  it('takes the real ipcRenderer (type-level)', () => {
    const real: IpcRendererLike = {} as IpcRenderer;
    expect(real).toBeDefined();
  });

  it('exposes intent methods only: no ipcRenderer, no raw invoke or send', () => {
    const { api } = wired();
    const keys = JSON.stringify(Object.keys(api));
    expect(keys).not.toMatch(/ipc|invoke|send/i);
    expect(Object.keys(api).sort()).toEqual(
      ['app', 'console', 'mfa', 'profiles', 'sessions', 'settings', 'sources', ...EVENT_CHANNELS.map((e) => `on${e.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}`)].sort(),
    );
  });

  it('round-trips every intent through main’s gate and handlers', async () => {
    const { api, fake, invoked } = wired();
    expect(await api.profiles.list()).toMatchObject({ ok: true, value: { configFile: '/home/u/.aws/config' } });
    expect(await api.sources.add({ name: 'dev', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret/key+X' })).toMatchObject({ ok: true, value: { name: 'dev' } });
    await api.sources.remove('dev');
    await api.sources.import({ scrub: true });
    expect(await api.sessions.switchTo('admin', { target: 'work' })).toMatchObject({ ok: true, value: { profile: 'admin' } });
    await api.sessions.refresh('work');
    await api.sessions.signOut('work');
    await api.sessions.signOutAll();
    await api.sessions.list();
    await api.mfa.submit('arn:mfa', '123456');
    await api.mfa.cancel('arn:mfa');
    await api.mfa.pending();
    await api.settings.get();
    await api.settings.update({ notifications: false });
    expect(await api.app.info()).toMatchObject({ ok: true, value: { capabilities: { console: false } } });
    // no console actions wired in this harness: a typed refusal, not a crash
    expect(await api.console.copyUrl('admin')).toMatchObject({ ok: false, error: { code: 'ConsoleUnsupported' } });
    await api.console.open('admin');
    expect(await api.app.diagnose()).toMatchObject({ ok: true, value: [{ id: 'keychain', status: 'ok' }] });
    // no CLI command wired in this harness either: refused as data
    expect(await api.profiles.setupCredentialProcess('admin', 'admin-rolecall')).toMatchObject({ ok: false, error: { code: 'Internal' } });
    expect(invoked.map(([c]) => c)).toHaveLength(19);
    expect(invoked.every(([, args]) => args.length === 1)).toBe(true);
    expect(fake.calls.find((c) => c.method === 'switchTo')?.args).toEqual(['admin', { target: 'work', promptForMfa: true }]);
  });

  it('sends setupCredentialProcess as {profile, as[, takeOver]} and gets main’s answer back', async () => {
    const { api, invoked } = wired({ cliCommand: () => ['node', '/app/bin/rolecall.cjs'] });
    expect(await api.profiles.setupCredentialProcess('admin', 'admin-cli')).toEqual({ ok: true, value: { section: 'profile admin-cli', profileName: 'admin-cli' } });
    await api.profiles.setupCredentialProcess('admin', 'admin-cli', true);
    expect(invoked).toEqual([
      ['profiles:setupCredentialProcess', [{ profile: 'admin', as: 'admin-cli' }]],
      ['profiles:setupCredentialProcess', [{ profile: 'admin', as: 'admin-cli', takeOver: true }]],
    ]);
    expect(await api.profiles.setupCredentialProcess('admin', 'a]b')).toMatchObject({ ok: false, error: { code: 'InvalidInput', message: expect.stringContaining('as is not a usable profile name') } });
  });

  it('returns validation failures as data', async () => {
    const { api } = wired();
    expect(await api.mfa.submit('arn:mfa', '12')).toEqual({ ok: false, error: { code: 'InvalidInput', message: 'The request to mfa:submit was refused: code must be exactly 6 digits.' } });
  });

  it('turns a failed invoke into an Internal error result instead of a throw', async () => {
    const api = createApi({ invoke: () => Promise.reject(new Error('No handler registered')), on: () => undefined, removeListener: () => undefined });
    expect(await api.sessions.list()).toMatchObject({ ok: false, error: { code: 'Internal', action: expect.any(String) } });
  });

  it('subscriptions hand over the payload only, and unsubscribe', () => {
    const { api, emit, subscribers } = wired();
    const got: unknown[] = [];
    const off = api.onMfaRequired((p) => got.push(p));
    emit(eventWireName('mfa-required'), { request: { mfaSerial: 's', profiles: ['a'], reason: 'switch' } });
    emit(eventWireName('mfa-resolved'), { mfaSerial: 's' });
    expect(got).toEqual([{ request: { mfaSerial: 's', profiles: ['a'], reason: 'switch' } }]);
    expect(subscribers(eventWireName('mfa-required'))).toBe(1);
    off();
    expect(subscribers(eventWireName('mfa-required'))).toBe(0);
  });
});
