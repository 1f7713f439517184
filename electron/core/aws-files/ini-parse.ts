/**
 * The shared AWS files cut into sections exactly as the AWS CLI cuts them: a transcription of
 * CPython 3.11's `RawConfigParser._read` with botocore's settings (strict, `=`/`:` delimiters,
 * `#`/`;` whole-line comments only, keys lower-cased, a `[DEFAULT]` section whose keys every other
 * section inherits) plus the nested-block check of botocore's `raw_config_parse`. This is the one
 * home of "which bytes form which section": the writer, the marker lookup and the profile map all
 * build on it, so Rolecall never edits a section the CLI sees as another profile. Where the JS SDK
 * reads a file differently, this follows botocore (the README lists the differences).
 *
 * Lines end at `\r\n`, `\n` or a lone `\r` (Python's universal newlines). One pass by offsets that
 * allocates per section, not per line: it runs on every edit of files with 10,000 sections. A
 * section's keys are collected only when asked for, by parsing just its own lines again.
 */
import { isMarkerLine } from './marker';
import * as py from './py-text';

// Bound once: calls through a module namespace cost a getter each under tsx/vitest's CJS interop.
const isPySpace = py.isPySpace;
const pySkipSpace = py.pySkipSpace;
const pyTrimEnd = py.pyTrimEnd;

/** The section botocore never lists but merges into every other section. */
export const DEFAULT_SECTION = 'DEFAULT';

export interface IniSection {
  /** Exactly the text between `[` and the last `]` of the stripped header line. */
  readonly name: string;
  /** 1-based line number of the header. */
  readonly line: number;
  /** Offset where the header line starts. */
  readonly start: number;
  /** Offset just past the header line. */
  readonly bodyStart: number;
  /** Offset just past the last content line (not blank, not a comment; markers count). */
  readonly end: number;
  /** Offset of the first Rolecall marker line (a whole-line comment), or -1. */
  readonly markerAt: number;
  /**
   * The indent above which a line right where this header starts would continue the key before it
   * (-1: no key open there). Removing the section must not turn the next header into such a line.
   */
  readonly levelBefore: number;
  /** Keys (lower-cased) to their value lines, as configparser collects them before joining. */
  readonly options: ReadonlyMap<string, readonly string[]>;
}

export interface IniProblem {
  /** 1-based line number. */
  readonly line: number;
  /** What botocore objects to, for an error message ("the section [dev] appears a second time"). */
  readonly message: string;
}

export interface IniParse {
  /** The sections in file order, `[DEFAULT]` excluded. */
  readonly sections: readonly IniSection[];
  /** Keys of `[DEFAULT]` sections, inherited by every section. */
  readonly defaults: ReadonlyMap<string, readonly string[]>;
  /** The first line botocore refuses ("Unable to parse config file"), if any. */
  readonly problem: IniProblem | undefined;
}

const MARKER_TAG = 'rolecall:managed';
const SPLITLINES_INNER = py.PY_INNER_LINE_BREAK;
const LONE_CR = /\r(?!\n)/;
/** Keys that `str.lower()` leaves as they are (the common case: no copy). */
const LOWER = /^[a-z0-9_.\-/]*$/;

class Section implements IniSection {
  end: number;
  markerAt = -1;
  levelBefore = -1;
  private collected: ReadonlyMap<string, readonly string[]> | undefined;
  constructor(
    private readonly text: string,
    readonly name: string,
    readonly line: number,
    readonly start: number,
    readonly bodyStart: number,
  ) {
    this.end = bodyStart;
  }
  get options(): ReadonlyMap<string, readonly string[]> {
    this.collected ??= walk(this.text, this.start, this.end, true).sections[0]?.collectedOptions ?? new Map();
    return this.collected;
  }
  collectedOptions: Map<string, string[]> | undefined;
}

/**
 * Parses `text` from offset `from` (past a BOM, which botocore itself cannot read: see the README).
 * Never throws: the first problem is reported and parsing goes on as leniently as the JS SDK does,
 * so text operations still find every section of a file the AWS CLI would refuse.
 */
export function parseIni(text: string, from = 0): IniParse {
  const { sections, defaults, problem } = walk(text, from, text.length, false);
  return { sections, defaults, problem };
}

