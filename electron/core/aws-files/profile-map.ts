/**
 * Which profile each section of a shared AWS file is, and what it holds, as the AWS CLI reads it:
 * botocore's `raw_config_parse` (values joined, `[DEFAULT]` keys inherited, `s3 =` blocks parsed
 * into a nested map) and, for the config file, `build_profile_map` (`[profile NAME]` read with
 * `shlex.split`, `[default]`). How the AWS CLI maps a header to a profile lives here; the header
 * Rolecall writes for a profile is electron/shared/profile-header.ts, checked here to read back.
 */
import { DEFAULT_SECTION, joinValue, parseIni, type IniParse, type IniProblem, type IniSection } from './ini-parse';
import { configSectionName } from '../../shared/profile-rules';
import { pySplitLines, pyStrip, shlexSplit } from './py-text';

export type FileKind = 'config' | 'credentials';

/** A value as botocore returns it: a string, or the keys of an `s3 =` style nested block. */
export type IniValue = string | Readonly<Record<string, string>>;
export type ProfileValues = Readonly<Record<string, IniValue>>;

export interface ProfileEntry {
  readonly name: string;
  /** Every section the CLI maps to this profile, in file order; it reads only the last one. */
  readonly sections: readonly IniSection[];
  readonly values: ProfileValues;
}

export type ProfileMap = { readonly ok: true; readonly profiles: ReadonlyMap<string, ProfileEntry> } | { readonly ok: false; readonly problem: IniProblem };

/**
 * The profile a section header names. In the credentials file every section is the profile of its
 * exact name (`[profile x]` is a profile called "profile x"). In the config file only `[default]`
 * and sections starting with "profile" whose shlex split has two words are profiles: `[profile  x]`
 * and `[profile "x"]` are "x", `[profile a b]` is nothing.
 */
export function profileOfSection(section: string, kind: FileKind): string | undefined {
  if (kind === 'credentials') return section === DEFAULT_SECTION ? undefined : section;
  if (section.startsWith('profile')) {
    const parts = shlexSplit(section);
    return parts !== undefined && parts.length === 2 ? parts[1] : undefined;
  }
  return section === 'default' ? 'default' : undefined;
}

/**
 * The header Rolecall writes for `profile` in a file of `kind`, or `undefined` when no header reads
 * back as that profile for the AWS CLI (e.g. a config profile name with spaces or quotes).
 */
export function sectionForProfile(profile: string, kind: FileKind): string | undefined {
  const section = kind === 'credentials' ? profile : configSectionName(profile);
  return profileOfSection(section, kind) === profile ? section : undefined;
}

/** botocore's `_parse_nested`: `undefined` where it raises (a line without `=`). */
function parseNested(value: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const raw of pySplitLines(value)) {
    const line = pyStrip(raw);
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq === -1) return undefined;
    Object.defineProperty(out, pyStrip(line.slice(0, eq)), { value: pyStrip(line.slice(eq + 1)), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** An option's value as botocore returns it, or `undefined` where its nested block does not parse. */
export function botocoreValue(lines: readonly string[]): IniValue | undefined {
  const joined = joinValue(lines);
  return joined.startsWith('\n') ? parseNested(joined) : joined;
}

/** A section's keys and values as botocore returns them, or the problem that stops botocore. */
function sectionValues(parse: IniParse, section: IniSection): { values: ProfileValues } | { problem: IniProblem } {
  const entries: Array<[string, IniValue]> = [];
  const add = (options: ReadonlyMap<string, readonly string[]>, skip?: ReadonlyMap<string, readonly string[]>): IniProblem | undefined => {
    for (const [key, lines] of options) {
      if (skip?.has(key)) continue;
      const value = botocoreValue(lines);
      if (value === undefined) return { line: section.line, message: `the nested block "${key}" in [${section.name}] has a line without "="` };
      entries.push([key, value]);
    }
    return undefined;
  };
  const problem = add(section.options) ?? add(parse.defaults, section.options);
  return problem === undefined ? { values: Object.fromEntries(entries) } : { problem };
}

/** Every profile of a file of `kind` as the AWS CLI reads it, or the first problem it refuses. */
export function readProfiles(source: string | IniParse, kind: FileKind): ProfileMap {
  const parse = typeof source === 'string' ? parseIni(source) : source;
  if (parse.problem !== undefined) return { ok: false, problem: parse.problem };
  const sections = new Map<string, IniSection[]>();
  const values = new Map<string, ProfileValues>();
  for (const section of parse.sections) {
    const read = sectionValues(parse, section);
    if ('problem' in read) return { ok: false, problem: read.problem };
    const name = profileOfSection(section.name, kind);
    if (name === undefined) continue;
    sections.set(name, [...(sections.get(name) ?? []), section]);
    values.set(name, read.values);
  }
  const profiles = new Map<string, ProfileEntry>();
  for (const [name, list] of sections) profiles.set(name, { name, sections: list, values: values.get(name) as ProfileValues });
  return { ok: true, profiles };
}
