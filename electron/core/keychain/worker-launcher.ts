/**
 * How the keychain store starts its worker. An interface, because the process model differs:
 * the CLI and tests fork a Node child; the Electron app (whose fuses disable RunAsNode) must use
 * `utilityProcess.fork` from electron/main and pass that launcher in.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkerRequest } from './protocol';

export interface WorkerExit {
  code: number | null;
  signal: string | null;
  /** Set when the process could not be started or its channel broke. */
  error?: Error;
}

/** One running worker, as the store sees it. */
export interface WorkerHandle {
  /** OS process id when known (diagnostics and tests). */
  readonly pid?: number | undefined;
  send(request: WorkerRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when the worker is gone for whatever reason (including a failed start). */
  onExit(listener: (exit: WorkerExit) => void): void;
  /** Kill at once (SIGKILL): a worker stuck inside a D-Bus call cannot be asked politely. */
  kill(): void;
  /** `false` while idle, so an idle worker never keeps a CLI process alive; `true` while a call is in flight. */
  setActive(active: boolean): void;
}

export interface WorkerLauncher {
  launch(): WorkerHandle;
}

export interface NodeLauncherOptions {
  /** Environment of the worker (default: this process's). Tests use it to take D-Bus away. */
  env?: NodeJS.ProcessEnv;
  /** Worker entry point; default: the built `keychain-worker.cjs` next to this bundle, else the TS source via tsx. */
  workerPath?: string;
}

/** Node flags that let a child run TypeScript (tsx, resolved from here so any cwd works). */
function tsxExecArgv(): string[] {
  return ['--import', pathToFileURL(createRequire(__filename).resolve('tsx')).href];
}

/**
 * Where the worker is: the bundled CJS beside the running bundle, or this folder's TS source in dev
 * and tests. (`__filename`, not `__dirname`: tsx sets only the former right when ESM imports this file.)
 */
export function resolveWorkerEntry(dir: string = dirname(__filename)): { path: string; execArgv: string[] } {
  const built = join(dir, 'keychain-worker.cjs');
  if (existsSync(built)) return { path: built, execArgv: [] };
  const source = join(dir, 'keychain-worker.ts');
  if (existsSync(source)) return { path: source, execArgv: tsxExecArgv() };
  throw new Error(`keychain worker not found next to ${dir}`);
}

/** The launcher for plain Node (CLI, tests): `child_process.fork` with an IPC channel. */
export function createNodeWorkerLauncher(options: NodeLauncherOptions = {}): WorkerLauncher {
  return {
    launch(): WorkerHandle {
      const entry = options.workerPath
        ? { path: options.workerPath, execArgv: options.workerPath.endsWith('.ts') ? tsxExecArgv() : [] }
        : resolveWorkerEntry();
      const child = fork(entry.path, [], {
        execArgv: entry.execArgv,
        env: options.env ?? process.env,
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        serialization: 'json',
      });
      let exited = false;
      const exitListeners: Array<(e: WorkerExit) => void> = [];
      const finish = (e: WorkerExit): void => {
        if (exited) return;
        exited = true;
        for (const l of exitListeners) l(e);
      };
      child.on('exit', (code, signal) => finish({ code, signal }));
      child.on('error', (error) => {
        finish({ code: null, signal: null, error });
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      return {
        pid: child.pid,
        send: (request) => {
          child.send(request, (err) => {
            if (!err) return;
            finish({ code: null, signal: null, error: err });
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          });
        },
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => exitListeners.push(listener),
        kill: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        },
        setActive: (active) => {
          if (active) {
            child.ref();
            child.channel?.ref();
          } else {
            child.unref();
            child.channel?.unref();
          }
        },
      };
    },
  };
}
