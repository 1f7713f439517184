/**
 * The shared secret of the local channel. The socket's permissions keep other users out on Unix;
 * the token is what keeps out everything else that can reach the socket or pipe (a Windows named
 * pipe's default ACL, a sandboxed process of the same user that can connect but not read the app
 * data directory). It changes every time the app starts.
 *
 * The file also names the channel (a random pipe name on Windows, where pipes sit in a namespace any
 * local user can create names in), and the token proves the server to the client: the client sends
 * a nonce, the server answers with an HMAC of it under the token, and an answer without that proof
 * (a squatter on the name, a stale token file after a crash) is treated as "no app running".
 */
import { randomBytes, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { chmod, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** 32 random bytes as 64 hex characters. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

const TOKEN_RE = /^[0-9a-f]{64}$/;
const CHANNEL_RE = /^[0-9a-f]{32}$/;

/** 16 random bytes as 32 hex characters: a channel name, or a client's nonce. */
export function newChannelId(): string {
  return randomBytes(16).toString('hex');
}

/** The token file's content: the token, and the channel name where there is one. */
export interface ChannelFile {
  token: string;
  channel?: string;
}

/** What the server sends back for the client's `nonce`: only a holder of `token` can compute it. */
export function serverProof(token: string, nonce: string): string {
  return createHmac('sha256', token).update(`rolecall-credential-process-server:${nonce}`).digest('hex');
}

/** Whether `proof` is the server proof for `nonce` under `token` (constant time). */
export function proofValid(token: string, nonce: string, proof: unknown): boolean {
  return typeof proof === 'string' && tokensEqual(serverProof(token, nonce), proof);
}

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
export async function writeTokenFile(path: string, token: string, channel?: string): Promise<void> {
  const tmp = join(dirname(path), `.credential-process.token.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(`${token}\n${channel === undefined ? '' : `${channel}\n`}`, 'utf8');
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
  return (await readChannelFile(path))?.token;
}

/** Token and channel name, or undefined when the file is missing, unreadable or malformed. */
export async function readChannelFile(path: string): Promise<ChannelFile | undefined> {
  try {
    return parseChannelFile(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function parseChannelFile(text: string): ChannelFile | undefined {
  const [token, channel, ...rest] = text.trim().split(/\r?\n/);
  if (!isTokenShaped(token) || rest.length > 0) return undefined;
  if (channel === undefined) return { token };
  return CHANNEL_RE.test(channel) ? { token, channel } : undefined;
}

/** `removeTokenFileIfOurs` for the last moment of a quit, when no promise callback runs any more. */
export function removeTokenFileIfOursSync(path: string, token: string): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return;
  }
  if (parseChannelFile(text)?.token === token) rmSync(path, { force: true });
}

/** Removes the token file only if it still holds `token` (a newer app instance may have replaced it). */
export async function removeTokenFileIfOurs(path: string, token: string): Promise<void> {
  if ((await readTokenFile(path)) === token) await rm(path, { force: true });
}
