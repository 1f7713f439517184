/**
 * Reads Rolecall's own state file for doctor without the state store: the store sets a corrupt
 * file aside on load, and a diagnosis must leave things as it found them. Settings come back with
 * their defaults filled in, plus one finding about the file itself.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STATE_FILE_NAME } from '../state/paths';
import { defaultState, stateSchema } from '../state/schema';
import type { DoctorCheck, DoctorSettings } from './types';

export async function readDoctorState(appDataDir: string): Promise<{ settings: DoctorSettings; check: DoctorCheck }> {
  const file = join(appDataDir, STATE_FILE_NAME);
  const defaults = defaultState().settings;
  const fallback = { defaultTarget: defaults.defaultTarget, roleTargets: defaults.roleTargets, keyMaxAgeDays: defaults.keyMaxAgeDays };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { settings: fallback, check: { id: 'state', status: 'ok', message: `No Rolecall state file yet (${file}); default settings apply.` } };
    return { settings: fallback, check: { id: 'state', status: 'warn', message: `Rolecall's state file ${file} could not be read (${code ?? 'error'}).`, fix: `Check that ${file} belongs to you and is readable.` } };
  }
  let parsed: ReturnType<typeof stateSchema.safeParse> | undefined;
  try {
    parsed = stateSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) {
    return {
      settings: fallback,
      check: {
        id: 'state',
        status: 'warn',
        message: `Rolecall's state file ${file} is corrupt: the next start sets it aside and uses default settings, without the earlier sessions.`,
        fix: 'Start Rolecall (or run any rolecall command) to set it aside, then check your settings.',
      },
    };
  }
  const { defaultTarget, roleTargets, keyMaxAgeDays } = parsed.data.settings;
  return {
    settings: { defaultTarget, roleTargets, keyMaxAgeDays },
    check: { id: 'state', status: 'ok', message: `Rolecall's state file is readable (${parsed.data.sessions.length} session(s) recorded).` },
  };
}
