/**
 * Pure text operations on one section of a shared AWS file, keeping every other byte identical.
 *
 * Section boundary rule: a section runs from its header line through its last *content* line — a
 * line that is neither blank nor a comment (the Rolecall marker counts as content) — including that
 * line's terminator. Blank and comment lines after it belong to what follows (the next section's
 * preamble, or the file's tail), because people write a comment above the section it describes.
 * Removing a section removes exactly that range; upserting replaces exactly it (or appends at the
 * end of the file). All sections whose normalised header equals the target name (`[ foo ]` matches
 * `foo`; case-sensitive) together form the target: the first is rewritten in place with a canonical
 * header, later duplicates are dropped, so the result never has a duplicate section (botocore
 * rejects those).
 *
 * Outside the target, the output is the input with the target ranges cut out, except that appending
 * to a file whose last line has no newline first terminates that line (with the dominant ending).
 * An upserted section that ends a file without a final newline keeps that shape.
 */
import {
  bomOf,
  contentEnd,
  countEndings,
  headerName,
  isBlankChar,
  isIndented,
  keyOf,
  lastLineStart,
  lineKind,
  lineNext,
  linesIn,
  majorityEnding,
  normalizeName,
  skipBlanks,
  valueOf,
  type LineEnding,
} from './ini-lines';
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
  readonly bom: string;
  readonly sections: readonly SectionSpan[];
}

const MARKER_TAG = 'rolecall:managed';

/** The marker on this line, if it is one (a cheap prefix test before the real parse). */
function markerOn(content: string): Marker | undefined {
  const p = skipBlanks(content, 0, content.length);
  const c = content.charCodeAt(p);
  if (c !== 35 && c !== 59) return undefined;
  return content.startsWith(MARKER_TAG, skipBlanks(content, p + 1, content.length)) ? parseMarker(content) : undefined;
}

/** Header lines, found by jumping between `[` chars: the only lines that can start a section. */
function findHeaders(text: string, from: number): Array<{ name: string; start: number; next: number }> {
  const headers: Array<{ name: string; start: number; next: number }> = [];
  for (let b = text.indexOf('[', from); b !== -1; ) {
    let s = b;
    while (s > from && isBlankChar(text.charCodeAt(s - 1))) s--;
    const next = lineNext(text, b);
    if (s === from || text.charCodeAt(s - 1) === 10) {
      const name = headerName(text.slice(s, contentEnd(text, s, next)));
      if (name !== undefined) headers.push({ name, start: s, next });
    }
    b = text.indexOf('[', next);
  }
  return headers;
}

/** Where a section whose body spans `[bodyStart, limit)` ends: walk back over blank/comment lines. */
function sectionEnd(text: string, bodyStart: number, limit: number): number {
  let end = limit;
  while (end > bodyStart) {
    const s = lastLineStart(text, bodyStart, end);
    const content = text.slice(s, contentEnd(text, s, end));
    const kind = lineKind(content);
    if (kind !== 'blank' && (kind !== 'comment' || markerOn(content) !== undefined)) break;
    end = s;
  }
  return end;
}

function firstMarker(text: string, from: number, to: number): Marker | undefined {
  for (const line of linesIn(text, from, to)) {
    const m = markerOn(line.content);
    if (m !== undefined) return m;
  }
  return undefined;
}

// One edit asks several questions of the same text (is it ours? replace it; back it up?): the last
// scan is kept so a 10,000-section file is scanned once per edit, not once per question.
let lastScan: ScannedText | undefined;

/** Finds every section and its boundary by the rule above. The result must not be mutated. */
export function scanSections(text: string): ScannedText {
  if (lastScan !== undefined && lastScan.text === text) return lastScan;
  const bom = bomOf(text);
  const headers = findHeaders(text, bom.length);
  // Markers are rare: only sections whose range contains the tag get a line-by-line look.
  const tags: number[] = [];
  for (let t = text.indexOf(MARKER_TAG); t !== -1; t = text.indexOf(MARKER_TAG, t + 1)) tags.push(t);
  let tag = 0;
  const sections = headers.map((h, k): SectionSpan => {
    const limit = headers[k + 1]?.start ?? text.length;
    const end = sectionEnd(text, h.next, limit);
    while (tag < tags.length && (tags[tag] as number) < h.next) tag++;
    const hasTag = tag < tags.length && (tags[tag] as number) < end;
    return { name: h.name, start: h.start, bodyStart: h.next, end: Math.max(end, h.next), marker: hasTag ? firstMarker(text, h.next, end) : undefined };
  });
  lastScan = { text, bom, sections };
  return lastScan;
}

function targetsOf(scan: ScannedText, name: string): SectionSpan[] {
  const wanted = normalizeName(name);
  return scan.sections.filter((s) => s.name === wanted);
}

