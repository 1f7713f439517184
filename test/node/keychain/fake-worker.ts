/**
 * A scripted stand-in for the keychain worker process, so the store's deadline, crash and error
 * mapping can be tested without processes or timing luck.
 */
import type { WorkerReply, WorkerRequest } from '../../../electron/core/keychain/protocol';
import type { WorkerExit, WorkerHandle, WorkerLauncher } from '../../../electron/core/keychain/worker-launcher';

/** What a fake worker does with a request: reply, stay silent ('hang') or die ('crash'). */
export type Behaviour = (req: WorkerRequest) => Omit<WorkerReply, 'id'> | 'hang' | 'crash';

export class FakeWorker implements WorkerHandle {
  readonly received: WorkerRequest[] = [];
  readonly activity: boolean[] = [];
  killed = false;
  private messageListeners: Array<(m: unknown) => void> = [];
  private exitListeners: Array<(e: WorkerExit) => void> = [];

  constructor(private readonly behaviour: Behaviour) {}

  send(request: WorkerRequest): void {
    this.received.push(structuredClone(request));
    const outcome = this.behaviour(request);
    if (outcome === 'hang') return;
    queueMicrotask(() => {
      if (outcome === 'crash') this.exit({ code: 1, signal: null });
      else for (const l of this.messageListeners) l({ ...outcome, id: request.id });
    });
  }

  onMessage(listener: (message: unknown) => void): void {
    this.messageListeners.push(listener);
  }

  onExit(listener: (exit: WorkerExit) => void): void {
    this.exitListeners.push(listener);
  }

  kill(): void {
    this.killed = true;
    queueMicrotask(() => this.exit({ code: null, signal: 'SIGKILL' }));
  }

  setActive(active: boolean): void {
    this.activity.push(active);
  }

  /** Emits a raw message, as a misbehaving worker might. */
  emit(message: unknown): void {
    for (const l of this.messageListeners) l(message);
  }

  private exit(e: WorkerExit): void {
    const ls = this.exitListeners;
    this.exitListeners = [];
    for (const l of ls) l(e);
  }
}

/** A launcher that records every worker it starts; each one follows `behaviour`. */
export class FakeLauncher implements WorkerLauncher {
  readonly workers: FakeWorker[] = [];
  constructor(public behaviour: Behaviour) {}
  launch(): FakeWorker {
    const w = new FakeWorker((req) => this.behaviour(req));
    this.workers.push(w);
    return w;
  }
}

/** A behaviour that acts like a healthy keychain holding items in a map. */
export function healthyKeychain(items = new Map<string, string>()): Behaviour {
  return (req) => {
    const key = `${req.service}/${'account' in req ? req.account : ''}`;
    switch (req.op) {
      case 'get':
        return { ok: true, value: items.get(key) ?? null };
      case 'set':
        items.set(key, req.value);
        return { ok: true, value: undefined };
      case 'delete':
        return { ok: true, value: items.delete(key) };
      case 'list':
        return { ok: true, value: [...items.keys()].filter((k) => k.startsWith(`${req.service}/`)).map((k) => k.slice(req.service.length + 1)) };
    }
  };
}
