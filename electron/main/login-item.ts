/**
 * "Start at login". macOS and Windows have it built in (`app.setLoginItemSettings`); on Linux
 * Electron does nothing there, so Rolecall writes an XDG autostart entry instead — otherwise the
 * setting would silently not work on the platform our CI runs on. A login start passes `--hidden`
 * so the app comes up in the tray without opening its window.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RolecallError } from '../core/errors';

export const HIDDEN_FLAG = '--hidden';

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  /** The program to start: `$APPIMAGE` for an AppImage, else the executable. */
  executable: string;
  /** `$XDG_CONFIG_HOME/autostart` (default `~/.config/autostart`). */
  autostartDir: string;
}

export function autostartDirFor(env: Record<string, string | undefined>, home: string): string {
  return join(env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config'), 'autostart');
}

/** A desktop entry; the path is quoted per the Desktop Entry spec (spaces, quotes, backslashes). */
export function desktopEntry(executable: string): string {
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`;
  return ['[Desktop Entry]', 'Type=Application', 'Name=Rolecall', 'Comment=AWS credentials from your keychain', `Exec=${quoted} ${HIDDEN_FLAG}`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

export async function applyStartAtLogin(enabled: boolean, deps: LoginItemDeps): Promise<void> {
  if (deps.platform !== 'linux') {
    deps.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
    return;
  }
  const file = join(deps.autostartDir, 'rolecall.desktop');
  try {
    if (enabled) {
      await mkdir(deps.autostartDir, { recursive: true });
      await writeFile(file, desktopEntry(deps.executable), { mode: 0o644 });
    } else {
      await rm(file, { force: true });
    }
  } catch (e) {
    throw new RolecallError('FileWriteFailed', `Could not ${enabled ? 'create' : 'remove'} the autostart entry ${file}.`, {
      action: 'Check that your ~/.config/autostart folder is writable, then change the setting again.',
      cause: e,
    });
  }
}