/** The text with each target range replaced; everything else is copied as whole original slices. */
function rebuild(text: string, targets: readonly SectionSpan[], replacement: (t: SectionSpan) => string): string {
  let out = '';
  let pos = 0;
  for (const t of targets) {
    out += text.slice(pos, t.start) + replacement(t);
    pos = t.end;
  }
  return out + text.slice(pos);
}

/**
 * Writes `[name]` followed by `bodyLines` (line contents, no endings) as the whole target section,
 * replacing the existing one in place or appending it. New lines get the majority ending of the
 * bytes kept around the section (else of the old section, else `newline`), so CRLF files stay CRLF
 * and a second identical upsert changes nothing.
 */
export function upsertSectionText(text: string, name: string, bodyLines: readonly string[], newline: LineEnding = '\n'): string {
  const scan = scanSections(text);
  const targets = targetsOf(scan, name);
  const all = countEndings(text, 0, text.length);
  const old = { crlf: 0, lf: 0 };
  for (const t of targets) {
    const c = countEndings(text, t.start, t.end);
    old.crlf += c.crlf;
    old.lf += c.lf;
  }
  const eol = majorityEnding({ crlf: all.crlf - old.crlf, lf: all.lf - old.lf }) ?? majorityEnding(old) ?? newline;
  const section = (lastEol: string): string => [`[${name}]`, ...bodyLines].join(eol) + lastEol;
  if (targets.length === 0) {
    const unterminated = text.length > scan.bom.length && text.charCodeAt(text.length - 1) !== 10;
    return text + (unterminated ? eol : '') + section(eol);
  }
  const first = targets[0] as SectionSpan;
  return rebuild(text, targets, (t) => {
    if (t !== first) return '';
    const endsFileUnterminated = t.end === text.length && text.charCodeAt(t.end - 1) !== 10;
    return section(endsFileUnterminated ? '' : eol);
  });
}

/** Removes every section named `name` (header through last content line); other bytes untouched. */
export function removeSectionText(text: string, name: string): string {
  const targets = targetsOf(scanSections(text), name);
  return targets.length === 0 ? text : rebuild(text, targets, () => '');
}

/**
 * Removes the top-level lines setting any of `keys` (case-insensitive, as botocore reads them) from
 * the named section, keeping its header, comments and every other line — the plaintext-key scrub of
 * an import. A removed key that opened a nested block takes its indented lines with it.
 */
export function removeKeysInSectionText(text: string, name: string, keys: readonly string[]): string {
  const targets = targetsOf(scanSections(text), name);
  if (targets.length === 0) return text;
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return rebuild(text, targets, (t) => {
    let kept = text.slice(t.start, t.bodyStart);
    let nested: 'keep' | 'drop' | undefined;
    for (const { content, whole } of linesIn(text, t.bodyStart, t.end)) {
      const key = keyOf(content);
      if (nested !== undefined && isIndented(content) && lineKind(content) !== 'comment' && lineKind(content) !== 'blank') {
        if (nested === 'keep') kept += whole;
        continue;
      }
      if (key !== undefined && !isIndented(content)) nested = undefined;
      if (key === undefined) {
        kept += whole;
        continue;
      }
      const removed = drop.has(key);
      if (valueOf(content) === '') nested = removed ? 'drop' : 'keep';
      if (!removed) kept += whole;
    }
    return kept;
  });
}

/**
 * The keys of the named section, lower-cased, later duplicates winning as in the JS SDK; a nested
 * block's opener (`s3 =`) maps to `''` and its entries to `parent.child`. `undefined` when the
 * section does not exist.
 */
export function readSectionKeys(text: string, name: string): Record<string, string> | undefined {
  const targets = targetsOf(scanSections(text), name);
  if (targets.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const t of targets) {
    let parent: string | undefined;
    for (const { content } of linesIn(text, t.bodyStart, t.end)) {
      const key = keyOf(content);
      if (key === undefined || key === '__proto__') continue;
      const value = valueOf(content);
      if (parent !== undefined && isIndented(content)) {
        out[`${parent}.${key}`] = value;
        continue;
      }
      parent = value === '' ? key : undefined;
      out[key] = value;
    }
  }
  return out;
}

export interface SectionSummary {
  readonly name: string;
  /** The Rolecall marker, present only on sections Rolecall manages. */
  readonly marker: Marker | undefined;
}

/** Every section of the text in file order, with its marker if Rolecall manages it. */
export function listSectionsText(text: string): SectionSummary[] {
  return scanSections(text).sections.map((s) => ({ name: s.name, marker: s.marker }));
}

/** Whether the named section exists, and whether every copy of it carries the Rolecall marker. */
export function sectionState(text: string, name: string): { exists: boolean; managed: boolean } {
  const targets = targetsOf(scanSections(text), name);
  return { exists: targets.length > 0, managed: targets.length > 0 && targets.every((t) => t.marker !== undefined) };
}
