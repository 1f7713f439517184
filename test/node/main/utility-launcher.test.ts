import { describe, expect, it } from 'vitest';
import type { ForkOptions, UtilityProcess } from 'electron';
import { createUtilityProcessLauncher, type UtilityChild } from '../../../electron/main/utility-launcher';
import type { WorkerExit } from '../../../electron/core/keychain/worker-launcher';

function fakeChild(pid: number | undefined = 4242) {
  const listeners = new Map<string, Array<(...a: unknown[]) => void>>();
  const posted: unknown[] = [];
  let killed = 0;
  const child = {
    pid: pid as number | undefined,
    postMessage: (m: unknown) => void posted.push(m),
    kill: () => (killed++, true),
    on(event: string, listener: (...a: never[]) => void): void {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as (...a: unknown[]) => void]);
    },
  } satisfies Pick<UtilityProcess, 'pid' | 'postMessage' | 'kill'> & UtilityChild;
  const emit = (event: string, ...args: unknown[]) => (listeners.get(event) ?? []).forEach((l) => l(...args));
  return { child, posted, emit, killed: () => killed };
}

function setup(pid?: number) {
  const f = fakeChild(pid);
  const forks: Array<{ path: string; options: ForkOptions }> = [];
  const killedPids: number[] = [];
  const launcher = createUtilityProcessLauncher({
    fork: (path, _args, options) => (forks.push({ path, options }), f.child),
    modulePath: '/app/out/main/keychain-worker.js',
    env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' },
    killPid: (p) => void killedPids.push(p),
  });
  return { ...f, launcher, forks, killedPids };
}

describe('utility process launcher', () => {
  it('forks the built worker with its environment and relays messages both ways', () => {
    const { launcher, forks, posted, emit } = setup();
    const handle = launcher.launch();
    expect(forks).toEqual([{ path: '/app/out/main/keychain-worker.js', options: expect.objectContaining({ serviceName: 'Rolecall keychain', env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' } }) }]);
    const received: unknown[] = [];
    handle.onMessage((m) => received.push(m));
    handle.send({ id: 1, op: 'list', service: 'Rolecall' });
    emit('message', { id: 1, ok: true, value: [] });
    expect(posted).toEqual([{ id: 1, op: 'list', service: 'Rolecall' }]);
    expect(received).toEqual([{ id: 1, ok: true, value: [] }]);
    handle.setActive(true);
  });

  it('reports the exit once, also to late listeners, and refuses to send afterwards', () => {
    const { launcher, emit } = setup();
    const handle = launcher.launch();
    const exits: WorkerExit[] = [];
    handle.onExit((e) => exits.push(e));
    emit('exit', 1);
    emit('error', 'FatalError', 'here');
    handle.onExit((e) => exits.push(e));
    expect(exits).toEqual([{ code: 1, signal: null }, { code: 1, signal: null }]);
    expect(() => handle.send({ id: 2, op: 'list', service: 'Rolecall' })).toThrow(/not running/);
  });

  it('turns a fatal error into an exit with the error', () => {
    const { launcher, emit } = setup();
    const handle = launcher.launch();
    const exits: WorkerExit[] = [];
    handle.onExit((e) => exits.push(e));
    emit('error', 'FatalError', 'keychain-worker.js');
    expect(exits[0]).toMatchObject({ code: null, error: expect.any(Error) });
  });

  it('kills with SIGKILL by pid (a worker stuck in D-Bus ignores a polite stop), falling back to kill()', () => {
    const a = setup(4242);
    a.launcher.launch().kill();
    expect(a.killedPids).toEqual([4242]);
    expect(a.killed()).toBe(0);
    const b = setup(undefined);
    const hb = b.launcher.launch();
    b.child.pid = undefined;
    hb.kill();
    expect(b.killed()).toBe(1);
    const c = setup(7);
    const hc = c.launcher.launch();
    c.emit('exit', 0);
    hc.kill();
    expect(c.killedPids).toEqual([]);
  });
});
