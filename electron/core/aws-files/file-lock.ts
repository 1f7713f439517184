/**
 * An advisory lock beside a shared AWS file (`<file>.rolecall.lock`), so two Rolecall processes (the
 * app and the CLI) never interleave a read-modify-write of the same file. Created with O_EXCL, it
 * holds the owner's pid, host and time. A lock is stale — and taken over — when its owner is a dead
 * process on this host (a SIGKILLed writer must not block the next one for long) or when it is older
 * than `staleMs` (a crashed writer on another host sharing the directory). While held, the lock's
 * mtime is renewed every `staleMs / 3`, so a slow edit (a network home, a busy disk) never looks
 * abandoned and is never taken over mid-write.
 */
import { hostname } from 'node:os';
import { link, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { RolecallError } from '../errors';
import { systemClock, type Clock } from '../sessions/clock';

export interface LockOptions {
  /** How long to wait for another writer before giving up (default 5 s). */
  readonly timeoutMs?: number;
  /** Age after which a lock is presumed abandoned (default 10 s). */
  readonly staleMs?: number;
  /** Injectable clock (ms since epoch) for staleness decisions and the renewed mtime. */
  readonly now?: () => number;
  /** Timers for the renewal; default Node's (unref'd). */
  readonly timers?: Pick<Clock, 'setTimer' | 'clearTimer'>;
}

interface LockInfo {
  pid: number;
  host: string;
}

export function lockPathFor(file: string): string {
  return `${file}.rolecall.lock`;
}

/** True when `pid` names a live process on this machine (EPERM means alive but not ours). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseInfo(text: string): LockInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    return typeof v.pid === 'number' && typeof v.host === 'string' ? { pid: v.pid, host: v.host } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates the lock with its content in one step: the body goes to a private file that is then
 * hard-linked to the lock path (link fails if the lock exists). A writer killed half-way thus never
 * leaves an empty lock whose owner nobody can tell.
 */
async function tryCreate(path: string, body: string): Promise<boolean> {
  const temp = `${path}.${process.pid}-${randomBytes(6).toString('hex')}`;
  await writeFile(temp, body, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return createExclusive(path, body);
    throw e;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Fallback for file systems without hard links: O_EXCL create, then write. */
async function createExclusive(path: string, body: string): Promise<boolean> {
  try {
    await writeFile(path, body, { mode: 0o600, flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Removes the lock at `path` if it is stale. The stale file is first renamed aside (atomic, so two
 * takers cannot both delete), and if what was renamed turns out to be a fresh lock that appeared in
 * between, it is linked back (link never overwrites).
 */
async function takeOverIfStale(path: string, staleMs: number, now: number): Promise<void> {
  let text: string;
  let mtimeMs: number;
  try {
    text = await readFile(path, 'utf8');
    mtimeMs = (await stat(path)).mtimeMs;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const info = parseInfo(text);
  // A lock without a readable owner (hand-made, or another format) can only be condemned by age.
  const deadOwner = info !== undefined && info.host === hostname() && !processAlive(info.pid);
  if (!deadOwner && now - mtimeMs < staleMs) return;
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = await readFile(aside, 'utf8').catch(() => text);
  if (moved !== text) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/** Handle to a held lock; `release` is idempotent. */
export interface HeldLock {
  release(): Promise<void>;
  /** Settles when the latest renewal of the mtime has (so a test on a ManualClock can wait for it). */
  renewed(): Promise<void>;
}

/**
 * Waits for and takes the lock on `file`, or throws `FileLocked` after `timeoutMs`. Polls with a
 * short backoff: edits take milliseconds, so waiting is rare and brief.
 */
export async function acquireLock(file: string, opts: LockOptions = {}): Promise<HeldLock> {
  const path = lockPathFor(file);
  const timeoutMs = opts.timeoutMs ?? 5000;
  const staleMs = opts.staleMs ?? 10_000;
  const now = opts.now ?? Date.now;
  const body = JSON.stringify({
    pid: process.pid,
    host: hostname(),
    at: new Date(now()).toISOString(),
    nonce: randomBytes(8).toString('hex'),
  });
  const started = Date.now();
  let delay = 5;
  for (;;) {
    if (await tryCreate(path, body)) break;
    await takeOverIfStale(path, staleMs, now());
    if (await tryCreate(path, body)) break;
    if (Date.now() - started >= timeoutMs) {
      throw new RolecallError('FileLocked', `Another program is still writing ${file} (lock file ${path}).`, {
        action: 'Wait a moment and try again. If no other Rolecall is running, delete the lock file.',
        details: { path: file },
      });
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 50);
  }
  let released = false;
  const timers = opts.timers ?? systemClock;
  let last: Promise<void> = Promise.resolve();
  let timer: unknown;
  const schedule = (): void => {
    timer = timers.setTimer(() => {
      last = renew(path, body, new Date(now())).then(() => {
        if (!released) schedule();
      });
    }, Math.max(1, Math.floor(staleMs / 3)));
  };
  schedule();
  return {
    async release() {
      if (released) return;
      released = true;
      timers.clearTimer(timer);
      await last;
      const current = await readFile(path, 'utf8').catch(() => undefined);
      if (current === body) await unlink(path).catch(() => undefined);
    },
    renewed: () => last,
  };
}

/** Moves the lock's mtime to `at`, only while the lock file is still ours; never throws. */
async function renew(path: string, body: string, at: Date): Promise<void> {
  try {
    if ((await readFile(path, 'utf8')) === body) await utimes(path, at, at);
  } catch {
    // gone or unreadable: nothing of ours to renew
  }
}
