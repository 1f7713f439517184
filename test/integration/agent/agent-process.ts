/** A `rolecall agent` child process on the test's clock (agent-clock.ts), and its stderr log. */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { ROLECALL_BIN, userEnv } from '../../fixtures/cli-runs';
import type { World } from '../../fixtures/core-harness';

const CLOCK = resolve('test/fixtures/agent-clock.ts');

export interface AgentProcess {
  child: ChildProcess;
  log(): string;
  /** Resolves when the log matches `re` (or rejects when the process exits first). */
  logged(re: RegExp): Promise<void>;
  /** Moves the agent's clock forward; resolves once the timers that fell due have fired. */
  advance(ms: number): Promise<void>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

export function startAgentProcess(world: World, env: Record<string, string> = userEnv(world)): AgentProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', CLOCK, ROLECALL_BIN, 'agent'], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let log = '';
  const waiters = new Set<() => void>();
  child.stderr!.on('data', (d: Buffer) => {
    log += d.toString();
    for (const w of waiters) w();
  });
  child.stdout!.resume();
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    log: () => log,
    exited,
    logged: (re) =>
      new Promise((done, fail) => {
        const check = () => {
          if (re.test(log)) {
            waiters.delete(check);
            done();
          }
        };
        waiters.add(check);
        check();
        void exited.then((code) => fail(new Error(`the agent exited (${code}) before logging ${re}: ${log}`)));
      }),
    advance: (ms) =>
      new Promise((done) => {
        const on = (m: { advanced?: number }) => {
          if (m?.advanced !== ms) return;
          child.off('message', on);
          done();
        };
        child.on('message', on);
        child.send({ advance: ms });
      }),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
