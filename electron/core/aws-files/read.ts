/**
 * Reads `~/.aws/config` and `~/.aws/credentials` with the AWS SDK's own loader
 * (`@smithy/shared-ini-file-loader`), so Rolecall sees exactly what the JS SDK sees: nested `s3 =`
 * blocks become `s3.key` entries, dotted names stay whole, inline `#`/`;` comments are stripped.
 *
 * The loader swallows every error (an unreadable file, a `[__proto__]` section) and returns `{}`,
 * which would make a broken file look like an empty one and silently hide every profile. So each
 * file is read here first: a missing file is empty, anything else that stops the SDK is a
 * `ConfigMalformed` error naming the file and the problem. Shapes botocore reads differently are
 * reported, on request, as {@link FileWarning}s instead of errors, since the JS SDK (and Rolecall)
 * can still work with them.
 *
 * Each file is read once per load (as two reads that agree, see settled-reads.ts), and the loader
 * parses those same bytes: the AWS CLI
 * rewrites a file by truncating it and writing it again, so a second read of the same file — by
 * the loader, or to find Rolecall's own sections — can see another version, or an empty file,
 * and mix sections of one version with markers of another.
 */
import { isUtf8 } from 'node:buffer';
import { externalDataInterceptor, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { RolecallError } from '../errors';
import type { FileWarning, ParsedSharedFiles, ProfileSettings } from '../profiles/model';
import { readAgreed } from './settled-reads';
import type { AwsPaths } from './paths';

type FileKind = 'config' | 'credentials';

/**
 * Section names the loader mishandles: `__proto__` makes it throw (and swallow, returning nothing),
 * and names of `Object.prototype` members (`[constructor]`, `[toString]`…) make it write the keys,
 * secrets included, onto built-in objects instead of a profile. Such a file is refused before the
 * loader sees it.
 */
const UNSAFE_SECTIONS = ['profile __proto__', ...Object.getOwnPropertyNames(Object.prototype)];
/** Exactly the header lines the loader acts on: it trims like String#trim, comments need a space. */
const UNSAFE_SECTION_LINE = new RegExp(`^[^\\S\\n]*\\[(${UNSAFE_SECTIONS.join('|')})\\](?:[^\\S\\n]+[#;][^\\n]*)?[^\\S\\n]*$`, 'm');

export interface ReadOptions {
  /**
   * Also report {@link FileWarning}s (shapes the AWS CLI refuses or reads differently). Off by
   * default: listing profiles does not need them, and at 10,000 sections they cost a full extra pass.
   */
  warnings?: boolean;
}

/** Both shared files, parsed, with the credentials file's bytes they were parsed from. */
export interface SharedFilesSnapshot {
  files: ParsedSharedFiles;
  /** `undefined` when the file does not exist. Rolecall's managed sections are found in these bytes. */
  credentialsBytes: Buffer | undefined;
}

/**
 * Both shared files as the JS SDK parses them, with key names lower-cased (botocore matches keys
 * case-insensitively, the JS loader does not; Rolecall follows botocore so `Role_ARN` still counts)
 * and `[sso-session x]` / `[services x]` sections split off from the profiles.
 */
export async function readSharedFiles(paths: AwsPaths, options: ReadOptions = {}): Promise<ParsedSharedFiles> {
  return (await readSharedSnapshot(paths, options)).files;
}

/** {@link readSharedFiles}, keeping the credentials bytes (see the module note on single reads). */
export async function readSharedSnapshot(paths: AwsPaths, options: ReadOptions = {}): Promise<SharedFilesSnapshot> {
  const [configBytes, credentialsBytes] = await Promise.all([
    readChecked(paths.configFile, 'config'),
    readChecked(paths.credentialsFile, 'credentials'),
  ]);
  const loaded = await parseWithSdkLoader(paths, configBytes, credentialsBytes);
  const config = configBytes === undefined ? {} : (loaded.configFile as Record<string, ProfileSettings>);
  const credentials = credentialsBytes === undefined ? {} : (loaded.credentialsFile as Record<string, ProfileSettings>);

  const out: ParsedSharedFiles & Required<Omit<ParsedSharedFiles, 'warnings'>> = { configFile: {}, credentialsFile: {}, ssoSessions: {}, services: {} };
  for (const [name, settings] of Object.entries(config)) {
    // The loader keys these sections "sso-session.x" / "services.x"; a profile literally named so is
    // indistinguishable and, like the SDK's own lookups, would merge with them: treat them as sections.
    if (name.startsWith('sso-session.')) put(out.ssoSessions, name.slice('sso-session.'.length), settings);
    else if (name.startsWith('services.')) put(out.services, name.slice('services.'.length), settings);
    else put(out.configFile, name, settings);
  }
  for (const [name, settings] of Object.entries(credentials)) put(out.credentialsFile, name, settings);
  if (options.warnings) {
    out.warnings = [
      ...(configBytes ? checkText(decode(configBytes), paths.configFile, 'config') : []),
      ...(credentialsBytes ? checkText(decode(credentialsBytes), paths.credentialsFile, 'credentials') : []),
    ];
  }
  return { files: out, credentialsBytes };
}

/**
 * The SDK's own loader, parsing the bytes already read rather than reading the files again. The
 * loader consults its interceptor when it opens each file, which it does synchronously on being
 * called, so the interception is set and cleared with nothing else able to run in between (no
 * other load sees it). A test checks the loader still honours it, should a new SDK stop.
 */
function parseWithSdkLoader(paths: AwsPaths, configBytes: Buffer | undefined, credentialsBytes: Buffer | undefined): ReturnType<typeof loadSharedConfigFiles> {
  const intercepted = externalDataInterceptor.getFileRecord();
  const set = (path: string, bytes: Buffer | undefined): boolean => {
    if (bytes === undefined || intercepted[path] !== undefined) return false;
    externalDataInterceptor.interceptFile(path, bytes.toString('utf8'));
    return true;
  };
  const mine = [set(paths.configFile, configBytes) && paths.configFile, set(paths.credentialsFile, credentialsBytes) && paths.credentialsFile];
  try {
    return loadSharedConfigFiles({ filepath: paths.credentialsFile, configFilepath: paths.configFile, ignoreCache: true });
  } finally {
    for (const path of mine) if (path) delete intercepted[path];
  }
}

/** `__proto__` as a name would replace the record's prototype instead of adding an entry. */
function put(record: Record<string, ProfileSettings>, name: string, settings: ProfileSettings): void {
  if (name !== '__proto__') record[name] = lowerKeys(settings);
}

/** Lower-cases key names; a later key wins over an earlier one differing only in case, as in the file. */
export function lowerKeys(settings: ProfileSettings): ProfileSettings {
  let clean = true;
  for (const key in settings) if (key !== key.toLowerCase() || key === '__proto__') clean = false;
  if (clean) return settings; // the common case: no copy
  const out: ProfileSettings = {};
  for (const [key, value] of Object.entries(settings)) {
    const lower = key.toLowerCase();
    if (lower !== '__proto__') out[lower] = value;
  }
  return out;
}

const label = (kind: FileKind): string => (kind === 'config' ? 'AWS config file' : 'AWS credentials file');
const envVar = (kind: FileKind): string => (kind === 'config' ? 'AWS_CONFIG_FILE' : 'AWS_SHARED_CREDENTIALS_FILE');

/**
 * The file's bytes, `undefined` when it does not exist, or a ConfigMalformed error. Checks run on
 * the bytes (native UTF-8 validation, byte searches) so a clean file is never decoded twice.
 */
async function readChecked(path: string, kind: FileKind): Promise<Buffer | undefined> {
  let bytes: Buffer | undefined;
  try {
    bytes = await readAgreed(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw malformed(path, kind, describeIoError(code), `Check that ${envVar(kind)} points at a readable file and that you own it (chmod 600 "${path}").`, e);
  }
  if (bytes === undefined) return undefined;
  if (!isUtf8(bytes)) throw malformed(path, kind, 'it is not valid UTF-8 text', 'Re-save the file as UTF-8 (the AWS CLI cannot read it either).');
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw malformed(path, kind, `it contains a NUL byte on line ${lineOf(bytes, nul)}, so it is not a text file`, `Check that ${envVar(kind)} points at the right file.`);
  }
  if (UNSAFE_SECTIONS.some((name) => bytes.includes(`[${name}]`))) {
    const text = decode(bytes);
    const hit = UNSAFE_SECTION_LINE.exec(text);
    if (hit) {
      const line = text.slice(0, hit.index).split('\n').length;
      const why = hit[1]!.endsWith('__proto__')
        ? 'which the AWS SDK for JavaScript refuses, so it ignores the whole file'
        : 'a name the AWS SDK for JavaScript cannot read: it drops the section and writes its keys onto a built-in JavaScript object';
      throw malformed(path, kind, `line ${line} declares the section [${hit[1]!}], ${why}`, 'Rename or remove that section.');
    }
  }
  return bytes;
}

/** UTF-8 text, keeping a byte-order mark (the warnings report it). */
function decode(bytes: Buffer): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

function malformed(path: string, kind: FileKind, problem: string, action: string, cause?: unknown): RolecallError {
  return new RolecallError('ConfigMalformed', `Cannot read the ${label(kind)} "${path}": ${problem}.`, {
    action,
    details: { file: path },
    ...(cause === undefined ? {} : { cause }),
  });
}

function describeIoError(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ELOOP':
      return 'it is a symbolic link loop';
    default:
      return `the system reported ${code ?? 'an unknown error'}`;
  }
}