function walk(text: string, from: number, to: number, collect: boolean): { sections: Section[]; defaults: Map<string, string[]>; problem: IniProblem | undefined } {
  const sections: Section[] = [];
  const names = new Set<string>();
  const defaults = new Map<string, string[]>();
  // Keys seen, for botocore's duplicate check: [DEFAULT] accumulates over all its sections.
  const defaultKeys: string[] = [];
  const sectionKeys: string[] = []; // a short list beats a Set (no string hashing) at a few keys
  let current: Section | undefined;
  let inDefault = false;
  let keys: string[] | undefined; // keys of the section being read (undefined: no header yet)
  let options: Map<string, string[]> | undefined; // where values go, when collected
  let values: string[] | undefined; // the open option's value lines, when collected
  let open = false; // an option line was read since the last header (continuations may follow)
  let nested = false; // the open option's first value is empty: botocore parses it as a block
  let optionLine = 0;
  let optionKey = '';
  const badDefaults = new Map<string, number>(); // [DEFAULT] keys with a broken nested block → line
  let indentLevel = 0;
  let problem: IniProblem | undefined;
  // Files without a lone CR (nearly all) are cut at LF alone, dropping a CR before it.
  const loneCr = LONE_CR.test(text);
  let cr = loneCr ? text.indexOf('\r', from) : -1;
  let lf = text.indexOf('\n', from);
  let n = 0;
  for (let s = from; s < to; ) {
    n++;
    if (lf !== -1 && lf < s) lf = text.indexOf('\n', s);
    let e = to;
    let next = to;
    if (loneCr && cr !== -1 && cr < s) cr = text.indexOf('\r', s);
    if (loneCr && cr !== -1 && cr < to && (lf === -1 || cr < lf)) {
      e = cr;
      next = lf === cr + 1 ? cr + 2 : cr + 1;
    } else if (lf !== -1 && lf < to) {
      e = lf > s && text.charCodeAt(lf - 1) === 13 ? lf - 1 : lf;
      next = lf + 1;
    }
    const lineStart = s;
    s = next;
    const first = text.charCodeAt(lineStart);
    const p = first > 32 && first < 0x85 ? lineStart : pySkipSpace(text, lineStart, e);
    if (p === e) {
      if (values !== undefined) values.push('');
      continue;
    }
    const c = text.charCodeAt(p);
    if (c === 35 /* # */ || c === 59 /* ; */) {
      if (current !== undefined && !inDefault && text.startsWith(MARKER_TAG, pySkipSpace(text, p + 1, e)) && isMarkerLine(text.slice(lineStart, e))) {
        if (current.markerAt === -1) current.markerAt = lineStart;
        current.end = next;
      }
      continue;
    }
    const q = pyTrimEnd(text, p, e);
    const indent = p - lineStart;
    if (open && indent > indentLevel) {
      if (values !== undefined) values.push(text.slice(p, q));
      if (nested && !nestedLineOk(text, p, q)) {
        // botocore reads a block opened by an empty value as `key = value` lines and fails otherwise;
        // in [DEFAULT] only if some section inherits the key (checked at the end).
        if (inDefault) badDefaults.set(optionKey, n);
        else problem ??= { line: n, message: `a line of the nested block that starts on line ${optionLine} has no "="` };
      }
      if (!inDefault && current !== undefined) current.end = next;
      continue;
    }
    const levelBefore = open ? indentLevel : -1;
    indentLevel = indent;
    open = false;
    values = undefined;
    const close = c === 91 /* [ */ ? text.lastIndexOf(']', q - 1) : -1;
    if (close > p + 1) {
      const name = text.slice(p + 1, close);
      if (name === DEFAULT_SECTION) {
        inDefault = true;
        keys = defaultKeys;
        options = defaults;
        continue;
      }
      if (names.has(name)) problem ??= { line: n, message: `the section [${name}] appears a second time` };
      names.add(name);
      inDefault = false;
      current = new Section(text, name, n, lineStart, next);
      current.levelBefore = levelBefore;
      sections.push(current);
      sectionKeys.length = 0;
      keys = sectionKeys;
      options = collect ? (current.collectedOptions = new Map()) : undefined;
      continue;
    }
    if (!inDefault && current !== undefined) current.end = next;
    if (keys === undefined) {
      problem ??= { line: n, message: 'a key comes before the first [section] header' };
      continue;
    }
    const d = firstDelimiter(text, p, q);
    const keyEnd = d === -1 ? p : pyTrimEnd(text, p, d);
    if (keyEnd === p) {
      problem ??= { line: n, message: d === -1 ? 'the line is neither a [section] header, a key = value line nor a comment' : 'a key = value line has no key' };
      continue;
    }
    const raw = text.slice(p, keyEnd);
    const key = LOWER.test(raw) ? raw : raw.toLowerCase();
    if (keys.includes(key)) problem ??= { line: n, message: `the key "${key}" appears a second time in [${inDefault ? DEFAULT_SECTION : (current as Section).name}]` };
    keys.push(key);
    const valueStart = pySkipSpace(text, d + 1, q);
    open = true;
    nested = valueStart === q;
    optionLine = n;
    optionKey = key;
    if (options !== undefined) {
      values = [text.slice(valueStart, q)];
      options.set(key, values);
    }
  }
  if (problem === undefined && badDefaults.size > 0 && !collect) {
    for (const [key, line] of badDefaults) {
      if (sections.some((sec) => !sec.options.has(key))) problem = { line, message: `a line of the nested block "${key}" in [${DEFAULT_SECTION}] has no "="` };
    }
  }
  return { sections, defaults, problem };
}

/**
 * Whether one continuation line of a nested block parses for botocore's `_parse_nested`, which
 * splits the block with `splitlines` (more boundaries than `\n`) and needs an `=` in every piece.
 */
function nestedLineOk(text: string, from: number, to: number): boolean {
  const eq = text.indexOf('=', from);
  const line = text.slice(from, to);
  if (!SPLITLINES_INNER.test(line)) return eq !== -1 && eq < to;
  return line.split(SPLITLINES_INNER).every((piece) => pySkipSpace(piece, 0, piece.length) === piece.length || piece.includes('='));
}

function firstDelimiter(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 /* = */ || c === 58 /* : */) return i;
  }
  return -1;
}

/** configparser's join of an option's lines: `'\n'.join(lines).rstrip()`. */
export function joinValue(lines: readonly string[]): string {
  let last = lines.length;
  while (last > 0 && lines[last - 1] === '') last--;
  const joined = lines.slice(0, last).join('\n');
  return joined.length > 0 && isPySpace(joined.charCodeAt(joined.length - 1)) ? joined.slice(0, pyTrimEnd(joined, 0, joined.length)) : joined;
}
