/**
 * A W1 world for the `rolecall exec` tests: keys added with the real `rolecall add dev`, then one
 * exec with an MFA code so that later execs reuse the MFA session from the keychain, as a user's
 * second exec of the day does. `start` runs the built CLI with streaming output, for signal tests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { expect } from 'vitest';
import { MFA_SERIAL, createWorld, type World } from '../../fixtures/core-harness';
import { ROLECALL_BIN, rolecall, userEnv } from '../../fixtures/cli-runs';

export async function execWorld(opts: { stsNow?: () => Date } = {}): Promise<World> {
  const w = await createWorld(opts);
  const added = await rolecall(w, ['add', 'dev'], `${w.keys.accessKeyId}\n${w.keys.secretAccessKey}\n`);
  expect(added.stderr).toBe('');
  expect(added.code).toBe(0);
  const first = await rolecall(w, ['exec', 'admin', '--mfa', '-', '--', 'true'], `${w.sts.totp(MFA_SERIAL)}\n`);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  return w;
}

/** The environment of a user's shell in this world: no region variable, plus `extra`. */
export function shellEnv(w: World, extra: Record<string, string> = {}): Record<string, string> {
  return { ...userEnv(w), ...extra };
}

/** Starts `rolecall …` and lets the test read its stdout as it comes. */
export function start(w: World, args: string[], extra: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [ROLECALL_BIN, ...args], { env: shellEnv(w, extra), stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Resolves with the output once `marker` has appeared on the child's stdout. */
export function waitForOutput(child: ChildProcessWithoutNullStreams, marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString('utf8');
      if (text.includes(marker)) {
        child.stdout.removeListener('data', onData);
        resolve(text);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before printing ${marker}: ${text}`)));
  });
}

export function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}
