/**
 * The wire format of the local channel: one line of JSON each way.
 *
 * Request:  `{"token":"<64 hex>","nonce":"<32 hex>","profile":"admin","minRemainingSeconds":960}\n`
 *           (credential_process), or with `op` one of the agent's operations for the CLI
 *           (`hello`, `status`, `switch`, `signout`; see agent/ops.ts):
 *           `{"token":…,"nonce":…,"op":"switch","profile":"admin","target":"default","mfaCode":"123456"}`
 * Response: `{"ok":true,"output":{…credential_process JSON…},"proof":"<64 hex>"}\n`,
 *           `{"ok":true,"result":…,"proof":…}\n` for an `op`, or
 *           `{"ok":false,"error":{code,message,action},"proof":"<64 hex>"}\n` — `proof` is the
 *           HMAC of the nonce under the token (token-file.ts), sent whenever the request had a nonce.
 *
 * Parsing is strict (unknown fields, wrong types and oversized lines are refused) because anything
 * that can reach the socket may send anything.
 */
import { z } from 'zod';
import { MFA_CODE } from '../../shared/profile-rules';
import { tokensEqual } from './token-file';
import type { ChannelResponse } from './response';

// The response side lives in response.ts (no zod: the CLI's hot path loads it).
export { MAX_RESPONSE_BYTES, parseResponse, type ChannelResponse } from './response';

/** A request line longer than this is refused without being parsed. */
export const MAX_REQUEST_BYTES = 4096;

/** A client nonce: 16 to 64 random bytes in hex. */
export const NONCE_RE = /^[0-9a-f]{32,128}$/;

/** The agent's operations for the CLI; absent `op` is a credential_process request. */
export const AGENT_OPS = ['hello', 'status', 'list', 'switch', 'signout', 'login', 'extend'] as const;
export type AgentOp = (typeof AGENT_OPS)[number];

export interface ChannelRequest {
  token: string;
  nonce?: string;
  op?: AgentOp;
  /** Required for credential_process and `switch`; for `signout` the target or profile. */
  profile?: string;
  minRemainingSeconds?: number;
  target?: string;
  takeOver?: boolean;
  mfaCode?: string;
  durationSeconds?: number;
  /** `signout`: every session. */
  all?: boolean;
  /** `switch`: a time-boxed elevation of this many seconds; `extend`: how much longer. */
  forSeconds?: number;
  /** `signout`: no fallback to the baseline (sign out completely). */
  noFallback?: boolean;
  /** May the app ask for a missing code in its popup (a CLI with no terminal); a headless agent cannot. */
  promptInApp?: boolean;
  /** Shown in the popup as who asked, e.g. `rolecall switch admin`. */
  requestedBy?: string;
  /** `login`: the console region, the console path, a federation token for an IAM user. */
  region?: string;
  consolePath?: string;
  federation?: boolean;
}


const profileName = z
  .string()
  .min(1)
  .max(256)
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\x00-\x1f\x7f]/.test(s));

const requestSchema = z
  .object({
    token: z.string().max(256),
    nonce: z.string().regex(NONCE_RE).optional(),
    op: z.enum(AGENT_OPS).optional(),
    profile: profileName.optional(),
    minRemainingSeconds: z.number().int().min(0).max(43_200).optional(),
    target: profileName.optional(),
    takeOver: z.boolean().optional(),
    mfaCode: z.string().regex(MFA_CODE).optional(),
    durationSeconds: z.number().int().min(900).max(129_600).optional(),
    all: z.boolean().optional(),
    forSeconds: z.number().int().min(60).max(43_200).optional(),
    noFallback: z.boolean().optional(),
    promptInApp: z.boolean().optional(),
    requestedBy: profileName.optional(),
    region: z.string().regex(/^[a-z0-9-]{2,40}$/).optional(),
    consolePath: z.string().max(1024).optional(),
    federation: z.boolean().optional(),
  })
  .strict()
  // credential_process, switch, login and extend name a profile (or target); signout names one or says all
  .refine((r) => (r.op === undefined || r.op === 'switch' || r.op === 'login' || r.op === 'extend' ? r.profile !== undefined : r.op !== 'signout' || r.all === true || r.profile !== undefined), { path: ['profile'] });

/** Why a request line was refused (the `message` is safe to send back). */
export type RequestProblem = { problem: 'malformed' | 'unauthorized' | 'invalid'; message: string };

/**
 * Parses one request line and checks its token; never throws. The token is checked before any
 * other field, so a caller without it learns nothing beyond "not JSON" or "not allowed".
 */
export function parseRequest(line: string, expectedToken: string): { request: ChannelRequest } | RequestProblem {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { problem: 'malformed', message: 'The request is not valid JSON.' };
  }
  const token = typeof raw === 'object' && raw !== null ? (raw as { token?: unknown }).token : undefined;
  if (typeof token !== 'string' || token.length > 256 || !tokensEqual(expectedToken, token)) {
    return { problem: 'unauthorized', message: 'The request did not carry this Rolecall instance\'s credential_process token.' };
  }
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => (i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.path.join('.') || 'request')).slice(0, 5);
    return { problem: 'invalid', message: `The request is not valid: ${fields.join('; ')}.` };
  }
  const request: ChannelRequest = { token: parsed.data.token };
  for (const [k, v] of Object.entries(parsed.data)) if (v !== undefined) (request as unknown as Record<string, unknown>)[k] = v;
  return { request };
}

/** One response line. */
export function encodeResponse(response: ChannelResponse): string {
  return `${JSON.stringify(response)}\n`;
}
