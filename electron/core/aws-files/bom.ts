/**
 * A UTF-8 byte order mark at the start of a shared AWS file. Some editors on Windows write one;
 * botocore then refuses the whole file ("Unable to parse config file"), so every `aws` command
 * fails while the JS SDK reads on. Rolecall otherwise keeps every byte, the BOM included: it goes
 * only when the user asks (`rolecall doctor --fix-bom`, or the Diagnostics button), after a backup.
 */
import { open } from 'node:fs/promises';
import { RolecallError } from '../errors';
import { editFileAtomically } from './atomic-file';
import type { AwsPaths } from './paths';

/** The BOM as the binary string (one char per byte) the edit callbacks see. */
const BOM = '\xEF\xBB\xBF';

/** True when `file` starts with the UTF-8 BOM; false when it does not or does not exist. */
export async function startsWithBom(file: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    throw new RolecallError('ConfigMalformed', `Could not read ${file} (${code ?? 'error'}).`, { action: 'Check that the file is readable by you.', cause: e });
  }
  try {
    const buf = Buffer.alloc(3);
    const { bytesRead } = await fh.read(buf, 0, 3, 0);
    return bytesRead === 3 && buf.toString('latin1') === BOM;
  } finally {
    await fh.close();
  }
}

/**
 * Removes the leading BOM from `file` (atomic, under the lock, backup first); every other byte
 * stays. No change (and no backup) when the file has none or does not exist.
 */
export async function removeBom(file: string, opts: { now?: () => Date } = {}): Promise<{ removed: boolean; backupPath: string | undefined }> {
  if (!(await startsWithBom(file))) return { removed: false, backupPath: undefined };
  const result = await editFileAtomically(file, (current) => (current.startsWith(BOM) ? { text: current.slice(BOM.length), backup: true } : current), {
    backupAt: opts.now ?? (() => new Date()),
  });
  return { removed: result.changed, backupPath: result.backupPath };
}

/** A file whose BOM was removed, and where the copy from before went. */
export interface BomRemoval {
  file: string;
  backupPath?: string;
}

/** Removes the BOM from whichever of the two shared files has one; lists those it changed. */
export async function removeBoms(paths: Pick<AwsPaths, 'configFile' | 'credentialsFile'>, opts: { now?: () => Date } = {}): Promise<BomRemoval[]> {
  const out: BomRemoval[] = [];
  for (const file of [paths.credentialsFile, paths.configFile]) {
    const r = await removeBom(file, opts);
    if (r.removed) out.push(r.backupPath === undefined ? { file } : { file, backupPath: r.backupPath });
  }
  return out;
}
