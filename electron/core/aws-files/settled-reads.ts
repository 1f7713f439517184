/**
 * Reading a file that other programs rewrite in place, without a lock. The AWS CLI's `configure
 * set` truncates the credentials file and writes it again, which gives two hazards:
 * - a `read()` that runs while it writes copies some bytes of the old version and some of the new
 *   — a file that never existed. Two reads in a row that agree are taken as one version;
 * - between the truncation and the write the file is empty. A reader that is about to write the
 *   file back (the atomic writer) waits for a freshly emptied file to fill.
 */
import { open, readFile, stat, type FileHandle } from 'node:fs/promises';

/** Reads before giving up on agreement and taking the latest read as it is. */
const MAX_READS = 6;

/** The file's bytes, `undefined` when it does not exist; other errors are thrown as they are. */
export async function readBytes(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export const sameBytes = (a: Buffer | undefined, b: Buffer | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.equals(b);

/**
 * What `read` returns once two consecutive calls agree. A file rewritten without pause for every
 * read yields its latest read (the writer's re-check before its rename still guards writes).
 */
async function untilTwoAgree<T extends Buffer | undefined>(read: () => Promise<T>): Promise<T> {
  let last = await read();
  for (let n = 1; n < MAX_READS; n++) {
    const again = await read();
    if (sameBytes(again, last)) return again;
    last = again;
  }
  return last;
}

/** The file's bytes as two consecutive reads agree on them. */
export function readAgreed(path: string): Promise<Buffer | undefined> {
  return untilTwoAgree(() => readBytes(path));
}

/**
 * Agreed reads, but not while another program is visibly in the middle of rewriting the file: the
 * AWS CLI (and most editors) truncate first and write after, so an existing file that is empty and
 * was modified a moment ago is most likely half-written. Waits (bounded) until it has content or
 * has stayed empty for a while; a file that is genuinely empty costs at most that wait.
 */
async function untilFilled<T extends Buffer | undefined>(read: () => Promise<T>, modifiedAt: () => Promise<number>): Promise<T> {
  const giveUpAt = Date.now() + TRUNCATED_WAIT_MS * 2;
  for (;;) {
    const bytes = await untilTwoAgree(read);
    if (bytes === undefined || bytes.length > 0) return bytes;
    const modified = await modifiedAt();
    if (Date.now() - modified >= TRUNCATED_WAIT_MS || Date.now() >= giveUpAt) return bytes;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Reads the file for an edit (see {@link untilFilled}): editing a half-written, empty file would
 * rename a file holding only our section over the user's whole file.
 */
export function readSettled(path: string): Promise<Buffer | undefined> {
  return untilFilled(
    () => readBytes(path),
    () => stat(path).then((s) => s.mtimeMs, () => 0),
  );
}

/** How long an empty file must have been left alone before we believe it is meant to be empty. */
const TRUNCATED_WAIT_MS = 1500;

export async function openIfExists(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** All bytes of an open file, from its start, however often the handle was read before. */
export async function readWhole(fh: FileHandle): Promise<Buffer> {
  const { size } = await fh.stat();
  const out = Buffer.alloc(size);
  let got = 0;
  while (got < size) {
    const { bytesRead } = await fh.read(out, got, size - got, got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === size ? out : out.subarray(0, got);
}

/**
 * The replaced file's content once its writer is done: a writer that truncated it (the AWS CLI's
 * `open('w')`) and has not written yet leaves it empty for a moment, so an emptied file is waited
 * on like {@link readSettled} does; two reads that agree stand for one version.
 */
export function settledWhole(fh: FileHandle, expected: Buffer | undefined): Promise<Buffer> {
  const read = () => readWhole(fh);
  // an empty file that was empty before too is not waited on
  if (!expected?.length) return untilTwoAgree(read);
  return untilFilled(read, async () => (await fh.stat()).mtimeMs);
}
