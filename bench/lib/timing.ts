/**
 * Timing helpers. Processes are spawned with the async API on purpose: the loopback STS and the
 * credential_process socket server live in the benchmark's own event loop, so a synchronous spawn
 * would freeze the very servers the child is talking to.
 */
import { spawn } from 'node:child_process';

export interface ProcessRun {
  /** Wall time from spawn() to the child's exit with its output streams closed. */
  ms: number;
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunProcessOptions {
  env: Record<string, string>;
  cwd?: string;
  /** Kill the child after this long; default 60 s. */
  timeoutMs?: number;
}

/** Runs one command (stdin closed), timing it end to end as a caller such as the AWS CLI would see it. */
export function runProcess(cmd: string, args: readonly string[], opts: RunProcessOptions): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env: opts.env, ...(opts.cwd ? { cwd: opts.cwd } : {}), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      const ms = performance.now() - t0;
      clearTimeout(timer);
      resolve({ ms, code: code ?? (signal ? 128 : -1), stdout, stderr });
    });
  });
}

/** Times one async call. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * Runs every task once per round, rotating the starting task each round, so slow drift (thermal,
 * other processes on the machine, page cache) hits every contender alike. Each task returns the
 * milliseconds it wants recorded (it may time only part of its work).
 */
export async function interleave<K extends string>(rounds: number, tasks: Record<K, () => Promise<number>>): Promise<Record<K, number[]>> {
  const names = Object.keys(tasks) as K[];
  const out = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(r + i) % names.length]!;
      out[name].push(await tasks[name]());
    }
  }
  return out;
}
