/**
 * Where the app and the `rolecall` CLI meet: a Unix socket in the app data directory, or on Windows
 * a named pipe whose name is derived from the user and that directory (pipes live in their own
 * namespace, not in the file system), plus the token file next to it.
 */
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export interface ChannelPaths {
  socketPath: string;
  tokenPath: string;
}

export const SOCKET_FILE = 'rolecall.sock';
export const TOKEN_FILE = 'credential-process.token';

/** Both ends compute the same paths from the app data directory alone. */
export function channelPaths(dir: string, platform: NodeJS.Platform = process.platform): ChannelPaths {
  const tokenPath = join(dir, TOKEN_FILE);
  if (platform === 'win32') {
    const user = safeUserName().replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 32) || 'user';
    const hash = createHash('sha256').update(dir.toLowerCase()).digest('hex').slice(0, 16);
    return { socketPath: `\\\\.\\pipe\\rolecall-${user}-${hash}`, tokenPath };
  }
  return { socketPath: join(dir, SOCKET_FILE), tokenPath };
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USERNAME ?? process.env.USER ?? '';
  }
}
