/**
 * Input checks for the section writer: a target the AWS tools would not read our keys from, and
 * names or values that would not survive a round trip through botocore and the JS SDK.
 */
import { readFile } from 'node:fs/promises';
import { RolecallError } from '../errors';
import { resolveAwsPaths } from './paths';
import { configHeader } from '../../shared/profile-rules';
import { profileOfSection, readProfiles, sectionForProfile, type FileKind } from './profile-map';
import { bomOf } from './ini-lines';
import { DEFAULT_SECTION, parseIni } from './ini-parse';
import { SHADOWING_KEY } from '../../shared/profile-rules';

/**
 * Keys that put a profile ahead of the shared credentials file in botocore's chain (assume-role, web
 * identity, SSO) or next to it (credential_process): static keys written there are ignored or fight.
 */

/** The config file's text, `undefined` when it does not exist (or cannot be read: the writer's problem). */
async function readConfig(configFile: string): Promise<string | undefined> {
  try {
    return (await readFile(configFile)).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * Refuses a credentials-file target whose config profile would shadow it, finding that profile as
 * the AWS CLI does (`[profile  x]` and `[profile "x"]` are `x` too; the JS SDK misses them).
 * `configFile` defaults to where the AWS CLI looks (`AWS_CONFIG_FILE`, else `~/.aws/config`). Returns
 * the keys (lower-cased) that config profile sets, so the caller knows what the user set there.
 */
export async function assertNotShadowed(profile: string, configFile: string = resolveAwsPaths().configFile): Promise<ReadonlySet<string>> {
  const text = await readConfig(configFile);
  if (text === undefined) return new Set();
  const parse = parseIni(text, bomOf(text).length);
  const read = readProfiles(parse, 'config');
  // In a file the CLI refuses, every section that could be the profile counts (the JS SDK may still read it).
  const keys = read.ok
    ? Object.keys(read.profiles.get(profile)?.values ?? {})
    : parse.sections.filter((s) => profileOfSection(s.name, 'config') === profile).flatMap((s) => [...s.options.keys()]);
  const found = [...new Set(keys.filter((k) => SHADOWING_KEY.test(k)))];
  if (found.length === 0) return new Set(keys.map((k) => k.toLowerCase()));
  const header = configHeader(profile);
  throw new RolecallError(
    'TargetShadowed',
    `Rolecall will not write keys to profile "${profile}": ${header} in ${configFile} sets ${found.join(', ')}, ` +
      'so the AWS CLI and SDKs would use that instead of the keys in the credentials file (or fight over them).',
    {
      action: `Choose another target profile name (for example "${profile}-session"), or remove ${found.join(', ')} from ${header}.`,
      details: { profile, configFile },
    },
  );
}

const KEY_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;

function invalid(message: string, action: string): RolecallError {
  return new RolecallError('InvalidInput', message, { action });
}

/**
 * A section name both parsers read back as itself: no brackets or control characters, no
 * surrounding or doubled spaces (both would be normalised away when matching), no inline-comment
 * start, and not `__proto__` (the JS SDK refuses the whole file then).
 */
export function assertSectionName(name: string): void {
  const ok =
    name.length > 0 &&
    // eslint-disable-next-line no-control-regex
    !/[[\]\x00-\x1f\x7f]/.test(name) &&
    name.trim() === name &&
    !/\s\s/.test(name) &&
    !/(^|\s)[#;]/.test(name) &&
    name !== '__proto__' &&
    name !== 'profile __proto__';
  if (!ok) {
    throw invalid(`"${name}" cannot be used as a section name in an AWS shared file.`, 'Use a plain profile name such as "default" or "admin" (letters, digits, - _ . @ +).');
  }
}

/**
 * A section name the writer can put in a file of `kind` so that botocore reads it back as the
 * profile it names: in the config file, `default` or `profile NAME` where NAME survives shlex
 * (no spaces, quotes or backslashes). Never `DEFAULT`, whose keys botocore gives every section.
 */
export function assertWritableHeader(section: string, kind: FileKind): void {
  if (section === DEFAULT_SECTION) {
    throw invalid(`[${DEFAULT_SECTION}] is not a profile for the AWS CLI: its keys apply to every profile in the file.`, 'Choose another target profile name.');
  }
  if (kind === 'credentials') return;
  const profile = profileOfSection(section, 'config');
  if (profile !== undefined && sectionForProfile(profile, 'config') === section) return;
  throw invalid(
    `[${section}] cannot be written to the AWS config file as a profile: the AWS CLI would read it as ${profile === undefined ? 'no profile at all' : `the profile "${profile}"`}.`,
    'Use "default" or "profile NAME" with a NAME without spaces, quotes or backslashes.',
  );
}

/**
 * Keys and values we can write so that botocore and the JS SDK read back exactly what we wrote.
 * Messages name the key, never the value: values are secrets.
 */
export function assertEntries(entries: ReadonlyArray<readonly [string, string]>): void {
  const seen = new Set<string>();
  for (const [key, value] of entries) {
    if (!KEY_RE.test(key)) throw invalid(`"${key}" is not a valid key name for an AWS shared file.`, 'Use letters, digits and underscores.');
    const lower = key.toLowerCase();
    if (lower === 'aws_security_token') {
      throw invalid('aws_security_token is obsolete and botocore would prefer it over aws_session_token.', 'Write aws_session_token instead.');
    }
    if (seen.has(lower)) throw invalid(`The key ${key} is given twice; botocore rejects duplicate keys.`, 'Pass each key once.');
    seen.add(lower);
    // eslint-disable-next-line no-control-regex
    const bad = value === '' || value.trim() !== value || /[\x00-\x1f\x7f]/.test(value) || /^[#;]|\s[#;]/.test(value);
    if (bad) {
      throw invalid(`The value for ${key} cannot be written to an AWS shared file as is (empty, line breaks, edge spaces or a comment character).`, 'Check the credentials Rolecall received; this looks like a bug.');
    }
  }
}
