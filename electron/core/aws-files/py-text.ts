/**
 * Python's string rules as botocore applies them to the shared AWS files. botocore reads them with
 * `configparser` (a text-mode file: universal newlines, `str.strip()` on Unicode whitespace) and
 * maps config sections to profiles with `shlex.split`. Rolecall must cut and name lines exactly as
 * the AWS CLI does, so these are transcriptions of CPython 3.11's rules, not approximations.
 */

/** `str.isspace()` for one UTF-16 code unit (every Python whitespace char is in the BMP). */
export function isPySpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/** First offset in `[from, to)` that is not Python whitespace, or `to`. */
export function pySkipSpace(text: string, from: number, to: number): number {
  let p = from;
  while (p < to && isPySpace(text.charCodeAt(p))) p++;
  return p;
}

/** Offset just past the last non-whitespace char of `[from, to)`, or `from`. */
export function pyTrimEnd(text: string, from: number, to: number): number {
  let q = to;
  while (q > from && isPySpace(text.charCodeAt(q - 1))) q--;
  return q;
}

/** `s.strip()`. */
export function pyStrip(s: string): string {
  const from = pySkipSpace(s, 0, s.length);
  return s.slice(from, pyTrimEnd(s, from, s.length));
}

/** Python's `splitlines` boundaries other than `\n` and `\r`: they can hide inside one file line. */
// eslint-disable-next-line no-control-regex -- these control chars are exactly what Python splits on
export const PY_INNER_LINE_BREAK = /[\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;
const PY_LINE_BREAK = new RegExp(`\\r\\n|[\\n\\r]|${PY_INNER_LINE_BREAK.source}`);

/** `s.splitlines()`. */
export function pySplitLines(s: string): string[] {
  const out = s.split(PY_LINE_BREAK);
  if (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/**
 * `shlex.split(s)` (POSIX mode, no comments), or `undefined` where Python raises ValueError (an
 * unclosed quote, a trailing backslash). botocore uses it to read `[profile NAME]` headers.
 */
export function shlexSplit(s: string): string[] | undefined {
  const out: string[] = [];
  let token = '';
  let inToken = false;
  for (let i = 0; i < s.length; ) {
    const c = s.charAt(i);
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      if (inToken) out.push(token);
      token = '';
      inToken = false;
      i++;
    } else if (c === "'") {
      const close = s.indexOf("'", i + 1);
      if (close === -1) return undefined;
      token += s.slice(i + 1, close);
      inToken = true;
      i = close + 1;
    } else if (c === '"') {
      inToken = true;
      for (i++; ; ) {
        if (i >= s.length) return undefined;
        const d = s.charAt(i);
        if (d === '"') break;
        if (d === '\\') {
          if (i + 1 >= s.length) return undefined;
          const n = s.charAt(i + 1);
          token += n === '"' || n === '\\' ? n : `\\${n}`;
          i += 2;
        } else {
          token += d;
          i++;
        }
      }
      i++;
    } else if (c === '\\') {
      if (i + 1 >= s.length) return undefined;
      token += s.charAt(i + 1);
      inToken = true;
      i += 2;
    } else {
      token += c;
      inToken = true;
      i++;
    }
  }
  if (inToken) out.push(token);
  return out;
}
