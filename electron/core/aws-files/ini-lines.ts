/**
 * Line-level helpers for the byte-preserving writer. Text is addressed by offsets: a line runs from
 * its start to just past its own terminator (`\r\n`, `\n`, or nothing on a last line without a
 * final newline), so the bytes we keep are copied out of the original in a few large slices, never
 * re-assembled. Only `\n` ends a line (a lone `\r` stays inside it), as for the JS SDK.
 *
 * The text may be a normal string or a "binary string" (one char per byte, as `latin1` decoding
 * gives): both round-trip exactly, and the writer uses the latter so that files which are not
 * valid UTF-8 still keep every byte. Trimming is therefore ASCII-only (0xA0 is a UTF-8 continuation
 * byte there, not a space).
 */

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

const isBlankChar = (c: number): boolean => c === 32 || c === 9 || c === 12 || c === 11;

/** Offset of the first non-blank char of `[from, to)`, or `to`. */
function skipBlanks(text: string, from: number, to: number): number {
  let p = from;
  while (p < to && isBlankChar(text.charCodeAt(p))) p++;
  return p;
}

/** Offset just past the terminator of the line containing `offset`. */
function lineNext(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** End of a line's content, given where the line starts and where its bytes end. */
function contentEnd(text: string, start: number, next: number): number {
  let e = next;
  if (e > start && text.charCodeAt(e - 1) === 10) e--;
  if (e > start && text.charCodeAt(e - 1) === 13 && e < next) e--;
  return e;
}

/** The lines of `[from, to)`, where both are line boundaries. */
export function linesIn(text: string, from: number, to: number): RangeLine[] {
  const out: RangeLine[] = [];
  const stop = Math.min(to, text.length);
  for (let s = from; s < stop; ) {
    const next = Math.min(lineNext(text, s), stop);
    out.push({ content: text.slice(s, contentEnd(text, s, next)), whole: text.slice(s, next) });
    s = next;
  }
  return out;
}

/** Counts CRLF and bare-LF line endings in `[from, to)`. */
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

/** ASCII-only trim (see the module comment). */
function asciiTrim(s: string): string {
  return s.replace(/^[ \t\f\v]+|[ \t\f\v]+$/g, '');
}

/** Normalised header name: trimmed, inner whitespace runs collapsed to one space. */
export function normalizeName(name: string): string {
  return asciiTrim(name).replace(/[ \t\f\v]+/g, ' ');
}

/**
 * The normalised section name when the line is a header, else `undefined`. An inline comment
 * (`#`/`;` after whitespace) is cut first, as the JS SDK does; botocore agrees on the result
 * (`[a] # x` is the header `a` for both). Plain headers take a regex-free path.
 */
export function headerName(content: string): string | undefined {
  let to = content.length;
  if (content.indexOf('#') !== -1 || content.indexOf(';') !== -1) {
    const m = /(^|[ \t\f\v])[#;]/.exec(content);
    if (m !== null) to = m.index;
  }
  const from = skipBlanks(content, 0, to);
  while (to > from && isBlankChar(content.charCodeAt(to - 1))) to--;
  if (to - from < 2 || content.charCodeAt(from) !== 91 || content.charCodeAt(to - 1) !== 93) return undefined;
  const inner = content.slice(from + 1, to - 1);
  return /[ \t\f\v]/.test(inner) ? normalizeName(inner) : inner;
}

/**
 * Classifies a line as both botocore and the JS SDK read it: comments are lines whose first
 * non-blank char is `#` or `;` (indented ones too), keys have an `=` after at least one char.
 */
export function lineKind(content: string): LineKind {
  const p = skipBlanks(content, 0, content.length);
  if (p === content.length) return 'blank';
  const c = content.charCodeAt(p);
  if (c === 35 || c === 59) return 'comment';
  if (c === 91 && headerName(content) !== undefined) return 'header';
  return content.indexOf('=', p) > p ? 'key' : 'other';
}

/** The key of a key line, lower-cased as botocore reads it, or `undefined`. */
export function keyOf(content: string): string | undefined {
  if (lineKind(content) !== 'key') return undefined;
  const t = asciiTrim(content);
  return asciiTrim(t.slice(0, t.indexOf('='))).toLowerCase();
}

/** The value of a key line as botocore reads it (trimmed, inline comments kept). */
export function valueOf(content: string): string {
  const t = asciiTrim(content);
  return asciiTrim(t.slice(t.indexOf('=') + 1));
}

export function isIndented(content: string): boolean {
  return content.length > 0 && isBlankChar(content.charCodeAt(0));
}
