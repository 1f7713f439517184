/**
 * Runs the command of `rolecall exec` the way a shell would: stdio (and with it the terminal)
 * inherited, signals sent to rolecall passed on, and rolecall's exit status the child's own —
 * 128 + n when a signal ended it, as sh reports it — so scripts cannot tell the wrapper is there.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';

/** Passed on to the child; SIGINT too, for a `kill -INT` that did not come from the terminal. */
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'] as const;

export interface ChildCommand {
  file: string;
  args: string[];
}

/** The command after `--`, else the user's shell (`$SHELL`, `%COMSPEC%` on Windows). */
export function commandOrShell(argv: readonly string[], env: Record<string, string | undefined>, platform = process.platform): ChildCommand {
  if (argv.length > 0) return { file: argv[0]!, args: argv.slice(1) };
  const shell = platform === 'win32' ? (env.COMSPEC ?? 'cmd.exe') : (env.SHELL || '/bin/sh');
  return { file: shell, args: [] };
}

/**
 * Spawns `cmd` with `env` and resolves with the exit status to return. A command that cannot start
 * is reported through `report` and answers 127 (not found) or 126 (not executable), as sh does.
 */
export function runChild(cmd: ChildCommand, env: Record<string, string>, report: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const started: { child?: ChildProcess } = {};
    const early: NodeJS.Signals[] = [];
    const handlers = FORWARDED.filter((s) => process.platform !== 'win32' || s === 'SIGINT' || s === 'SIGTERM').map((signal) => {
      const handler = () => {
        const child = started.child;
        if (!child) early.push(signal);
        else if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      };
      process.on(signal, handler);
      return () => process.removeListener(signal, handler);
    });
    const cleanup = () => handlers.forEach((remove) => remove());
    // handlers first: the child may print (and a test or supervisor signal us) before spawn returns
    const spawned = spawn(cmd.file, cmd.args, { stdio: 'inherit', env, windowsHide: false });
    started.child = spawned;
    for (const signal of early) spawned.kill(signal);
    spawned.once('error', (e: NodeJS.ErrnoException) => {
      cleanup();
      const missing = e.code === 'ENOENT';
      report(missing ? `rolecall: command not found: ${cmd.file}\n  → Check the name, or give its full path after "--".` : `rolecall: could not start ${cmd.file} (${e.code ?? 'error'})\n  → Check that it is an executable file.`);
      resolve(missing ? 127 : 126);
    });
    spawned.once('exit', (code, signal) => {
      cleanup();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}
