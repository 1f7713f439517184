/**
 * The app's end of the credential_process bridge: a local socket (Unix) or named pipe (Windows) that
 * answers `rolecall credential-process` with the app's cached sessions, prompting for MFA through the
 * app's own popup. So the AWS CLI and SDKs share one session and one prompt with the tray, and the
 * credentials never touch the disk.
 *
 * Security model (Leapp's local socket handed keychain secrets to anyone who asked):
 * - Unix: the socket lives in an owner-only (0700) directory and is itself 0600. Node cannot check
 *   the peer's uid (no SO_PEERCRED), so these permissions are what keep other users out.
 * - Windows: the pipe's name is random per start and written only into the owner-only token file.
 * - The server proves itself: a request's nonce is answered with `proof` = HMAC(token, nonce), which
 *   the client checks before it believes any answer (token-file.ts).
 * - Every request must carry the 32-byte random token from the 0600 token file, compared in constant
 *   time before anything else in the request is looked at. It is new on every start.
 * - Requests are one line of at most 4 KB of strict JSON, sent within a few seconds of connecting.
 * - Only temporary credentials (with a session token) are ever sent; long-term keys never.
 * - Against MFA prompt fatigue: `minRemainingSeconds` is capped at the chained-role session limit (so
 *   a cached MFA session always suffices), a caller that disconnects leaves the prompt's queue, and
 *   the prompt names the request ("credential_process for profile admin"; see MfaBroker).
 * Each connection is handled on its own: concurrent callers are neither queued nor merged here; the
 * core's MFA broker makes concurrent callers share one prompt.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { chmod, rm } from 'node:fs/promises';
import type { RolecallCore } from '../facade/app-core-types';
import { RolecallError, toErrorInfo, type ErrorInfo } from '../errors';
import { channelPaths } from './channel-paths';
import { channelFsError, prepareChannelDir, removeStaleSocket } from './channel-fs';
import { CREDENTIAL_PROCESS_MAX_MIN_REMAINING_SECONDS, CREDENTIAL_PROCESS_MIN_REMAINING_SECONDS, toCredentialProcessOutput } from './format';
import { encodeResponse, MAX_REQUEST_BYTES, NONCE_RE, parseRequest, type ChannelRequest, type ChannelResponse } from './protocol';
import { newChannelId, newToken, removeTokenFileIfOurs, removeTokenFileIfOursSync, serverProof, writeTokenFile } from './token-file';

export interface CredentialServerOptions {
  /** The app data directory: the socket and the token file go here. */
  dir: string;
  platform?: NodeJS.Platform;
  /** How long a client may take to send its request line; 5 s when absent. */
  requestTimeoutMs?: number;
  /** Connections served at once; 64 when absent. */
  maxConnections?: number;
  /**
   * Whether a missing MFA code may be asked for in the app's popup (the tray app: true). A headless
   * `rolecall agent` has no popup: the caller gets MfaRequired and asks on its own terminal.
   */
  canPrompt?: boolean;
  /** The agent's operations for the CLI (`op` requests; agent/ops.ts); absent: refused. */
  ops?: (request: ChannelRequest & { op: NonNullable<ChannelRequest['op']> }, signal: AbortSignal) => Promise<unknown>;
}

export interface CredentialServer {
  /** Stops listening, drops open connections, removes the socket and (if still ours) the token file. */
  close(): Promise<void>;
  /** Removes the token file (if still ours) at once, synchronously: the first step of a quit. */
  removeTokenFileSync(): void;
  socketPath: string;
  tokenPath: string;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 5000;
/** sockaddr_un holds 108 bytes on Linux, 104 on macOS, including the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 103;

/** Starts serving credential_process requests for `core`. */
export async function startCredentialServer(
  core: Pick<RolecallCore, 'credentialsFor'>,
  opts: CredentialServerOptions,
): Promise<CredentialServer> {
  const platform = opts.platform ?? process.platform;
  const channel = platform === 'win32' ? newChannelId() : undefined;
  const { socketPath, tokenPath } = channelPaths(opts.dir, platform, channel);
  if (platform !== 'win32' && Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    throw new RolecallError('FileWriteFailed', `The app data folder path is too long for a Unix socket (${socketPath}).`, {
      action: 'Use a shorter app data folder path (for example under your home folder).',
    });
  }
  await prepareChannelDir(opts.dir, platform);
  if (platform !== 'win32') await removeStaleSocket(socketPath);

  const token = newToken();
  const sockets = new Set<Socket>();
  const requestTimeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // allowHalfOpen: a client may end its side right after the request and still read the answer.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveConnection(socket, { core, token, requestTimeoutMs, canPrompt: opts.canPrompt ?? true, ...(opts.ops ? { ops: opts.ops } : {}) });
  });
  server.maxConnections = opts.maxConnections ?? 64;
  await listen(server, socketPath);
  try {
    if (platform !== 'win32') await chmod(socketPath, 0o600);
    await writeTokenFile(tokenPath, token, channel);
  } catch (e) {
    await closeServer(server, sockets);
    throw channelFsError(`Could not secure the credential_process channel in ${opts.dir}.`, e);
  }

  let closed: Promise<void> | undefined;
  return {
    socketPath,
    tokenPath,
    removeTokenFileSync: () => removeTokenFileIfOursSync(tokenPath, token),
    close() {
      closed ??= (async () => {
        await closeServer(server, sockets);
        if (platform !== 'win32') await rm(socketPath, { force: true });
        await removeTokenFileIfOurs(tokenPath, token);
      })();
      return closed;
    },
  };
}

