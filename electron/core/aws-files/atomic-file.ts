/**
 * Crash-safe, concurrency-aware replacement of a shared AWS file.
 *
 * A reader (the AWS CLI, an SDK, a SIGKILL at any instant) must only ever see the old file or the
 * new one, never a torn one: so the new bytes go to a temp file in the same directory, are fsynced,
 * and renamed over the original, then the directory is fsynced so the rename survives a power cut.
 * Rolecall processes serialise on an advisory lock; tools that ignore it (the AWS CLI's `configure
 * set`, an editor) are handled by re-reading the file right before the rename and, if it changed,
 * re-applying the edit to the new content instead of overwriting their change — and by reading the
 * replaced file once more after the rename: a writer that opened it before the rename (the AWS
 * CLI truncates, then writes) lands its bytes there, and the edit is re-applied to them.
 *
 * Known limit: a writer that opened the file for append before our check and writes only after
 * that last read (a process descheduled between its `open('a')` and its `write`) still loses its
 * new section. Only an in-place writer could avoid that, at the cost of torn reads for everyone.
 *
 * Content is handled as a binary string (latin1: one char per byte), so a file in any encoding —
 * or with invalid UTF-8 — keeps every byte the edit does not touch.
 */
import { mkdir, open, readFile, readdir, realpath, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { RolecallError, isRolecallError } from '../errors';
import { openIfExists, readSettled, readWhole, sameBytes, settledWhole } from './settled-reads';
import { acquireLock, processAlive, type LockOptions } from './file-lock';

export interface EditOptions extends LockOptions {
  /** How many times the edit may be re-applied because the file changed under us (default 5). */
  readonly maxAttempts?: number;
  /** Time that names a backup (default: now). */
  readonly backupAt?: () => Date;
  /**
   * Runs between the last check of the file and the rename, for tests that put another writer in
   * exactly that window (see the post-rename check in the module note).
   */
  readonly onBeforeRename?: () => void | Promise<void>;
}

/**
 * What an edit may return instead of a plain string: the new content plus whether the content it
 * replaces must be backed up first (e.g. when taking over a section the user wrote). The decision
 * belongs to the edit because only it has looked at the current content.
 */
export interface EditOutcome {
  readonly text: string;
  readonly backup?: boolean;
  /** What the backup holds instead of the file as it was (binary string): a scrub's redacted copy. */
  readonly backupText?: string;
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
      /** Set when a write landed in the file we had just replaced: theirs to edit, ours on disk. */
      let lostUnder: { theirs: Buffer | undefined; ours: Buffer } | undefined;
      for (let attempt = 0; attempt < maxAttempts; attempt++) {
        const onDisk = lostUnder ? lostUnder.ours : await readSettled(target);
        const before = lostUnder ? lostUnder.theirs : onDisk;
        const current = before === undefined ? '' : before.toString('latin1');
        let outcome: string | EditOutcome;
        try {
          outcome = edit(current);
        } catch (e) {
          throw new EditRefused(e);
        }
        const next = typeof outcome === 'string' ? outcome : outcome.text;
        if (!lostUnder && next === current && (before !== undefined || next === '')) return { changed: false, text: current, backupPath: undefined };
        const nextBytes = Buffer.from(next, 'latin1');
        temp = `${target}${TEMP_TAG}${process.pid}-${randomBytes(6).toString('hex')}`;
        await writeSynced(temp, nextBytes);
        if (backupPath !== undefined) await unlink(backupPath).catch(() => undefined);
        backupPath = undefined;
        if (before !== undefined && typeof outcome !== 'string' && outcome.backup === true) {
          const saved = outcome.backupText === undefined ? before : Buffer.from(outcome.backupText, 'latin1');
          backupPath = await writeBackupBytes(target, saved, (opts.backupAt ?? (() => new Date()))());
        }
        const replaced = await openIfExists(target);
        try {
          if (!sameBytes(replaced && (await readWhole(replaced)), onDisk)) {
            lostUnder = undefined;
            await unlink(temp).catch(() => undefined);
            temp = undefined;
            continue;
          }
          await opts.onBeforeRename?.();
          await renameOver(temp, target);
          temp = undefined;
          // A writer without our lock that opened the file before the rename wrote into the file we
          // just replaced: its change would be lost. Read that file once more; if it changed, apply
          // the edit to its content and replace ours with the result.
          const after = replaced && (await settledWhole(replaced, onDisk));
          if (!sameBytes(after, onDisk)) {
            lostUnder = { theirs: after, ours: nextBytes };
            continue;
          }
        } finally {
          await replaced?.close();
        }
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