/** 1-based line of byte `index`. */
function lineOf(bytes: Buffer, index: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i !== -1 && i < index; i = bytes.indexOf(10, i + 1)) line++;
  return line;
}

/**
 * Shapes the AWS CLI (botocore's configparser) refuses or reads differently from the JS SDK: a
 * byte-order mark, duplicate sections or keys ("Unable to parse config file"), inline comments
 * (botocore keeps them as part of the value), and `[profile x]` in the credentials file.
 */
function checkText(text: string, file: string, kind: FileKind): FileWarning[] {
  const warnings: FileWarning[] = [];
  const warn = (line: number, message: string): void => {
    warnings.push({ file, line, message });
  };
  if (text.charCodeAt(0) === 0xfeff) {
    warn(1, 'The file starts with a UTF-8 byte-order mark: the AWS CLI cannot parse it ("Unable to parse config file"), while the JS SDK ignores the mark. Re-save it without the BOM.');
  }
  // One pass by index, no per-line arrays: this runs on every read, over files of 10,000 sections.
  const sections = new Map<string, number>();
  const keys: string[] = [];
  const keyLines: number[] = [];
  let inSection = false;
  for (let start = 0, n = 1; start <= text.length; n++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const lineStart = start;
    let a = start;
    let b = end;
    start = end + 1;
    while (a < b && isBlank(text.charCodeAt(a))) a++;
    while (b > a && isBlank(text.charCodeAt(b - 1))) b--;
    const first = text.charCodeAt(a);
    if (a === b || first === 35 /* # */ || first === 59 /* ; */) continue;
    if (first === 91 /* [ */ && text.charCodeAt(b - 1) === 93 /* ] */) {
      const header = text.slice(a + 1, b - 1); // exact, as botocore names sections: [ x ] is " x "
      const seen = sections.get(header);
      if (seen !== undefined) {
        warn(n, `Section [${header}] appears again (first on line ${seen}): the AWS CLI refuses the whole file, the JS SDK merges both.`);
      } else sections.set(header, n);
      if (kind === 'credentials' && /^profile\s/.test(header)) {
        const bare = header.replace(/^profile\s+/, '');
        warn(n, `[${header}] in the credentials file is a profile literally named "${header}" for the AWS CLI (and "profile.${bare}" for the JS SDK): name the section [${bare}].`);
      }
      keys.length = 0;
      keyLines.length = 0;
      inSection = true;
      continue;
    }
    if (!inSection || a !== lineStart) continue; // indented: nested block lines and continuations
    const eq = text.indexOf('=', a);
    if (eq === -1 || eq >= b || eq === a) continue;
    const key = text.slice(a, eq).trim().toLowerCase();
    const at = keys.indexOf(key);
    if (at !== -1) warn(n, `The key "${key}" appears twice in one section (first on line ${keyLines[at]}): the AWS CLI refuses the whole file.`);
    else {
      keys.push(key);
      keyLines.push(n);
    }
    if (hasInlineComment(text, eq + 1, b)) {
      warn(n, `The value of "${key}" has an inline comment: the AWS CLI reads the comment as part of the value, the JS SDK strips it. Put the comment on its own line.`);
    }
  }
  return warnings;
}

/** Whitespace as String#trim sees it on one line (the BOM included), for the common characters. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 0xfeff || c === 11 || c === 12 || c === 0xa0;
}

/** A `#` or `;` after whitespace: where the JS SDK cuts the value and botocore does not. */
function hasInlineComment(text: string, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) {
    const c = text.charCodeAt(i);
    if ((c === 35 || c === 59) && isBlank(text.charCodeAt(i - 1))) return true;
  }
  return false;
}
