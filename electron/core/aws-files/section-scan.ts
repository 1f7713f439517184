/**
 * Finds the sections of a shared AWS file and where each one ends, fast enough for a 10,000-section
 * credentials file on every edit. It never walks the file line by line: it jumps between `[` chars
 * (only header lines can start a section), then walks back from each next header over the few
 * trailing blank/comment lines. Hot helpers are local on purpose — calls across module boundaries
 * are measurably slower in the loop under tsx/vitest's CommonJS interop.
 *
 * Boundary rule (see section-text.ts): a section is its header line through its last content line
 * (neither blank nor a comment; the Rolecall marker counts as content), terminator included.
 */
import { bomOf, headerName } from './ini-lines';
import { parseMarker, type Marker } from './marker';

export interface SectionSpan {
  /** Normalised header name, e.g. `foo` or `profile foo`. */
  readonly name: string;
  /** Offset where the header line starts. */
  readonly start: number;
  /** Offset just past the header line. */
  readonly bodyStart: number;
  /** Offset just past the last content line (its terminator included). */
  readonly end: number;
  /** The first Rolecall marker inside the section, if any. */
  readonly marker: Marker | undefined;
}

export interface ScannedText {
  readonly text: string;
  /** The leading BOM exactly as it appears (a UTF-16 char or its three UTF-8 bytes), or `''`. */
  readonly bom: string;
  readonly sections: readonly SectionSpan[];
}

const MARKER_TAG = 'rolecall:managed';
const BLANK = 0;
const COMMENT = 1;
const MARKER = 2;
const CONTENT = 3;

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 12 || c === 11;
}

/** Kind of the line content `[s, e)`. */
function kindAt(text: string, s: number, e: number): number {
  let p = s;
  while (p < e && isBlank(text.charCodeAt(p))) p++;
  if (p === e) return BLANK;
  const c = text.charCodeAt(p);
  if (c !== 35 && c !== 59) return CONTENT;
  p++;
  while (p < e && isBlank(text.charCodeAt(p))) p++;
  return text.startsWith(MARKER_TAG, p) && parseMarker(text.slice(s, e)) !== undefined ? MARKER : COMMENT;
}

/** End of the content of the line whose bytes end at `next` (drops `\n`, then a `\r` before it). */
function contentEndBefore(text: string, lineStart: number, next: number): number {
  let e = next;
  if (e > lineStart && text.charCodeAt(e - 1) === 10) {
    e--;
    if (e > lineStart && text.charCodeAt(e - 1) === 13) e--;
  }
  return e;
}

function findHeaders(text: string, from: number): Array<{ name: string; start: number; next: number }> {
  const headers: Array<{ name: string; start: number; next: number }> = [];
  for (let b = text.indexOf('[', from); b !== -1; ) {
    let s = b;
    while (s > from && isBlank(text.charCodeAt(s - 1))) s--;
    const nl = text.indexOf('\n', b);
    const next = nl === -1 ? text.length : nl + 1;
    if (s === from || text.charCodeAt(s - 1) === 10) {
      const name = headerName(text.slice(s, contentEndBefore(text, s, next)));
      if (name !== undefined) headers.push({ name, start: s, next });
    }
    b = nl === -1 ? -1 : text.indexOf('[', next);
  }
  return headers;
}

/** Where a section whose body spans `[bodyStart, limit)` ends: walk back over blank/comment lines. */
function sectionEnd(text: string, bodyStart: number, limit: number): number {
  let end = limit;
  while (end > bodyStart) {
    let ce = end;
    if (text.charCodeAt(ce - 1) === 10) {
      ce--;
      if (ce > bodyStart && text.charCodeAt(ce - 1) === 13) ce--;
    }
    const nl = ce > bodyStart ? text.lastIndexOf('\n', ce - 1) : -1;
    const s = nl < bodyStart ? bodyStart : nl + 1;
    if (kindAt(text, s, ce) >= MARKER) return end;
    end = s;
  }
  return end;
}

/** The first marker line in `[from, to)`. */
function firstMarker(text: string, from: number, to: number): Marker | undefined {
  for (let s = from; s < to; ) {
    const nl = text.indexOf('\n', s);
    const next = nl === -1 || nl >= to ? to : nl + 1;
    const e = contentEndBefore(text, s, next);
    if (kindAt(text, s, e) === MARKER) return parseMarker(text.slice(s, e));
    s = next;
  }
  return undefined;
}

/**
 * The sections of one text, found once and queried many times: one edit asks several questions of
 * the same text (is it ours? replace it; back it up?). Section ends are computed on first use, so
 * an upsert into a 10,000-section file finishes only the spans it touches. Held explicitly by the
 * caller rather than cached globally, so no credentials text outlives the edit that read it.
 */
export class SectionIndex implements ScannedText {
  readonly bom: string;
  private readonly headers: ReadonlyArray<{ name: string; start: number; next: number }>;
  /** Offsets of every marker tag in the text, ascending. */
  private readonly tags: number[] = [];
  private readonly spans: Array<SectionSpan | undefined>;

  private constructor(readonly text: string) {
    this.bom = bomOf(text);
    this.headers = findHeaders(text, this.bom.length);
    for (let t = text.indexOf(MARKER_TAG); t !== -1; t = text.indexOf(MARKER_TAG, t + 1)) this.tags.push(t);
    this.spans = new Array<SectionSpan | undefined>(this.headers.length);
  }

  /** Indexes `text`, or returns it when it already is an index. */
  static of(text: string | SectionIndex): SectionIndex {
    return typeof text === 'string' ? new SectionIndex(text) : text;
  }

  /** Every section with its boundary and marker, in file order. */
  get sections(): readonly SectionSpan[] {
    return this.headers.map((_, k) => this.spanAt(k));
  }

  /** The sections whose normalised header equals `name` (already normalised), in file order. */
  named(name: string): SectionSpan[] {
    const out: SectionSpan[] = [];
    this.headers.forEach((h, k) => {
      if (h.name === name) out.push(this.spanAt(k));
    });
    return out;
  }

  private spanAt(k: number): SectionSpan {
    const cached = this.spans[k];
    if (cached !== undefined) return cached;
    const { text, tags } = this;
    const header = this.headers[k] as { name: string; start: number; next: number };
    const end = sectionEnd(text, header.next, this.headers[k + 1]?.start ?? text.length);
    // Markers are rare: only a section whose range holds the tag gets a line-by-line look.
    let lo = 0;
    let hi = tags.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tags[mid] as number) < header.next) lo = mid + 1;
      else hi = mid;
    }
    const marker = lo < tags.length && (tags[lo] as number) < end ? firstMarker(text, header.next, end) : undefined;
    const span = { name: header.name, start: header.start, bodyStart: header.next, end, marker };
    this.spans[k] = span;
    return span;
  }
}

/** Every section of `text` with its boundary and marker. */
export function scanSections(text: string): ScannedText {
  return SectionIndex.of(text);
}
