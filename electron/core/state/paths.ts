/**
 * Where Rolecall keeps its own state (settings, which sessions are active). Never secrets: those
 * live in the keychain.
 *
 * Each OS has a conventional per-user place for an app's data; following it means backup tools and
 * users find the file where they expect it. `ROLECALL_HOME` overrides everything so tests, portable
 * installs and several side-by-side profiles can each have their own.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export function resolveAppDataDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const path = platform === 'win32' ? win32 : posix;
  if (env.ROLECALL_HOME) return path.resolve(env.ROLECALL_HOME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Rolecall');
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Rolecall');
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  return xdg && path.isAbsolute(xdg) ? path.join(xdg, 'rolecall') : path.join(home, '.config', 'rolecall');
}

/** The state file inside the app data directory. */
export const STATE_FILE_NAME = 'state.json';