function listen(server: Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(channelFsError(`Could not open the credential_process channel at ${socketPath}.`, e));
    server.once('error', onError);
    server.listen(socketPath, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

interface ConnectionContext extends Pick<CredentialServerOptions, 'ops'> {
  core: Pick<RolecallCore, 'credentialsFor'>;
  token: string;
  requestTimeoutMs: number;
  canPrompt: boolean;
}

/** Reads one request line (bounded in size and time), answers it once, and closes. */
function serveConnection(socket: Socket, ctx: ConnectionContext): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  /** Aborted when the client goes away before its answer: its MFA wait (if any) ends with it. */
  const gone = new AbortController();
  let requestLine = false;
  const finish = (): string => {
    done = true;
    clearTimeout(timer);
    socket.removeListener('data', onData);
    const line = Buffer.concat(chunks).toString('utf8');
    const nl = line.indexOf('\n');
    return nl === -1 ? line : line.slice(0, nl);
  };
  const refuse = (error: ErrorInfo): void => {
    finish();
    reply(socket, { ok: false, error }, true);
  };
  const onData = (chunk: Buffer): void => {
    if (done) return;
    const nl = chunk.indexOf(0x0a);
    size += nl === -1 ? chunk.length : nl;
    if (size > MAX_REQUEST_BYTES) {
      refuse({ code: 'InvalidInput', message: `The request is larger than ${MAX_REQUEST_BYTES} bytes.`, action: 'Send one short JSON line.' });
      return;
    }
    chunks.push(chunk);
    if (nl !== -1) {
      requestLine = true;
      void answer(socket, finish(), ctx, gone.signal);
    }
  };
  const onEnd = (): void => {
    // our client never half-closes after a full request line: its end means it has gone
    if (done) {
      if (requestLine) gone.abort();
      return;
    }
    if (size === 0) {
      finish();
      socket.end();
      return;
    }
    void answer(socket, finish(), ctx, gone.signal);
  };
  const timer = setTimeout(() => {
    if (!done) refuse({ code: 'InvalidInput', message: 'The request did not arrive in time.', action: 'Send the whole request line right after connecting.' });
  }, ctx.requestTimeoutMs);
  socket.on('data', onData);
  socket.on('end', onEnd);
  socket.on('close', () => gone.abort());
  socket.on('error', () => {
    clearTimeout(timer);
    socket.destroy();
  });
}

async function answer(socket: Socket, line: string, ctx: ConnectionContext, signal: AbortSignal): Promise<void> {
  const parsed = parseRequest(line, ctx.token);
  if ('problem' in parsed) {
    const code = parsed.problem === 'unauthorized' ? 'AccessDenied' : 'InvalidInput';
    const action =
      parsed.problem === 'unauthorized'
        ? 'Run rolecall as the same user as the app; if the app just restarted, run the command again.'
        : 'Use `rolecall credential-process --profile NAME`; the request format is internal.';
    reply(socket, { ok: false, error: { code, message: parsed.message, action }, ...proofOf(line, ctx.token) }, true);
    return;
  }
  const proof = parsed.request.nonce === undefined ? {} : { proof: serverProof(ctx.token, parsed.request.nonce) };
  const { op, profile = '', minRemainingSeconds, mfaCode } = parsed.request;
  let response: ChannelResponse;
  try {
    if (op !== undefined) {
      if (!ctx.ops) throw new RolecallError('InvalidInput', `This Rolecall does not serve "${op}" requests.`, { action: 'Make sure the rolecall command and the app are the same version.' });
      response = { ok: true, result: await ctx.ops({ ...parsed.request, op }, signal), ...proof };
      reply(socket, response, false);
      return;
    }
    const creds = await ctx.core.credentialsFor(profile, {
      minRemainingSeconds: Math.min(minRemainingSeconds ?? CREDENTIAL_PROCESS_MIN_REMAINING_SECONDS, CREDENTIAL_PROCESS_MAX_MIN_REMAINING_SECONDS),
      promptForMfa: ctx.canPrompt && mfaCode === undefined,
      ...(mfaCode !== undefined ? { mfaCode } : {}),
      prompt: { requestedBy: `credential_process for profile ${profile}`, signal, unattended: true },
    });
    response = { ok: true, output: toCredentialProcessOutput(creds), ...proof };
  } catch (e) {
    response = { ok: false, error: toErrorInfo(e), ...proof };
  }
  reply(socket, response, false);
}

/** The proof for a refused request's nonce, when it had a well-formed one (so the client can tell us from a squatter). */
function proofOf(line: string, token: string): { proof?: string } {
  try {
    const nonce = (JSON.parse(line) as { nonce?: unknown }).nonce;
    return typeof nonce === 'string' && NONCE_RE.test(nonce) ? { proof: serverProof(token, nonce) } : {};
  } catch {
    return {};
  }
}

/** Sends the one response line and closes; `hard` also drops whatever the client still sends. */
function reply(socket: Socket, response: ChannelResponse, hard: boolean): void {
  if (socket.destroyed || !socket.writable) return;
  socket.end(encodeResponse(response), () => {
    if (hard) socket.destroy();
  });
}
