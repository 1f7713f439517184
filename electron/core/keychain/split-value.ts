/**
 * Values larger than one keychain entry, split across several (pure: no store calls here; the
 * worker's ops do the reading and writing in the order these functions give).
 *
 * A value that fits its backend ({@link KeychainLimits}) is stored as it is: one entry, the common
 * case, costing nothing extra. A value that does not is stored as parts `part:<i>:<account>`
 * (i = 1…n, each within the limit) and, under the account itself, a versioned header
 * `rolecall-split:1;parts=<n>;chars=<length>;sha256=<hex>`. Values Rolecall stores are JSON objects,
 * so a header (which is not JSON) can never be mistaken for one, nor one for a header. Parts are
 * written first and the header last, and a read is verified as a whole (part count, length, SHA-256),
 * so a set left half-written or mixed by an interrupted overwrite is reported, never returned.
 * Part names start with `part:`, never with `source:` or `mfa-session:`, so no listing shows them.
 */
import { createHash } from 'node:crypto';
import { encodedBytes, MAX_VALUE_BYTES, nameFits, type KeychainLimits } from './platform-limits';
import type { StoredValueProblem } from './protocol';

const HEADER_PREFIX = 'rolecall-split:';
const HEADER_V1 = /^rolecall-split:1;parts=([1-9]\d{0,3});chars=(\d{1,7});sha256=([0-9a-f]{64})$/;
const PART = /^part:([1-9]\d{0,3}):/;

export interface SplitHeader {
  parts: number;
  chars: number;
  sha256: string;
}

/** Why a value cannot be stored at all. */
export class SplitRefusal extends Error {
  constructor(
    readonly reason: 'too-large' | 'name-too-long',
    message: string,
  ) {
    super(message);
  }
}

/** Name of part `index` (1-based) of `account`. */
export function partAccount(account: string, index: number): string {
  return `part:${index}:${account}`;
}

/** The account and index a part name belongs to; `undefined` for anything that is not a part. */
export function partOf(name: string): { account: string; index: number } | undefined {
  const m = PART.exec(name);
  return m ? { account: name.slice(m[0].length), index: Number(m[1]) } : undefined;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Cuts `value` into pieces of at most `maxBytes` each in the backend's encoding, never between the two
 * halves of a surrogate pair (a lone half cannot be stored as UTF-8 and would corrupt the value).
 */
function cut(limits: KeychainLimits, value: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < value.length; ) {
    const cp = value.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    const bytes = encodedBytes(limits, String.fromCodePoint(cp));
    if (size + bytes > maxBytes) {
      pieces.push(value.slice(start, i));
      start = i;
      size = 0;
    }
    size += bytes;
    i += units;
  }
  pieces.push(value.slice(start));
  return pieces;
}

/**
 * The entries that store `value` under `account`, in the order to write them (parts, then the
 * header); a single entry when it fits. Throws {@link SplitRefusal} for a value over the ceiling or a
 * name the backend would refuse — neither messages repeats any of the value.
 */
export function planEntries(limits: KeychainLimits, service: string, account: string, value: string): Array<{ account: string; value: string }> {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_VALUE_BYTES) {
    throw new SplitRefusal('too-large', `a value of ${bytes} bytes is over the ${MAX_VALUE_BYTES}-byte ceiling`);
  }
  const single = encodedBytes(limits, value) <= limits.maxValueBytes && !value.startsWith(HEADER_PREFIX);
  const entries = single
    ? [{ account, value }]
    : [
        ...cut(limits, value, limits.maxValueBytes).map((piece, i) => ({ account: partAccount(account, i + 1), value: piece })),
        { account, value: '' },
      ];
  if (!single) {
    const header: SplitHeader = { parts: entries.length - 1, chars: value.length, sha256: sha256(value) };
    entries[entries.length - 1]!.value = formatHeader(header);
  }
  const tooLong = entries.find((e) => !nameFits(limits, service, e.account));
  if (tooLong) {
    throw new SplitRefusal('name-too-long', `the entry name "${tooLong.account}" is too long for the ${limits.backend} keychain`);
  }
  return entries;
}

export function formatHeader(h: SplitHeader): string {
  return `${HEADER_PREFIX}1;parts=${h.parts};chars=${h.chars};sha256=${h.sha256}`;
}

/** What a stored entry is: a plain value, a header, or a header Rolecall cannot read. */
export function readHeader(raw: string): { header: SplitHeader } | { problem: 'unsupported' | 'corrupt' } | undefined {
  if (!raw.startsWith(HEADER_PREFIX)) return undefined;
  const m = HEADER_V1.exec(raw);
  if (m) return { header: { parts: Number(m[1]), chars: Number(m[2]), sha256: m[3]! } };
  return { problem: /^rolecall-split:1;/.test(raw) ? 'corrupt' : 'unsupported' };
}

/** Joins the parts read for `header` (null = missing) and checks them as a whole. */
export function joinParts(account: string, header: SplitHeader, parts: ReadonlyArray<string | null>): { value: string } | { problem: StoredValueProblem } {
  const found = parts.filter((p): p is string => p !== null);
  if (found.length < header.parts) {
    return { problem: { kind: 'incomplete', account, partsExpected: header.parts, partsFound: found.length } };
  }
  const value = found.join('');
  if (value.length !== header.chars || sha256(value) !== header.sha256) {
    return { problem: { kind: 'corrupt', account, partsExpected: header.parts, partsFound: found.length } };
  }
  return { value };
}
