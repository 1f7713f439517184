/**
 * A small JSON file holding what must survive a restart: settings and which sessions were active
 * where. No secrets ever (the schema has no field for one and drops unknown fields).
 *
 * Two promises users of the peers did not get (Leapp #282: a corrupt state file bricked start-up):
 * - Loading never throws because of the file's content. A file that is not JSON or does not fit the
 *   schema is renamed aside (`state.json.corrupt-<time>`) and the app starts on defaults with a
 *   notice saying where the old file went.
 * - Writing is atomic: a temp file in the same directory, fsynced, renamed over the old one, the
 *   directory fsynced. A crash leaves the old state or the new one, never half of each.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, renameOver, writeSynced } from '../aws-files/atomic-file';
import { RolecallError } from '../errors';
import { STATE_FILE_NAME } from './paths';
import { STATE_VERSION, defaultState, stateSchema, type RolecallState } from './schema';

export type { RolecallState, Settings, StoredSession } from './schema';

export interface LoadResult {
  state: RolecallState;
  /** Set when the file could not be used and was set aside: show it to the user once. */
  notice?: string;
}

export interface StateStore {
  /** Absolute path of the state file. */
  readonly file: string;
  load(): Promise<LoadResult>;
  save(state: RolecallState): Promise<void>;
  /**
   * Read-modify-write from the file's current content. Updates from one process run one at a
   * time, so two quick updates (a settings change and a session refresh) never lose each other.
   * `fn` may mutate its argument or return a new state.
   */
  update(fn: (state: RolecallState) => RolecallState | void | Promise<RolecallState | void>): Promise<RolecallState>;
}

export interface StateStoreOptions {
  /** Names the set-aside file. Default: now. */
  now?: () => Date;
  /** Receives a notice when an update had to set a corrupt file aside. */
  onNotice?: (notice: string) => void;
}

/** Larger than any state Rolecall writes by orders of magnitude; bigger means it is not ours. */
const MAX_BYTES = 5 * 1024 * 1024;

function errnoCode(e: unknown): string {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'unknown';
}

export function createStateStore(dir: string, options: StateStoreOptions = {}): StateStore {
  const file = join(dir, STATE_FILE_NAME);
  const now = options.now ?? (() => new Date());
  let queue: Promise<unknown> = Promise.resolve();

  async function setAside(why: string): Promise<string> {
    const aside = `${file}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(file, aside);
      return `Rolecall's state file ${why}, so it was moved to ${aside}. Settings are back to their defaults and earlier sessions were not restored.`;
    } catch (e) {
      return `Rolecall's state file ${file} ${why} and could not be moved aside (${errnoCode(e)}). Settings are back to their defaults; saving will replace the file.`;
    }
  }

  async function load(): Promise<LoadResult> {
    let text: string;
    try {
      const bytes = await readFile(file);
      if (bytes.length > MAX_BYTES) return { state: defaultState(), notice: await setAside(`was ${bytes.length} bytes, far too large to be Rolecall's`) };
      text = bytes.toString('utf8');
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return { state: defaultState() };
      return { state: defaultState(), notice: await setAside(`could not be read (${errnoCode(e)})`) };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { state: defaultState(), notice: await setAside('was not valid JSON') };
    }
    const parsed = stateSchema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'the top level';
      return { state: defaultState(), notice: await setAside(`had an invalid value at ${where}`) };
    }
    return { state: parsed.data };
  }

  async function save(state: RolecallState): Promise<void> {
    const parsed = stateSchema.safeParse(state);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RolecallError('InvalidInput', `Refusing to save an invalid setting (${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}).`, {
        action: 'Correct the value and save again.',
      });
    }
    const body = `${JSON.stringify({ version: STATE_VERSION, ...parsed.data }, null, 2)}\n`;
    const tmp = join(dir, `.${STATE_FILE_NAME}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const created = await mkdir(dir, { recursive: true, mode: 0o700 });
      if (created !== undefined) await fsyncDir(join(created, '..'));
      await writeSynced(tmp, Buffer.from(body, 'utf8'));
      await renameOver(tmp, file);
      await fsyncDir(dir);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw new RolecallError('FileWriteFailed', `Rolecall could not save its state to ${file} (${errnoCode(e)}).`, {
        action: 'Check that the folder exists, is yours and the disk is not full, then try again.',
        cause: e,
      });
    }
  }

  function update(fn: (state: RolecallState) => RolecallState | void | Promise<RolecallState | void>): Promise<RolecallState> {
    const run = async () => {
      const { state, notice } = await load();
      if (notice) options.onNotice?.(notice);
      const next = (await fn(state)) ?? state;
      await save(next);
      return stateSchema.parse(next);
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  }

  return { file, load, save, update };
}
