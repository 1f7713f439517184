/**
 * The marker that says "Rolecall wrote this section". It is a whole-line `#` comment, which botocore
 * (and so the AWS CLI and boto3) and the JS SDK all skip, so it never changes what they read. It is
 * machine-readable, and it is the one record of which session a target holds: the app, the agent
 * and every CLI read it (under the file lock when they change it), so no state file can disagree:
 *
 *   # rolecall:managed expires=2026-11-22T20:00:00Z source=admin identity=arn:aws:sts::111122223333:assumed-role/Admin/rolecall
 *     kind=assumed-role-chained via=me mfa=arn:aws:iam::111122223333:mfa/me (managed by Rolecall; edits here are overwritten)
 *
 * (one line). `identity`, `kind`, `via` (the source profile) and `mfa` describe the session for
 * `rolecall status`; none is a secret. Markers written before they existed carry only the first two.
 * An elevated session also records its `baseline` (the profile signing out falls back to) and, when
 * time-boxed, `until` (when the holder falls back on its own).
 *
 * Values are percent-encoded where they could break the line (spaces, `%`, non-ASCII, control chars).
 */

export interface Marker {
  /** When the credentials in the section stop working; absent for sections that do not expire. */
  readonly expiresAt?: Date;
  /** The Rolecall profile whose session the section holds. */
  readonly source?: string;
  /** The ARN STS reported for the session (GetCallerIdentity form). */
  readonly identity?: string;
  /** How the session was made (see CredentialKind). */
  readonly kind?: string;
  /** The source profile (long-term keys) the session came from. */
  readonly via?: string;
  /** The MFA device that vouched for it. */
  readonly mfa?: string;
  /** The profile the target falls back to when this session is signed out of (workflow W4). */
  readonly baseline?: string;
  /** A time-boxed elevation's end: the holder falls back to `baseline` then (`switch --for`). */
  readonly until?: Date;
}

/** Marker fields after `expires`, in the order they are written. */
const TEXT_FIELDS = ['source', 'identity', 'kind', 'via', 'mfa', 'baseline'] as const;

const TAG = 'rolecall:managed';
const NOTE = '(managed by Rolecall; edits here are overwritten)';
const MARKER_RE = /^[ \t]*[#;][ \t]*rolecall:managed(?:[ \t]|$)(.*)$/;

function encodeValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_.\-+=,@/:]/gu, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%EF%BF%BD'; // a lone surrogate cannot be encoded: write U+FFFD instead of failing
    }
  });
}

function decodeValue(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function formatInstant(d: Date, field: string): string {
  if (Number.isNaN(d.getTime())) throw new RangeError(`marker ${field} is not a valid date`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Formats the marker line (without a line ending). Seconds precision keeps it short and stable. */
export function formatMarker(marker: Marker): string {
  const parts = ['#', TAG];
  if (marker.expiresAt !== undefined) parts.push(`expires=${formatInstant(marker.expiresAt, 'expiresAt')}`);
  for (const field of TEXT_FIELDS) {
    const value = marker[field];
    if (value !== undefined) parts.push(`${field}=${encodeValue(value)}`);
  }
  if (marker.until !== undefined) parts.push(`until=${formatInstant(marker.until, 'until')}`);
  parts.push(NOTE);
  return parts.join(' ');
}

/**
 * Reads a marker from one line's content; `undefined` when the line is not a marker. Unknown fields
 * and an unparseable expiry are ignored rather than rejected, so a marker written by a newer Rolecall
 * still identifies the section as managed.
 */
export function parseMarker(content: string): Marker | undefined {
  const m = MARKER_RE.exec(content);
  if (m === null) return undefined;
  let expiresAt: Date | undefined;
  let until: Date | undefined;
  const text: Partial<Record<(typeof TEXT_FIELDS)[number], string>> = {};
  for (const token of (m[1] ?? '').split(/[ \t]+/)) {
    const eq = token.indexOf('=');
    if (eq <= 0) continue;
    const key = token.slice(0, eq);
    const raw = token.slice(eq + 1);
    if (key === 'expires' || key === 'until') {
      const d = new Date(raw);
      if (Number.isNaN(d.getTime())) continue;
      if (key === 'expires') expiresAt = d;
      else until = d;
    } else if ((TEXT_FIELDS as readonly string[]).includes(key) && !Object.hasOwn(text, key)) {
      const value = decodeValue(raw);
      if (value !== undefined) text[key as (typeof TEXT_FIELDS)[number]] = value;
    }
  }
  return { ...(expiresAt === undefined ? {} : { expiresAt }), ...text, ...(until === undefined ? {} : { until }) };
}

export function isMarkerLine(content: string): boolean {
  return MARKER_RE.test(content);
}
