/**
 * Runs keychain requests on a killable worker, each with a deadline.
 *
 * A locked keychain can make a call wait forever, and a process stuck like that cannot even exit on
 * its own, so the only safe deadline is one enforced from outside: on a missed deadline the worker is
 * SIGKILLed, every call in flight rejects with `KeychainTimeout`, and the next call starts a fresh
 * worker. Between calls the worker stays up (warm calls skip the process start) but is marked idle,
 * so it never keeps a CLI alive.
 */
import { RolecallError } from '../errors';
import { systemClock, type Clock } from '../sessions/clock';
import { keychainCrashError, keychainFailureError, keychainTimeoutError } from './keychain-errors';
import { isWorkerReply, type WorkerRequest } from './protocol';
import type { WorkerExit, WorkerHandle, WorkerLauncher } from './worker-launcher';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type KeychainRequest = DistributiveOmit<WorkerRequest, 'id'>;

interface Pending {
  resolve(value: unknown): void;
  reject(error: RolecallError): void;
  timer: unknown;
}

export class KeychainWorkerClient {
  private worker: WorkerHandle | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly launcher: WorkerLauncher,
    private readonly timeoutMs: number,
    /** Whose time the deadline runs on: tests drive it, so a slow machine never decides a verdict. */
    private readonly clock: Clock = systemClock,
  ) {}

  /** Sends one request; resolves with the worker's value or rejects with a typed keychain error. */
  call(request: KeychainRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let worker: WorkerHandle;
      try {
        worker = this.worker ?? this.start();
      } catch (e) {
        reject(keychainCrashError({ code: null, signal: null, error: e as Error }));
        return;
      }
      const id = this.nextId++;
      const timer = this.clock.setTimer(() => this.timeOut(worker), this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.setActive(true);
      try {
        worker.send({ ...request, id } as WorkerRequest);
      } catch (e) {
        this.worker = undefined;
        worker.kill();
        this.rejectAll(keychainCrashError({ code: null, signal: null, error: e as Error }));
      }
    });
  }

  /** Stops the worker; calls in flight reject. A later call starts a new worker. */
  close(): void {
    const worker = this.worker;
    this.worker = undefined;
    worker?.kill();
    this.rejectAll(new RolecallError('KeychainError', 'The keychain connection was closed while a request was in flight.', { action: 'Try again.' }));
  }

  private start(): WorkerHandle {
    const worker = this.launcher.launch();
    this.worker = worker;
    worker.onMessage((message) => this.onMessage(worker, message));
    worker.onExit((exit) => this.onExit(worker, exit));
    return worker;
  }

  private onMessage(worker: WorkerHandle, message: unknown): void {
    if (worker !== this.worker || !isWorkerReply(message)) return;
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    this.clock.clearTimer(call.timer);
    if (this.pending.size === 0) worker.setActive(false);
    if (message.ok) call.resolve(message.value);
    else call.reject(keychainFailureError(message.error));
  }

  private onExit(worker: WorkerHandle, exit: WorkerExit): void {
    if (worker !== this.worker) return; // already replaced (killed on a deadline or closed)
    this.worker = undefined;
    this.rejectAll(keychainCrashError(exit));
  }

  private timeOut(worker: WorkerHandle): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    worker.kill();
    this.rejectAll(keychainTimeoutError(this.timeoutMs));
  }

  private rejectAll(error: RolecallError): void {
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) {
      this.clock.clearTimer(call.timer);
      call.reject(error);
    }
  }
}
