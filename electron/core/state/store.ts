/**
 * A small JSON file holding the user's settings, and nothing that can go stale: which session a
 * target holds is recorded by the credentials file's marker (sessions/ledger.ts), which every
 * process reads and changes under the file lock. A `sessions` list written by an older Rolecall is
 * still read (to describe its markers) but never written again. No secrets ever (the schema has no
 * field for one and drops unknown fields).
 *
 * Two promises users of the peers did not get (Leapp #282: a corrupt state file bricked start-up):
 * - Loading never throws because of the file's content, and never writes: read-only commands leave
 *   the folder as it was. A file that is not JSON or does not fit the schema gives defaults and a
 *   notice; the next update renames it aside (`state.json.corrupt-<time>`) before it saves.
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
  /** Set when the file could not be used: show it to the user once. */
  notice?: string;
  /** Why the file could not be used; the next update sets it aside before it saves. */
  unusable?: string;
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
      return `Rolecall's state file ${why}, so it was moved to ${aside}. Settings are back to their defaults.`;
    } catch (e) {
      return `Rolecall's state file ${file} ${why} and could not be moved aside (${errnoCode(e)}). Settings are back to their defaults; saving will replace the file.`;
    }
  }

  /** An unusable file, reported; reading never moves or rewrites anything (read-only commands run this). */
  function unusable(why: string): LoadResult {
    return { state: defaultState(), unusable: why, notice: `Rolecall's state file ${file} ${why}. Settings are at their defaults; the next change of a setting moves the file aside and saves new ones.` };
  }

  async function load(): Promise<LoadResult> {
    let text: string;
    try {
      const bytes = await readFile(file);
      if (bytes.length > MAX_BYTES) return unusable(`was ${bytes.length} bytes, far too large to be Rolecall's`);
      text = bytes.toString('utf8');
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return { state: defaultState() };
      return unusable(`could not be read (${errnoCode(e)})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return unusable('was not valid JSON');
    }
    const parsed = stateSchema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'the top level';
      return unusable(`had an invalid value at ${where}`);
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
    // settings only: which session a target holds is the credentials file's marker (sessions/ledger.ts)
    const body = `${JSON.stringify({ version: STATE_VERSION, settings: parsed.data.settings, keyAgeNotified: parsed.data.keyAgeNotified }, null, 2)}\n`;
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
      const { state, unusable: why } = await load();
      if (why !== undefined) options.onNotice?.(await setAside(why));
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
