/**
 * Pure text operations on one section of a shared AWS file, keeping every other byte identical.
 *
 * Section boundary rule: a section runs from its header line through its last *content* line — a
 * line that is neither blank nor a comment (the Rolecall marker counts as content) — including that
 * line's terminator. Blank and comment lines after it belong to what follows (the next section's
 * preamble, or the file's tail), because people write a comment above the section it describes.
 * Removing a section removes exactly that range; upserting replaces exactly it (or appends at the
 * end of the file). A section is the target when its header names it exactly as botocore reads
 * headers (ini-parse.ts): `[foo]  # note` is `foo`, but `[ foo ]` is the profile " foo " and `[Foo]`
 * another one. Duplicates of the target (a file botocore refuses; the writer refuses it first) are
 * collapsed: the first is rewritten in place, later ones are dropped.
 *
 * Outside the target, the output is the input with the target ranges cut out, except that appending
 * to a file whose last line has no newline first terminates that line (with the dominant ending).
 * An upserted section that ends a file without a final newline keeps that shape.
 */
import { countEndings, indentOf, keyOf, lineKind, linesIn, majorityEnding, type LineEnding } from './ini-lines';
import type { Marker } from './marker';
import { botocoreValue, profileOfSection, type FileKind } from './profile-map';
import { SectionIndex, scanSections, type ScannedText, type SectionSpan } from './section-scan';

export { SectionIndex, scanSections, type ScannedText, type SectionSpan };

/** Text, or a text already indexed (so one edit scans its input once). */
export type SectionText = string | SectionIndex;

function targetsOf(ix: SectionIndex, name: string): SectionSpan[] {
  return ix.named(name);
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
export function upsertSectionText(source: SectionText, name: string, bodyLines: readonly string[], newline: LineEnding = '\n'): string {
  const ix = SectionIndex.of(source);
  const { text, bom } = ix;
  const targets = targetsOf(ix, name);
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
    const unterminated = text.length > bom.length && text.charCodeAt(text.length - 1) !== 10;
    return text + (unterminated ? eol : '') + section(eol);
  }
  const first = targets[0] as SectionSpan;
  return rebuild(text, targets, (t) => {
    if (t !== first) return '';
    const last = text.charCodeAt(t.end - 1);
    const endsFileUnterminated = t.end === text.length && last !== 10 && last !== 13; // a lone CR ends a line too
    return section(endsFileUnterminated ? '' : eol);
  });
}

/** Removes every section named `name` (header through last content line); other bytes untouched. */
export function removeSectionText(source: SectionText, name: string): string {
  const ix = SectionIndex.of(source);
  const { text } = ix;
  const targets = targetsOf(ix, name);
  return targets.length === 0 ? text : rebuild(text, targets, () => '');
}

/**
 * Removes the lines setting any of `keys` (case-insensitive, as botocore reads them) from the named
 * section, keeping its header, comments and every other line — the plaintext-key scrub of an
 * import. A removed key takes its continuation lines (a nested `s3 =` block) with it; a line is a
 * continuation when botocore makes it one: indented deeper than the key line it follows.
 */
export function removeKeysInSectionText(source: SectionText, name: string, keys: readonly string[]): string {
  const ix = SectionIndex.of(source);
  const { text } = ix;
  const targets = targetsOf(ix, name);
  if (targets.length === 0) return text;
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return rebuild(text, targets, (t) => {
    let kept = text.slice(t.start, t.bodyStart);
    let open: boolean | undefined; // the last key line: kept (true), dropped (false), none yet
    let level = 0;
    for (const { content, whole } of linesIn(text, t.bodyStart, t.end)) {
      const kind = lineKind(content);
      if (kind === 'blank' || kind === 'comment') {
        kept += whole;
        continue;
      }
      const indent = indentOf(content);
      if (open !== undefined && indent > level) {
        if (open) kept += whole;
        continue;
      }
      level = indent;
      const key = keyOf(content);
      open = key === undefined ? undefined : !drop.has(key);
      if (open !== false) kept += whole;
    }
    return kept;
  });
}

/**
 * The own keys of the named section as botocore reads them (lower-cased, continuation lines
 * joined), a nested block's opener (`s3 =`) mapping to `''` and its entries to `parent.child`;
 * `[DEFAULT]` keys are not included. `undefined` when the section does not exist.
 */
export function readSectionKeys(source: SectionText, name: string): Record<string, string> | undefined {
  const ix = SectionIndex.of(source);
  const targets = targetsOf(ix, name);
  if (targets.length === 0) return undefined;
  const out: Record<string, string> = {};
  const put = (key: string, value: string): void => {
    if (key !== '__proto__') out[key] = value;
  };
  for (const t of targets) {
    for (const [key, lines] of t.options) {
      const value = botocoreValue(lines) ?? lines.join('\n');
      if (typeof value === 'string') {
        put(key, value);
        continue;
      }
      put(key, '');
      for (const [child, v] of Object.entries(value)) put(`${key}.${child}`, v);
    }
  }
  return out;
}

/**
 * The sections the AWS CLI reads as `profile` in a file of `kind`, in file order: in the config
 * file `[profile  x]` and `[profile "x"]` are profile x too (more than one: botocore uses the last).
 */
export function profileSections(source: SectionText, profile: string, kind: FileKind): SectionSpan[] {
  return SectionIndex.of(source).sections.filter((s) => profileOfSection(s.name, kind) === profile);
}

export interface SectionSummary {
  readonly name: string;
  /** The Rolecall marker, present only on sections Rolecall manages. */
  readonly marker: Marker | undefined;
}

/** Every section of the text in file order, with its marker if Rolecall manages it. */
export function listSectionsText(source: SectionText): SectionSummary[] {
  return SectionIndex.of(source).sections.map((s) => ({ name: s.name, marker: s.marker }));
}

/** Whether the named section exists, and whether every copy of it carries the Rolecall marker. */
export function sectionState(source: SectionText, name: string): { exists: boolean; managed: boolean } {
  const targets = targetsOf(SectionIndex.of(source), name);
  return { exists: targets.length > 0, managed: targets.length > 0 && targets.every((t) => t.marker !== undefined) };
}
