/**
 * The wire format of the local channel: one line of JSON each way.
 *
 * Request:  `{"token":"<64 hex>","profile":"admin","minRemainingSeconds":960}\n`
 * Response: `{"ok":true,"output":{…credential_process JSON…}}\n` or `{"ok":false,"error":{code,message,action}}\n`
 *
 * Parsing is strict (unknown fields, wrong types and oversized lines are refused) because anything
 * that can reach the socket may send anything.
 */
import { z } from 'zod';
import type { ErrorCode, ErrorInfo } from '../errors';
import type { CredentialProcessOutput } from './format';
import { tokensEqual } from './token-file';

/** A request line longer than this is refused without being parsed. */
export const MAX_REQUEST_BYTES = 4096;
/** A response line longer than this is refused by the client. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface ChannelRequest {
  token: string;
  profile: string;
  minRemainingSeconds?: number;
}

export type ChannelResponse = { ok: true; output: CredentialProcessOutput } | { ok: false; error: ErrorInfo };

const profileName = z
  .string()
  .min(1)
  .max(256)
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\x00-\x1f\x7f]/.test(s));

const requestSchema = z
  .object({
    token: z.string().max(256),
    profile: profileName,
    minRemainingSeconds: z.number().int().min(0).max(43_200).optional(),
  })
  .strict();

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
  const request: ChannelRequest = { token: parsed.data.token, profile: parsed.data.profile };
  if (parsed.data.minRemainingSeconds !== undefined) request.minRemainingSeconds = parsed.data.minRemainingSeconds;
  return { request };
}

const outputSchema = z
  .object({
    Version: z.literal(1),
    AccessKeyId: z.string().min(1),
    SecretAccessKey: z.string().min(1),
    SessionToken: z.string().min(1),
    Expiration: z.string().datetime({ offset: true }),
  })
  .strict();

const responseSchema = z.union([
  z.object({ ok: z.literal(true), output: outputSchema }).strict(),
  z
    .object({
      ok: z.literal(false),
      error: z.object({ code: z.string().min(1).max(64), message: z.string().max(2000), action: z.string().max(2000).optional() }).strict(),
    })
    .strict(),
]);

/** Parses a response line; undefined when it is not one. */
export function parseResponse(line: string): ChannelResponse | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = responseSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  if (parsed.data.ok) return { ok: true, output: parsed.data.output };
  const { code, message, action } = parsed.data.error;
  const error: ErrorInfo = { code: code as ErrorCode, message };
  if (action !== undefined) error.action = action;
  return { ok: false, error };
}

/** One response line. */
export function encodeResponse(response: ChannelResponse): string {
  return `${JSON.stringify(response)}\n`;
}
