/**
 * The system program that opens a URL in the default browser, by absolute path: a bare `xdg-open`,
 * `open` or `rundll32` would be looked up through PATH (on Windows the current directory first), so
 * a file of that name in a cloned repository could run instead. macOS and Windows have fixed system
 * paths; on Linux `xdg-open` is searched in absolute PATH entries only (find-node.ts's rule).
 */
import { win32 } from 'node:path';
import { RolecallError } from '../errors';
import { findProgramOnPath } from '../credential-process/find-node';

export interface OpenerCommand {
  file: string;
  args: string[];
}

/** The program and arguments that open `url`; `url` should be a one-time loopback URL, never a secret. */
export function browserOpener(url: string, opts: { platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv } = {}): OpenerCommand {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  if (platform === 'darwin') return { file: '/usr/bin/open', args: [url] };
  // not `cmd /c start`: cmd.exe would cut the URL at its first `&` and run the rest as commands
  if (platform === 'win32') return { file: win32.join(env.SystemRoot ?? 'C:\\Windows', 'System32', 'rundll32.exe'), args: ['url.dll,FileProtocolHandler', url] };
  const xdgOpen = findProgramOnPath('xdg-open', { env, platform, extraDirs: ['/usr/bin', '/usr/local/bin'] });
  if (!xdgOpen) {
    throw new RolecallError('ConsoleUnsupported', 'No xdg-open was found to open a browser (only absolute PATH entries are searched).', {
      action: 'Install xdg-utils, or run again with --stdout and open the printed URL yourself.',
    });
  }
  return { file: xdgOpen, args: [url] };
}
