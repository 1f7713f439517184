/**
 * The writer's promise to the AWS CLI, checked on every edit: Rolecall edits only files botocore can
 * read, only a section botocore maps to exactly one profile, and never so that botocore would read
 * any other section differently afterwards. A file the CLI refuses, or an edit that would change
 * how it reads another profile, is refused with a ConfigMalformed error naming the line; never
 * written. botocore's rules themselves live in ini-parse.ts and profile-map.ts.
 */
import { isUtf8 } from 'node:buffer';
import { RolecallError } from '../errors';
import { fromBinary, toBinary } from './atomic-file';
import { indentOf, nextContentLine } from './ini-lines';
import { profileOfSection, type FileKind } from './profile-map';
import { SectionIndex, type SectionSpan } from './section-scan';

function malformed(file: string, problem: string, action: string, line?: number): RolecallError {
  return new RolecallError('ConfigMalformed', `Rolecall will not edit ${file}: ${problem}.`, {
    action,
    details: { path: file, ...(line === undefined ? {} : { line }) },
  });
}

/**
 * Decodes the bytes of `file` (a binary string) and refuses what botocore cannot read: invalid
 * UTF-8, or any line its parser rejects ("Unable to parse config file"). A BOM is kept and read
 * past, as the JS SDK does (botocore itself cannot read it; `rolecall doctor` reports it).
 */
export function openForEdit(file: string, binary: string, read: SectionIndex = SectionIndex.of(fromBinary(binary))): SectionIndex {
  if (!isUtf8(Buffer.from(binary, 'latin1'))) {
    throw malformed(file, 'it is not valid UTF-8 text, so the AWS CLI cannot read it either', `Re-save ${file} as UTF-8, then try again.`);
  }
  const ix = read;
  const problem = ix.problem;
  if (problem !== undefined) {
    throw malformed(
      file,
      `on line ${problem.line}, ${problem.message}, so the AWS CLI cannot read the file ("Unable to parse config file")`,
      `Fix line ${problem.line} of ${file} (for a repeat, keep one of the two), then try again.`,
      problem.line,
    );
  }
  return ix;
}

/** The text to hand back to the atomic writer (bytes as a binary string). */
export function forDisk(text: string): string {
  return toBinary(text);
}

/**
 * The section botocore reads as the profile `section` names, or `undefined` when there is none. In
 * the config file `[profile  x]` or `[profile "x"]` is the section for `profile x`; two sections for
 * one profile (`[default]` and `[profile default]`) are refused, since the CLI reads only the last.
 */
export function targetSection(file: string, ix: SectionIndex, section: string, kind: FileKind): SectionSpan | undefined {
  const profile = profileOfSection(section, kind);
  if (profile === undefined) return ix.named(section)[0];
  const hits = kind === 'credentials' ? ix.named(section) : ix.sections.filter((s) => profileOfSection(s.name, kind) === profile);
  if (hits.length > 1) {
    const headers = hits.map((s) => `[${s.name}]`).join(' and ');
    throw malformed(file, `${headers} both define the profile "${profile}" and the AWS CLI reads only the last one`, `Merge them into one section in ${file}, then try again.`);
  }
  return hits[0];
}

/**
 * Refuses replacing (or removing) `target` when the header after it is indented so that it would
 * become a continuation line: botocore continues a key's value with any line indented deeper than
 * the key, so the next section would silently join ours (or the one before). A replacement ends
 * with a key at indent 0 when it has keys; a removal leaves what came before the target.
 */
export function assertBoundarySafe(file: string, ix: SectionIndex, target: SectionSpan, replacementHasKeys: boolean | 'removed'): void {
  const level = replacementHasKeys === 'removed' ? target.levelBefore : replacementHasKeys ? 0 : -1;
  if (level < 0) return;
  const after = nextContentLine(ix.text, target.end);
  if (after === undefined || indentOf(after.content) <= level) return;
  throw malformed(
    file,
    `line ${after.line} after [${target.name}] is indented, so the AWS CLI would read it as part of the key before it once [${target.name}] is ${replacementHasKeys === 'removed' ? 'removed' : 'rewritten'}`,
    `Remove the indentation of line ${after.line} in ${file}, then try again.`,
    after.line,
  );
}

/**
 * Checks that an edit of the sections `changed` left every other section (and `[DEFAULT]`) reading
 * exactly as before for botocore: for edits inside a section (the key scrub of an import), where no
 * simple boundary rule says what its removed lines did to their neighbours.
 */
export function assertOthersUnchanged(file: string, before: SectionIndex, after: string, changed: readonly string[]): void {
  const ix = SectionIndex.of(after);
  const skip = new Set(changed);
  const view = (s: SectionIndex): string =>
    JSON.stringify([[...s.parse.defaults], ...s.parse.sections.filter((x) => !skip.has(x.name)).map((x) => [x.name, [...x.options]])]);
  if (ix.problem !== undefined || view(ix) !== view(before)) {
    throw malformed(
      file,
      `removing the keys would change how the AWS CLI reads the sections around [${changed.join('], [')}] (indented lines there continue a key's value)`,
      `Remove the indentation of the lines in and after [${changed.join('], [')}] in ${file}, then try again.`,
    );
  }
}
