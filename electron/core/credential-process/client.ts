/**
 * The CLI's end of the credential_process bridge: ask the running app, or learn that it is not
 * running (`unavailable`) so the CLI resolves on its own. Only "nobody is there" counts as
 * unavailable; an app that is there and says no (wrong profile, MFA cancelled) is an answer, and a
 * channel that looks tampered with is an error: the CLI must not fall back around either. An
 * answer without the server's proof of the token (see token-file.ts) is not from the app: a stale
 * token file after a crash, or another user's process squatting the pipe name; the CLI then
 * resolves on its own, exactly as when no app runs.
 */
import { connect } from 'node:net';
import { lstat, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ErrorInfo } from '../errors';
import { channelPaths } from './channel-paths';
import { CREDENTIAL_PROCESS_MIN_REMAINING_SECONDS, type CredentialProcessOutput } from './format';
import type { ChannelRequest } from './protocol';
import { MAX_RESPONSE_BYTES, parseResponse, type ChannelResponse } from './response';
import { newChannelId, proofValid, readChannelFile, readTokenFile } from './token-file';

export type AppAnswer =
  | { ok: true; output: CredentialProcessOutput }
  | { ok: false; error: ErrorInfo }
  /** No app is listening; `reason` is for --debug output only. */
  | { unavailable: true; reason: string };

