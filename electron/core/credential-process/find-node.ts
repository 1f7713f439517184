/**
 * The absolute path of `node` for the `credential_process` line the app writes. The line must name
 * an absolute program: on Windows both botocore and the JS SDK let the shell search the current
 * directory first, so a bare `node` runs whatever `node.exe` sits in the repository the user is in.
 * Only absolute PATH entries count here, for the same reason (an empty or `.` entry is the cwd).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter as hostDelimiter, isAbsolute, join, win32 } from 'node:path';
import { RolecallError } from '../errors';

export interface FindOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Searched after PATH: an app started from the Dock or a desktop menu gets a minimal PATH. */
  extraDirs?: readonly string[];
}

/** Where Node installers put `node` that a desktop-started app's PATH usually lacks. */
export const COMMON_NODE_DIRS: Partial<Record<NodeJS.Platform, readonly string[]>> = {
  darwin: ['/opt/homebrew/bin', '/usr/local/bin'],
  linux: ['/usr/local/bin', '/usr/bin'],
};

/** The first `node` on PATH that is an absolute, executable file; undefined when there is none. */
export function findNodeOnPath(opts: FindOptions = {}): string | undefined {
  return findProgramOnPath('node', { ...opts, extraDirs: opts.extraDirs ?? COMMON_NODE_DIRS[opts.platform ?? process.platform] ?? [] });
}

/**
 * The first `program` in an absolute PATH entry (then `extraDirs`) that is an executable file —
 * the one rule for every program Rolecall starts or writes into a command line (node, xdg-open).
 */
export function findProgramOnPath(program: string, opts: FindOptions = {}): string | undefined {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const windows = platform === 'win32';
  const delimiter = windows ? ';' : platform === process.platform ? hostDelimiter : ':';
  const absolute = windows ? win32.isAbsolute : isAbsolute;
  const pathValue = (windows ? (env.Path ?? env.PATH) : env.PATH) ?? '';
  const names = windows ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean).map((ext) => `${program}${ext.toLowerCase()}`) : [program];
  for (const dir of [...pathValue.split(delimiter), ...(opts.extraDirs ?? [])]) {
    const clean = dir.replace(/^"(.*)"$/, '$1');
    if (!clean || !absolute(clean)) continue;
    for (const name of names) {
      const candidate = windows ? win32.join(clean, name) : join(clean, name);
      if (isExecutableFile(candidate, windows)) return candidate;
    }
  }
  return undefined;
}

/** {@link findNodeOnPath}, or an error that says what to do. */
export function requireNodeOnPath(opts: FindOptions = {}): string {
  const found = findNodeOnPath(opts);
  if (found) return found;
  throw new RolecallError('InvalidInput', 'The AWS CLI runs the rolecall command with Node.js, and no Node.js was found on PATH (only absolute PATH entries are searched).', {
    action: 'Install Node.js 20 or newer (nodejs.org), make sure it is on PATH, and try again; or run "rolecall setup-credential-process <profile>" from a terminal.',
  });
}

function isExecutableFile(path: string, windows: boolean): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (!windows) accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
