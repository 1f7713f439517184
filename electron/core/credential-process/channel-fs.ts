/**
 * File-system side of the local channel on Unix: the owner-only app data directory, and a stale
 * socket file left behind by a crashed app.
 *
 * Node cannot read a Unix socket peer's credentials (no SO_PEERCRED / getpeereid), so the server
 * cannot ask "which user is connecting?". The defence against other users is the file system
 * instead: the directory is 0700 and owned by us (nobody else can even reach the socket inside it),
 * the socket is 0600 (connecting needs write permission), and the token file is 0600.
 */
import { connect } from 'node:net';
import { chmod, lstat, mkdir, rm } from 'node:fs/promises';
import { RolecallError } from '../errors';

/** Creates the directory owner-only, or tightens it, and refuses one that belongs to someone else. */
export async function prepareChannelDir(dir: string, platform: NodeJS.Platform): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw channelFsError(`Could not create the app data folder ${dir} for the credential_process channel.`, e);
  }
  if (platform === 'win32') return;
  const st = await lstat(dir);
  if (!st.isDirectory()) {
    throw new RolecallError('FileWriteFailed', `${dir} is not a folder, so the credential_process channel cannot live there.`, { action: 'Move the file out of the way and restart Rolecall.' });
  }
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    throw new RolecallError('AccessDenied', `The folder ${dir} belongs to another user; Rolecall will not open its credential_process channel there.`, {
      action: 'Give the folder back to your user (chown), or remove it and restart Rolecall.',
    });
  }
  if ((st.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

/** True when a server accepts connections on `path` within `timeoutMs`. */
export function socketAnswers(path: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    const done = (answer: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Removes a socket file that nobody answers on (the app crashed and left it). One that answers
 * belongs to a running Rolecall and is left alone.
 */
export async function removeStaleSocket(path: string): Promise<void> {
  try {
    await lstat(path);
  } catch {
    return;
  }
  if (await socketAnswers(path)) {
    throw new RolecallError('FileLocked', `Another Rolecall instance already answers credential_process requests at ${path}.`, {
      action: 'Quit the other Rolecall instance (check the tray), then start this one again.',
    });
  }
  try {
    await rm(path, { force: true });
  } catch (e) {
    throw channelFsError(`Could not remove the stale credential_process socket ${path}.`, e);
  }
}

export function channelFsError(message: string, e: unknown): RolecallError {
  const code = typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'unknown';
  return new RolecallError('FileWriteFailed', message, {
    action: 'Check the permissions of the app data folder and that the disk is not full, then restart Rolecall.',
    cause: e,
    details: { reason: code },
  });
}
