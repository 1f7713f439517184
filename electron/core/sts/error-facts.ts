/**
 * Reads the facts {@link mapStsError} needs out of whatever the AWS SDK threw.
 *
 * SDK v3 errors come in two families: service errors (an `STSServiceException` whose `name` and
 * `Code` are the STS error code, with `$metadata.httpStatusCode` and a non-enumerable `$response`
 * carrying the response headers) and transport errors (plain Node errors with `code` such as
 * `ECONNREFUSED`, or `name: 'TimeoutError'` from the HTTP handler). Everything here is defensive:
 * the input is `unknown` and may be anything at all.
 */

export type NetworkReason = 'refused' | 'not-found' | 'timeout' | 'reset' | 'unreachable' | 'tls' | 'aborted';

export interface StsErrorFacts {
  /** The STS / AWS error code (`AccessDenied`, `ValidationError`…), when the service answered. */
  awsCode?: string;
  status?: number;
  /** The raw message: for pattern matching only, never shown as is. */
  rawMessage: string;
  /** The response's `Date` header, when there was a response. */
  serverDate?: Date;
  /** Set when the request never got a usable answer. */
  network?: { reason: NetworkReason; code: string };
  /** Host (and port) the request went to, when known. */
  host?: string;
  /** The SDK noticed a clock offset of four minutes or more while handling this error. */
  clockSkewCorrected: boolean;
}

type Loose = Record<string, unknown>;

function asObject(v: unknown): Loose | undefined {
  return typeof v === 'object' && v !== null ? (v as Loose) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

const NETWORK_CODES: Record<string, NetworkReason> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'not-found',
  EAI_AGAIN: 'not-found',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  ECONNRESET: 'reset',
  ECONNABORTED: 'reset',
  EPIPE: 'reset',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ENETDOWN: 'unreachable',
  EHOSTDOWN: 'unreachable',
};

function tlsCode(code: string): boolean {
  return /CERT|UNABLE_TO_VERIFY|SELF_SIGNED|ERR_TLS|ERR_SSL|EPROTO/.test(code);
}

/** Walks an error and its `cause` chain looking for a transport failure. */
function findNetwork(e: unknown): StsErrorFacts['network'] {
  let cur: unknown = e;
  let aborted = false;
  for (let depth = 0; depth < 6 && cur !== undefined; depth++) {
    const o = asObject(cur);
    if (!o) break;
    const code = str(o.code);
    if (code && NETWORK_CODES[code]) return { reason: NETWORK_CODES[code], code };
    if (code && tlsCode(code)) return { reason: 'tls', code };
    if (o.name === 'TimeoutError') return { reason: 'timeout', code: 'TimeoutError' };
    if (o.name === 'AbortError') aborted = true;
    cur = o.cause;
  }
  return aborted ? { reason: 'aborted', code: 'AbortError' } : undefined;
}

function headerDate(response: Loose | undefined): Date | undefined {
  const headers = asObject(response?.headers);
  if (!headers) return undefined;
  const raw = str(headers.date) ?? str(headers.Date);
  if (!raw) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

function hostOf(o: Loose): string | undefined {
  const hostname = str(o.hostname);
  if (hostname) return hostname;
  const address = str(o.address);
  if (address) return typeof o.port === 'number' ? `${address}:${o.port}` : address;
  return undefined;
}

export function readErrorFacts(e: unknown): StsErrorFacts {
  const o = asObject(e) ?? {};
  const metadata = asObject(o.$metadata);
  const response = asObject(o.$response);
  const status = typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
  const nested = asObject(o.Error);
  // `name` is the code for modelled and unmodelled service errors alike; `Code` mirrors it for
  // awsQuery errors. A transport error's `name` is just "Error", which is not an AWS code.
  const name = str(o.name);
  const awsCode =
    str(o.Code) ?? str(nested?.Code) ?? (status !== undefined && name !== undefined && name !== 'Error' ? name : undefined);
  const facts: StsErrorFacts = {
    rawMessage: str(o.message) ?? '',
    clockSkewCorrected: metadata?.clockSkewCorrected === true,
  };
  if (awsCode !== undefined && awsCode !== 'Unknown') facts.awsCode = awsCode;
  if (status !== undefined) facts.status = status;
  const serverDate = headerDate(response);
  if (serverDate) facts.serverDate = serverDate;
  if (status === undefined) {
    const network = findNetwork(e);
    if (network) facts.network = network;
  }
  const host = hostOf(o);
  if (host) facts.host = host;
  return facts;
}

/**
 * STS's own clock-skew messages carry both times it compared: "Signature expired: <signed> is now
 * earlier than <limit> (<server now> - 5 min.)" (or "not yet current … still later than …").
 * Returns server minus signing time in seconds.
 */
export function offsetFromSkewMessage(message: string): number | undefined {
  const m = /(\d{8}T\d{6}Z) is (?:now earlier|still later) than \d{8}T\d{6}Z \((\d{8}T\d{6}Z) [-+] \d+ min\.\)/.exec(message);
  if (!m?.[1] || !m[2]) return undefined;
  const parse = (s: string) =>
    Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13), +s.slice(13, 15));
  return Math.round((parse(m[2]) - parse(m[1])) / 1000);
}
