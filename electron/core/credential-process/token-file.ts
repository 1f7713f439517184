/**
 * The shared secret of the local channel. The socket's permissions keep other users out on Unix;
 * the token is what keeps out everything else that can reach the socket or pipe (a Windows named
 * pipe's default ACL, a sandboxed process of the same user that can connect but not read the app
 * data directory). It changes every time the app starts.
 */
import { randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import { chmod, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** 32 random bytes as 64 hex characters. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

const TOKEN_RE = /^[0-9a-f]{64}$/;

/** A token file that holds anything else is treated as absent (a half-written or foreign file). */
export function isTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_RE.test(token);
}

/**
 * Compares in constant time. Both sides are hashed first so that the comparison does not even
 * reveal the length of the expected token.
 */
export function tokensEqual(expected: string, presented: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}

/**
 * Writes the token readable only by the owner, atomically: a reader sees the old token or the new
 * one, never half a file. The temporary file is created with O_EXCL and mode 0600, so it is never
 * readable by anyone else even for a moment.
 */
export async function writeTokenFile(path: string, token: string): Promise<void> {
  const tmp = join(dirname(path), `.credential-process.token.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(`${token}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (process.platform !== 'win32') await chmod(tmp, 0o600);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** The token, or undefined when the file is missing, unreadable or not a token. */
export async function readTokenFile(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const token = text.trim();
  return isTokenShaped(token) ? token : undefined;
}

/** Removes the token file only if it still holds `token` (a newer app instance may have replaced it). */
export async function removeTokenFileIfOurs(path: string, token: string): Promise<void> {
  if ((await readTokenFile(path)) === token) await rm(path, { force: true });
}