export interface AppRequestOptions {
  /** The app data directory (where the app keeps its socket and token file). */
  dir: string;
  profile: string;
  /** 960 s when absent: more than the 15 minutes below which the AWS CLI runs the process again. */
  minRemainingSeconds?: number;
  /** A code the caller asked for on its terminal (a headless agent answered MfaRequired). */
  mfaCode?: string;
  /** How long to wait for the answer, MFA prompt included; 3 minutes when absent. */
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

const DEFAULT_TIMEOUT_MS = 180_000;

/**
 * `unavailable` covers every connection error: no server (ENOENT, or ECONNREFUSED on a stale socket
 * file) and an app that quit mid-request alike; the CLI then resolves on its own.
 */
type Exchange = { kind: 'line'; line: string } | { kind: 'unavailable'; reason: string } | { kind: 'timeout' };

/** Asks the running Rolecall app for credential_process output for `profile`. */
export async function requestFromApp(opts: AppRequestOptions): Promise<AppAnswer> {
  const answer = await askApp(opts, {
    profile: opts.profile,
    minRemainingSeconds: opts.minRemainingSeconds ?? CREDENTIAL_PROCESS_MIN_REMAINING_SECONDS,
    ...(opts.mfaCode !== undefined ? { mfaCode: opts.mfaCode } : {}),
  });
  if ('unavailable' in answer) return answer;
  if (!answer.ok) return { ok: false, error: answer.error };
  return 'output' in answer ? { ok: true, output: answer.output } : unknownAnswer();
}

/** What an agent operation gets back: its unchecked `result`, a refusal, or nobody there. */
export type RawAnswer = { ok: true; result: unknown } | { ok: false; error: ErrorInfo } | { unavailable: true; reason: string };

/** Sends one agent operation (`fields` without token and nonce) to the running app or agent. */
export async function askAgent(opts: Omit<AppRequestOptions, 'profile' | 'minRemainingSeconds' | 'mfaCode'>, fields: Omit<ChannelRequest, 'token' | 'nonce'>): Promise<RawAnswer> {
  const answer = await askApp(opts, fields);
  if ('unavailable' in answer) return answer;
  if (!answer.ok) return { ok: false, error: answer.error };
  return 'result' in answer ? { ok: true, result: answer.result } : unknownAnswer();
}

function unknownAnswer(): { ok: false; error: ErrorInfo } {
  return { ok: false, error: { code: 'Internal', message: 'The Rolecall app sent an answer this command does not understand.', action: 'Make sure the rolecall command and the app are the same version.' } };
}

/** One authenticated exchange with whichever Rolecall app or agent holds the channel. */
async function askApp(opts: Pick<AppRequestOptions, 'dir' | 'timeoutMs' | 'platform'>, fields: Omit<ChannelRequest, 'token' | 'nonce'>): Promise<ChannelResponse | { unavailable: true; reason: string }> {
  const platform = opts.platform ?? process.platform;
  const { tokenPath } = channelPaths(opts.dir, platform);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  for (let attempt = 0; ; attempt++) {
    const file = await readChannelFile(tokenPath);
    if (file === undefined) return { unavailable: true, reason: 'no readable token file' };
    const { token } = file;
    const { socketPath } = channelPaths(opts.dir, platform, file.channel);
    if (socketPath === '') return { unavailable: true, reason: 'the token file names no channel' };
    if (platform !== 'win32') {
      const problem = await channelProblem(socketPath);
      if (problem === 'missing') return { unavailable: true, reason: 'no socket' };
      if (problem) return { ok: false, error: problem };
    }
    const nonce = newChannelId();
    const request: ChannelRequest = { token, nonce, ...fields };
    const result = await exchange(socketPath, `${JSON.stringify(request)}\n`, timeoutMs);
    if (result.kind === 'unavailable') return { unavailable: true, reason: result.reason };
    if (result.kind === 'timeout') {
      return {
        ok: false,
        error: {
          code: 'NetworkError',
          message: `The Rolecall app did not answer within ${Math.round(timeoutMs / 1000)} s.`,
          action: 'If the app shows an MFA prompt, answer it and run the command again; otherwise quit the app to use the CLI on its own.',
        },
      };
    }
    const response = parseResponse(result.line);
    if (response === undefined) return unknownAnswer();
    // The app restarted between our reading the token and connecting: read the new one, once.
    const proved = proofValid(token, nonce, response.proof);
    if (!proved || (!response.ok && response.error.code === 'AccessDenied')) {
      if (attempt === 0 && (await readTokenFile(tokenPath)) !== token) continue;
      if (!proved) return { unavailable: true, reason: 'the channel did not prove it holds the token (a stale token file, or not the app)' };
    }
    return response;
  }
}

/** The socket must be ours and sit in a folder only we can write to; else the token would go to a stranger. */
async function channelProblem(socketPath: string): Promise<ErrorInfo | 'missing' | undefined> {
  let sock;
  let dir;
  try {
    sock = await lstat(socketPath);
    dir = await stat(dirname(socketPath));
  } catch {
    return 'missing';
  }
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const foreign = uid !== undefined && (sock.uid !== uid || dir.uid !== uid);
  if (!sock.isSocket()) return 'missing';
  if (foreign || (dir.mode & 0o022) !== 0) {
    return {
      code: 'AccessDenied',
      message: `The credential_process socket ${socketPath} or its folder is not owned by you or is writable by others, so Rolecall will not use it.`,
      action: 'Quit Rolecall, remove that socket file, check the folder permissions (it should be 0700), and start Rolecall again.',
    };
  }
  return undefined;
}

/** Sends one line and reads one line back, within `timeoutMs` overall. */
function exchange(socketPath: string, payload: string, timeoutMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: Exchange): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => settle({ kind: 'timeout' }), timeoutMs);
    socket.once('connect', () => socket.write(payload));
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) return settle({ kind: 'line', line: '' });
      chunks.push(chunk);
      const nl = chunk.indexOf(0x0a);
      if (nl !== -1) settle({ kind: 'line', line: Buffer.concat(chunks).toString('utf8').split('\n')[0] ?? '' });
    });
    socket.on('end', () => {
      settle(size > 0 ? { kind: 'line', line: Buffer.concat(chunks).toString('utf8') } : { kind: 'unavailable', reason: 'the app closed the connection without an answer' });
    });
    socket.on('error', (e: NodeJS.ErrnoException) => settle({ kind: 'unavailable', reason: e.code ?? 'connection error' }));
  });
}
