/**
 * The keychain worker launcher for the packaged app. Its fuses disable RunAsNode, so the CLI's
 * `child_process.fork` of Electron's own binary is not available; an Electron utility process is
 * the supported way to run Node code in a separate, killable process. The worker speaks the same
 * protocol over `process.parentPort` (see keychain-worker.ts).
 */
import type { ForkOptions } from 'electron';
import type { WorkerExit, WorkerHandle, WorkerLauncher } from '../core/keychain/worker-launcher';

/** The part of a UtilityProcess the launcher uses. */
export interface UtilityChild {
  pid: number | undefined;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (type: string, location: string) => void): unknown;
}

export interface UtilityLauncherOptions {
  /** `utilityProcess.fork`, injected so the launcher is testable without Electron. */
  fork(modulePath: string, args: string[], options: ForkOptions): UtilityChild;
  /** The built worker: `out/main/keychain-worker.js` next to the main bundle. */
  modulePath: string;
  env?: NodeJS.ProcessEnv;
  /** SIGKILL by pid (default `process.kill`): a worker stuck in a D-Bus call ignores a polite stop. */
  killPid?(pid: number): void;
}

export function createUtilityProcessLauncher(options: UtilityLauncherOptions): WorkerLauncher {
  const killPid = options.killPid ?? ((pid: number) => process.kill(pid, 'SIGKILL'));
  return {
    launch(): WorkerHandle {
      const child = options.fork(options.modulePath, [], {
        serviceName: 'Rolecall keychain',
        stdio: ['ignore', 'ignore', 'inherit'],
        ...(options.env ? { env: options.env } : {}),
      });
      let exited: WorkerExit | undefined;
      const exitListeners: Array<(e: WorkerExit) => void> = [];
      const finish = (exit: WorkerExit): void => {
        if (exited) return;
        exited = exit;
        for (const listener of exitListeners) listener(exit);
      };
      child.on('exit', (code) => finish({ code, signal: null }));
      child.on('error', (type, location) => finish({ code: null, signal: null, error: new Error(`keychain worker ${type} at ${location}`) }));
      const kill = (): void => {
        if (exited) return;
        try {
          if (child.pid !== undefined) killPid(child.pid);
          else child.kill();
        } catch {
          child.kill();
        }
      };
      return {
        send: (request) => {
          if (exited) throw new Error('keychain worker is not running');
          child.postMessage(request);
        },
        onMessage: (listener) => {
          child.on('message', listener);
        },
        onExit: (listener) => {
          if (exited) listener(exited);
          else exitListeners.push(listener);
        },
        kill,
        // a utility process never keeps the app alive on its own: nothing to do between calls
        setActive: () => undefined,
      };
    },
  };
}
