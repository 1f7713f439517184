/**
 * Crash-safe, concurrency-aware replacement of a shared AWS file.
 *
 * A reader (the AWS CLI, an SDK, a SIGKILL at any instant) must only ever see the old file or the
 * new one, never a torn one: so the new bytes go to a temp file in the same directory, are fsynced,
 * and renamed over the original, then the directory is fsynced so the rename survives a power cut.
 * Rolecall processes serialise on an advisory lock; tools that ignore it (the AWS CLI's `configure
 * set`, an editor) are handled by re-reading the file right before the rename and, if it changed,
 * re-applying the edit to the new content instead of overwriting their change.
 *
 * Content is handled as a binary string (latin1: one char per byte), so a file in any encoding —
 * or with invalid UTF-8 — keeps every byte the edit does not touch.
 */
import { mkdir, open, readFile, readdir, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { RolecallError, isRolecallError } from '../errors';
import { acquireLock, processAlive, type LockOptions } from './file-lock';

export interface EditOptions extends LockOptions {
  /** How many times the edit may be re-applied because the file changed under us (default 5). */
  readonly maxAttempts?: number;
  /** Time that names a backup (default: now). */
  readonly backupAt?: () => Date;
}

/**
 * What an edit may return instead of a plain string: the new content plus whether the content it
 * replaces must be backed up first (e.g. when taking over a section the user wrote). The decision
 * belongs to the edit because only it has looked at the current content.
 */
export interface EditOutcome {
  readonly text: string;
  readonly backup?: boolean;
}

export type Edit = (current: string) => string | EditOutcome;

export interface EditResult {
  /** False when the edit returned the content unchanged; the file was then not rewritten. */
  readonly changed: boolean;
  /** The content now on disk (binary string). */
  readonly text: string;
  /** Where the backup went, when the edit asked for one. */
  readonly backupPath: string | undefined;
}

/** Converts a normal (UTF-16) string to the binary-string form the edit callbacks receive. */
export function toBinary(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

/** Converts a binary string back to text, for display (invalid UTF-8 becomes U+FFFD). */
export function fromBinary(s: string): string {
  return Buffer.from(s, 'latin1').toString('utf8');
}

/**
 * Reads the file, but not while another program is visibly in the middle of rewriting it: the AWS
 * CLI (and most editors) truncate first and write after, so an existing file that is empty and was
 * modified a moment ago is most likely half-written. Editing that would rename a file holding only
 * our section over the user's whole file. Waits (bounded) until it has content or has stayed empty
 * for a while; a file that is genuinely empty costs at most that wait.
 */
async function readSettled(path: string): Promise<Buffer | undefined> {
  const giveUpAt = Date.now() + TRUNCATED_WAIT_MS * 2;
  for (;;) {
    const bytes = await readBytes(path);
    if (bytes === undefined || bytes.length > 0) return bytes;
    const modified = await stat(path).then((s) => s.mtimeMs, () => 0);
    if (Date.now() - modified >= TRUNCATED_WAIT_MS || Date.now() >= giveUpAt) return bytes;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** How long an empty file must have been left alone before we believe it is meant to be empty. */
const TRUNCATED_WAIT_MS = 1500;

async function readBytes(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

const sameBytes = (a: Buffer | undefined, b: Buffer | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.equals(b);

/** Follows a symlinked file (dotfile repos do this) so we replace its target, not the link. */
async function resolveTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return resolve(path);
    throw e;
  }
}

/** Makes a rename in `dir` durable. Shared with the state store, which writes the same way. */
export async function fsyncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Windows cannot open or fsync a directory; the rename is still atomic there.
  }
}

/** Creates `path` (must not exist) with mode 0600, writes `data` and fsyncs it. */
export async function writeSynced(path: string, data: Buffer): Promise<void> {
  const fh = await open(path, 'wx', 0o600);
  try {
    await fh.chmod(0o600); // a restrictive umask could leave it 0400, a lax one never widens it
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Renames the temp file over the target. On Windows a reader holding the file open (an SDK, an
 * antivirus scan) makes the rename fail briefly with EPERM/EBUSY: retry a few times before failing.
 */
export async function renameOver(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (attempt >= 4 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw e;
      await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
    }
  }
}

const TEMP_TAG = '.rolecall-tmp-';

/** Carries an error thrown by the edit callback past the I/O error wrapping, untouched. */
class EditRefused {
  constructor(readonly reason: unknown) {}
}

/** Deletes temp files and lock scratch files left by writers that were killed (dead pid). */
async function removeLeftovers(dir: string, base: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const re = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\.rolecall-tmp-|\\.rolecall\\.lock\\.)(\\d+)-[0-9a-f]+$`);
  for (const name of names) {
    const pid = Number(re.exec(name)?.[1]);
    if (pid > 0 && !processAlive(pid)) await unlink(join(dir, name)).catch(() => undefined);
  }
}

function backupName(path: string, now: Date, n: number): string {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `${path}.rolecall-backup-${stamp}${n === 0 ? '' : `-${n}`}`;
}

async function writeBackupBytes(path: string, data: Buffer, now: Date): Promise<string> {
  for (let n = 0; ; n++) {
    const target = backupName(path, now, n);
    try {
      await writeSynced(target, data);
      return target;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 99) throw e;
    }
  }
}

/**
 * Copies `path` to `<path>.rolecall-backup-YYYYMMDDTHHMMSSZ` (mode 0600, never overwriting an earlier
 * backup: a numeric suffix is added instead) and returns the backup's path. Written before Rolecall
 * changes something the user wrote, so any take-over or scrub can be undone by hand.
 */
export async function writeBackup(path: string, now: Date): Promise<string> {
  try {
    return await writeBackupBytes(path, await readFile(path), now);
  } catch (e) {
    throw writeFailed(path, e);
  }
}

function writeFailed(path: string, e: unknown): RolecallError {
  if (isRolecallError(e)) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';
  return new RolecallError('FileWriteFailed', `Could not write ${path} (${code}).`, {
    action: 'Check that the file and its folder exist, are writable by you, and that the disk is not full.',
    cause: e,
    details: { path },
  });
}

/**
 * Applies `edit` (a pure function of the current content as a binary string, `''` for a missing
 * file) to `path` under the lock, and replaces the file atomically with mode 0600 — after a backup
 * if the edit asks for one — creating its folder with mode 0700 if needed. If the file changes
 * between our read and the rename, the edit is re-applied to the new content (at most
 * `maxAttempts` times). Errors thrown by `edit` propagate unchanged; I/O errors become
 * `FileWriteFailed`, a busy lock `FileLocked`.
 */
export async function editFileAtomically(path: string, edit: Edit, opts: EditOptions = {}): Promise<EditResult> {
  // Edits from this process queue up in memory, so they never poll the lock file against each other.
  const key = resolve(path);
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(() => editLocked(path, edit, opts));
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

const queues = new Map<string, Promise<void>>();

async function editLocked(path: string, edit: Edit, opts: EditOptions): Promise<EditResult> {
  const maxAttempts = opts.maxAttempts ?? 5;
  let target = path;
  let temp: string | undefined;
  try {
    target = await resolveTarget(path);
    const dir = dirname(target);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const lock = await acquireLock(target, opts);
    try {
      await removeLeftovers(dir, basename(target));
      let backupPath: string | undefined;
      for (let attempt = 0; attempt < maxAttempts; attempt++) {
        const before = await readSettled(target);
        const current = before === undefined ? '' : before.toString('latin1');
        let outcome: string | EditOutcome;
        try {
          outcome = edit(current);
        } catch (e) {
          throw new EditRefused(e);
        }
        const next = typeof outcome === 'string' ? outcome : outcome.text;
        if (next === current && (before !== undefined || next === '')) return { changed: false, text: current, backupPath: undefined };
        temp = `${target}${TEMP_TAG}${process.pid}-${randomBytes(6).toString('hex')}`;
        await writeSynced(temp, Buffer.from(next, 'latin1'));
        if (backupPath !== undefined) await unlink(backupPath).catch(() => undefined);
        backupPath = undefined;
        if (before !== undefined && typeof outcome !== 'string' && outcome.backup === true) {
          backupPath = await writeBackupBytes(target, before, (opts.backupAt ?? (() => new Date()))());
        }
        if (!sameBytes(await readBytes(target), before)) {
          await unlink(temp).catch(() => undefined);
          temp = undefined;
          continue;
        }
        await renameOver(temp, target);
        temp = undefined;
        await fsyncDir(dir);
        return { changed: true, text: next, backupPath };
      }
      if (backupPath !== undefined) await unlink(backupPath).catch(() => undefined);
      throw new RolecallError('FileWriteFailed', `${path} kept changing while Rolecall tried to update it.`, {
        action: 'Another program is rewriting this file continuously; stop it and try again.',
        details: { path },
      });
    } finally {
      await lock.release();
    }
  } catch (e) {
    if (temp !== undefined) await unlink(temp).catch(() => undefined);
    if (e instanceof EditRefused) throw e.reason;
    throw writeFailed(path, e);
  }
}
