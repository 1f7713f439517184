/**
 * Line-level helpers for the byte-preserving writer. Text is addressed by offsets: a line runs from
 * its start to just past its own terminator (`\r\n`, `\n`, a lone `\r`, or nothing on a last line
 * without a final newline), so the bytes we keep are copied out of the original in a few large
 * slices, never re-assembled. Lines end where botocore's reader (Python's universal newlines) ends
 * them, so a lone `\r` ends a line too (the JS SDK disagrees: see the README).
 *
 * Whitespace, comments, headers and keys follow botocore's configparser (py-text.ts, ini-parse.ts).
 */
import { pySkipSpace, pyTrimEnd } from './py-text';

export type LineEnding = '\r\n' | '\n';

export type LineKind = 'blank' | 'comment' | 'header' | 'key' | 'other';

/** One line of a range: its content (no terminator) and its full bytes (with terminator). */
export interface RangeLine {
  readonly content: string;
  readonly whole: string;
}

const BOM_CHAR = '\uFEFF';
const BOM_BYTES = '\u00EF\u00BB\u00BF';

/** The leading BOM exactly as it appears (a UTF-16 char or its three UTF-8 bytes), or `''`. */
export function bomOf(text: string): string {
  return text.startsWith(BOM_CHAR) ? BOM_CHAR : text.startsWith(BOM_BYTES) ? BOM_BYTES : '';
}

/** End of the content of the line starting at `start`, and the offset just past its terminator. */
function lineBounds(text: string, start: number, stop: number): { end: number; next: number } {
  for (let i = start; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return { end: i, next: i + 1 };
    if (c === 13) return { end: i, next: i + 1 < stop && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1 };
  }
  return { end: stop, next: stop };
}

/** The lines of `[from, to)`, where both are line boundaries. */
export function linesIn(text: string, from: number, to: number): RangeLine[] {
  const out: RangeLine[] = [];
  const stop = Math.min(to, text.length);
  for (let s = from; s < stop; ) {
    const { end, next } = lineBounds(text, s, stop);
    out.push({ content: text.slice(s, end), whole: text.slice(s, next) });
    s = next;
  }
  return out;
}

/**
 * The first line at or after `from` (a line boundary) that is neither blank nor a comment, with its
 * 1-based line number, or `undefined`. Walks only as far as it needs to.
 */
export function nextContentLine(text: string, from: number): { content: string; line: number } | undefined {
  for (let s = from; s < text.length; ) {
    const { end, next } = lineBounds(text, s, text.length);
    const content = text.slice(s, end);
    const kind = lineKind(content);
    if (kind !== 'blank' && kind !== 'comment') return { content, line: lineNumberAt(text, s) };
    s = next;
  }
  return undefined;
}

/** 1-based number of the line starting at `offset`, counting lines as botocore does. */
export function lineNumberAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Counts CRLF and bare-LF line endings in `[from, to)` (a lone CR is neither). */
export function countEndings(text: string, from: number, to: number): { crlf: number; lf: number } {
  let crlf = 0;
  let lf = 0;
  for (let nl = text.indexOf('\n', from); nl !== -1 && nl < to; nl = text.indexOf('\n', nl + 1)) {
    if (nl > from && text.charCodeAt(nl - 1) === 13) crlf++;
    else lf++;
  }
  return { crlf, lf };
}

/** The majority ending (ties go to LF), or `undefined` when no line is terminated. */
export function majorityEnding(counts: { crlf: number; lf: number }): LineEnding | undefined {
  if (counts.crlf + counts.lf === 0) return undefined;
  return counts.crlf > counts.lf ? '\r\n' : '\n';
}

/** The first `=` or `:` (botocore's delimiters) at or after `from`, or -1. */
function delimiterAt(content: string, from: number): number {
  for (let i = from; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 61 || c === 58) return i;
  }
  return -1;
}

/**
 * Classifies a line as botocore's configparser does when it is not a continuation: comments start
 * with `#` or `;` after any whitespace, a header is `[` … last `]` with a name of at least one char
 * (anything after that `]` is ignored), a key has a non-empty name before its first `=` or `:`.
 */
export function lineKind(content: string): LineKind {
  const p = pySkipSpace(content, 0, content.length);
  if (p === content.length) return 'blank';
  const c = content.charCodeAt(p);
  if (c === 35 || c === 59) return 'comment';
  if (c === 91 && content.lastIndexOf(']', pyTrimEnd(content, p, content.length) - 1) > p + 1) return 'header';
  const d = delimiterAt(content, p);
  return d !== -1 && pyTrimEnd(content, p, d) > p ? 'key' : 'other';
}

/** The key of a key line, lower-cased as botocore reads it, or `undefined`. */
export function keyOf(content: string): string | undefined {
  if (lineKind(content) !== 'key') return undefined;
  const p = pySkipSpace(content, 0, content.length);
  return content.slice(p, pyTrimEnd(content, p, delimiterAt(content, p))).toLowerCase();
}

/** How far the line is indented: botocore's continuation rule compares these. */
export function indentOf(content: string): number {
  return pySkipSpace(content, 0, content.length);
}
