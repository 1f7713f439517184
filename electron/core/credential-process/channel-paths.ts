/**
 * Where the app and the `rolecall` CLI meet: a Unix socket in the app data directory (an owner-only
 * folder keeps others out), or on Windows a named pipe with a random name the app writes into the
 * owner-only token file (pipes live in a namespace any local user can create names in, so a
 * predictable name could be squatted while the app is down), plus the token file itself.
 */
import { join } from 'node:path';

export interface ChannelPaths {
  socketPath: string;
  tokenPath: string;
}

export const SOCKET_FILE = 'rolecall.sock';
export const TOKEN_FILE = 'credential-process.token';

/**
 * The paths both ends use. On Windows the pipe name comes from `channel` (the random id in the token
 * file): without one there is no pipe to name, and `socketPath` is empty.
 */
export function channelPaths(dir: string, platform: NodeJS.Platform = process.platform, channel?: string): ChannelPaths {
  const tokenPath = join(dir, TOKEN_FILE);
  if (platform === 'win32') return { socketPath: channel === undefined ? '' : `\\\\.\\pipe\\rolecall-${channel}`, tokenPath };
  return { socketPath: join(dir, SOCKET_FILE), tokenPath };
}
