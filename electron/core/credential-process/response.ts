/**
 * The client's half of the wire format: checking a response line. Hand-written rather than zod so
 * `rolecall credential-process`, which the AWS CLI may start many times a minute, loads no schema
 * library on its hot path. Exactly as strict as the server's schemas: unknown fields and wrong types
 * are refused.
 */
import type { ErrorCode, ErrorInfo } from '../errors';
import type { CredentialProcessOutput } from './format';

/** A response line longer than this is refused by the client (a status of many sessions fits). */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * `proof` answers the request's nonce (token-file.ts); the client accepts no answer without it.
 * `result` answers an agent operation; its shape is checked by the operation's client (agent/client.ts).
 */
export type ChannelResponse = ({ ok: true; output: CredentialProcessOutput } | { ok: true; result: unknown } | { ok: false; error: ErrorInfo }) & { proof?: string };

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(o).every((k) => allowed.includes(k));
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function parseOutput(v: unknown): CredentialProcessOutput | undefined {
  if (!isPlainObject(v) || !onlyKeys(v, ['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'])) return undefined;
  const { Version, AccessKeyId, SecretAccessKey, SessionToken, Expiration } = v;
  if (Version !== 1 || !nonEmpty(AccessKeyId) || !nonEmpty(SecretAccessKey) || !nonEmpty(SessionToken)) return undefined;
  if (typeof Expiration !== 'string' || !ISO_WITH_OFFSET.test(Expiration) || Number.isNaN(Date.parse(Expiration))) return undefined;
  return { Version: 1, AccessKeyId, SecretAccessKey, SessionToken, Expiration };
}

function parseError(v: unknown): ErrorInfo | undefined {
  if (!isPlainObject(v) || !onlyKeys(v, ['code', 'message', 'action'])) return undefined;
  const { code, message, action } = v;
  if (typeof code !== 'string' || code.length < 1 || code.length > 64) return undefined;
  if (typeof message !== 'string' || message.length > 2000) return undefined;
  if (action !== undefined && (typeof action !== 'string' || action.length > 2000)) return undefined;
  const error: ErrorInfo = { code: code as ErrorCode, message };
  if (action !== undefined) error.action = action;
  return error;
}

/** Parses a response line; undefined when it is not one. */
export function parseResponse(line: string): ChannelResponse | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isPlainObject(raw)) return undefined;
  const { proof } = raw;
  if (proof !== undefined && (typeof proof !== 'string' || proof.length > 256)) return undefined;
  const proved = proof === undefined ? {} : { proof };
  if (raw.ok === true && 'result' in raw && onlyKeys(raw, ['ok', 'result', 'proof'])) {
    return raw.result === undefined ? undefined : { ok: true, result: raw.result, ...proved };
  }
  if (raw.ok === true && onlyKeys(raw, ['ok', 'output', 'proof'])) {
    const output = parseOutput(raw.output);
    return output ? { ok: true, output, ...proved } : undefined;
  }
  if (raw.ok === false && onlyKeys(raw, ['ok', 'error', 'proof'])) {
    const error = parseError(raw.error);
    return error ? { ok: false, error, ...proved } : undefined;
  }
  return undefined;
}
