/**
 * The CLI as a client of the one session owner: when the tray app or `rolecall agent` answers on
 * the authenticated channel, `status`, `list`'s sessions, `switch` and `signout` go there, so the
 * owner refreshes what the CLI switched and every process sees the same sessions. When nobody
 * answers, the command works alone on the same files (`undefined` here).
 *
 * Answers are checked before use: a session must have the fields `status --json` prints.
 */
import { RolecallError } from '../core/errors';
import type { ChannelRequest } from '../core/credential-process/protocol';
import type { HelloResult, ListResult, LoginResult } from '../core/agent/ops';
import type { ActiveSession, Fallback, SignOutResult } from '../core/sessions/types';

export interface AgentClient {
  who: HelloResult;
  status(): Promise<ActiveSession[]>;
  /** `rolecall list` as the owner reads it (its keychain access, not this process's). */
  list(): Promise<ListResult>;
  switchTo(req: Pick<ChannelRequest, 'profile' | 'target' | 'takeOver' | 'mfaCode' | 'durationSeconds' | 'forSeconds' | 'promptInApp' | 'requestedBy'>): Promise<ActiveSession>;
  signOut(req: Pick<ChannelRequest, 'profile' | 'all' | 'noFallback' | 'mfaCode' | 'promptInApp' | 'requestedBy'>): Promise<SignOutResult>;
  extend(req: { profile: string; forSeconds?: number }): Promise<ActiveSession>;
  login(req: Pick<ChannelRequest, 'profile' | 'region' | 'consolePath' | 'federation' | 'mfaCode' | 'promptInApp' | 'requestedBy'>): Promise<LoginResult>;
}

const HOLDERS = new Set(['app', 'agent', 'cli']);

function isSession(v: unknown): v is ActiveSession {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    ['profile', 'target', 'identityArn', 'account', 'expiresAt', 'sourceProfile', 'kind', 'status'].every((k) => typeof s[k] === 'string') &&
    HOLDERS.has(String(s.heldBy)) &&
    typeof s.elevated === 'boolean' &&
    ['baseline', 'fallsBackAt'].every((k) => s[k] === undefined || typeof s[k] === 'string') &&
    Array.isArray(s.notes)
  );
}

function isFallback(v: unknown): v is Fallback {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return ['target', 'from', 'baseline'].every((k) => typeof f[k] === 'string') && (f.restored === undefined || isSession(f.restored)) && (f.error === undefined || typeof (f.error as { code?: unknown }).code === 'string');
}

function badAnswer(): RolecallError {
  return new RolecallError('Internal', 'The running Rolecall sent an answer this command does not understand.', { action: 'Make sure the rolecall command and the app (or agent) are the same version.' });
}

/** Connects to the running app or agent; undefined when none answers (the CLI then works alone). */
export async function connectAgent(env: Record<string, string | undefined>): Promise<AgentClient | undefined> {
  const { askAgent } = await import('../core/credential-process/client');
  const { resolveAppDataDir } = await import('../core/state/paths');
  const dir = resolveAppDataDir(env, process.platform);
  const ask = async (fields: Omit<ChannelRequest, 'token' | 'nonce'>, timeoutMs = 180_000): Promise<unknown> => {
    const answer = await askAgent({ dir, timeoutMs }, fields);
    if ('unavailable' in answer) throw new RolecallError('NetworkError', 'The running Rolecall went away during the request.', { action: 'Run the command again.' });
    if (!answer.ok) throw new RolecallError(answer.error.code, answer.error.message, answer.error.action ? { action: answer.error.action } : {});
    return answer.result;
  };
  const hello = await askAgent({ dir, timeoutMs: 10_000 }, { op: 'hello' });
  if ('unavailable' in hello) return undefined;
  if (!hello.ok) throw new RolecallError(hello.error.code, hello.error.message, hello.error.action ? { action: hello.error.action } : {});
  const who = hello.result as Partial<HelloResult>;
  if ((who.holder !== 'app' && who.holder !== 'agent') || typeof who.pid !== 'number') throw badAnswer();
  const sessions = (v: unknown): ActiveSession[] => {
    if (!Array.isArray(v) || !v.every(isSession)) throw badAnswer();
    return v;
  };
  return {
    who: { holder: who.holder, pid: who.pid, version: String(who.version ?? '') },
    status: async () => sessions(await ask({ op: 'status' })),
    async list() {
      const r = (await ask({ op: 'list' })) as Partial<ListResult> | null;
      const l = r?.listing;
      if (!l || !Array.isArray(l.profiles) || !l.profiles.every((p) => typeof p?.name === 'string' && typeof p.kind === 'string') || !Array.isArray(r.keyAges)) throw badAnswer();
      return { listing: { ...l, sessions: sessions(l.sessions) }, keyAges: r.keyAges };
    },
    async switchTo(req) {
      const s = await ask({ op: 'switch', ...req });
      if (!isSession(s)) throw badAnswer();
      return s;
    },
    async signOut(req) {
      const r = (await ask({ op: 'signout', ...req })) as Partial<SignOutResult> | null;
      if (!Array.isArray(r?.fallbacks) || !r.fallbacks.every(isFallback)) throw badAnswer();
      return { ended: sessions(r.ended), fallbacks: r.fallbacks };
    },
    async extend(req) {
      const s = await ask({ op: 'extend', ...req });
      if (!isSession(s)) throw badAnswer();
      return s;
    },
    async login(req) {
      const r = (await ask({ op: 'login', ...req })) as Partial<LoginResult> | null;
      if (typeof r?.url !== 'string' || !/^https?:\/\//.test(r.url) || typeof r.expiresAt !== 'string') throw badAnswer();
      return { url: r.url, expiresAt: r.expiresAt };
    },
  };
}
