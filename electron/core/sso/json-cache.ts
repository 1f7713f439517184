/**
 * Files in `~/.aws/sso/cache`, shared with botocore: JSON printed as Python's `json.dumps` prints it
 * (`", "` / `": "` separators, non-ASCII escaped), written through a temp file, fsync and rename with
 * mode 0600 in a 0700 directory, and read with two reads that agree (botocore writes in place). A
 * file that is not a JSON object counts as absent — the AWS CLI treats it the same way.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncDir, renameOver, writeSynced } from '../aws-files/atomic-file';
import { readAgreed } from '../aws-files/settled-reads';
import { RolecallError } from '../errors';

type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/** Python's `json.dumps(value)` for the shapes these files hold. */
export function pyJsonDumps(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${pyJsonDumps(k)}: ${pyJsonDumps(v)}`).join(', ')}}`;
  }
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return JSON.stringify(value);
}

/** The file as a JSON object; undefined when missing or not a JSON object. */
export async function readJsonCache(path: string): Promise<Record<string, unknown> | undefined> {
  let bytes: Buffer | undefined;
  try {
    bytes = await readAgreed(path);
  } catch (e) {
    throw ioError('read', path, e);
  }
  if (bytes === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Replaces the file atomically with `value`, 0600. */
export async function writeJsonCache(path: string, value: { [k: string]: JsonValue }): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.rolecall-tmp-${randomBytes(6).toString('hex')}.json`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeSynced(temp, Buffer.from(pyJsonDumps(value), 'utf8'));
    await renameOver(temp, path);
    await chmod(path, 0o600).catch(() => undefined);
    await fsyncDir(dir);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw ioError('write', path, e);
  }
}

/** Removes the file; false when it was not there. */
export async function deleteJsonCache(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw ioError('remove', path, e);
  }
}

function ioError(verb: 'read' | 'write' | 'remove', path: string, e: unknown): RolecallError {
  return new RolecallError('FileWriteFailed', `Cannot ${verb} the SSO cache file "${path}": ${(e as NodeJS.ErrnoException).code ?? 'unknown error'}.`, {
    action: 'Check that you own ~/.aws/sso/cache (chmod 700) and its files (chmod 600), and that the disk is not full.',
    details: { file: path },
  });
}
