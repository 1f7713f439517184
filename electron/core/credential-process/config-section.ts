/**
 * The `credential_process` line for `~/.aws/config`.
 *
 * The value is run by two different parsers: botocore splits it shell-like without a shell
 * (`shlex.split` on Unix, a CommandLineToArgvW-style splitter on Windows), and the AWS SDK for
 * JavaScript hands it to a real shell (`child_process.exec`: /bin/sh, or cmd.exe). The quoting
 * here gives the same argv under both. Paths that cannot be written safely are refused, never
 * written "mostly right".
 */
import { RolecallError } from '../errors';
import { configSectionName } from '../../shared/profile-rules';
import { assertSectionName, assertWritableHeader } from '../aws-files/target-guard';

export interface CredentialProcessSection {
  /** Section name for the config file (`profile NAME`, or `default`). */
  section: string;
  /** Body lines (no line endings), ready for the section writer. */
  lines: string[];
}

/** Arguments that need no quotes under shlex, sh and cmd alike. */
const BARE_RE = /^[A-Za-z0-9_@+=:,./-]+$/;
/** Inside POSIX double quotes, sh still expands these (and shlex treats `\` differently from sh). */
const POSIX_DQ_UNSAFE = /["$`\\!]/;

function refuse(what: string, why: string): RolecallError {
  return new RolecallError('InvalidInput', `${what} cannot be written into a credential_process line: ${why}.`, {
    action: 'Install Rolecall (and Node) under a path without those characters, or write the credential_process line by hand.',
  });
}

/** Quotes one argument for `platform`; `always` quotes even plain words (paths read better quoted). */
export function quoteArg(arg: string, platform: NodeJS.Platform = process.platform, always = false): string {
  if (arg === '') throw refuse('An empty argument', 'it would vanish');
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(arg)) throw refuse(`"${arg.slice(0, 60)}"`, 'it contains a line break or control character');
  if (!always && BARE_RE.test(arg)) return arg;
  if (platform === 'win32') {
    if (/["%]/.test(arg)) throw refuse(`"${arg.slice(0, 60)}"`, 'it contains " or %, which cmd.exe would interpret');
    // Backslashes right before the closing quote would escape it: double them.
    return `"${arg.replace(/(\\+)$/, '$1$1')}"`;
  }
  if (!POSIX_DQ_UNSAFE.test(arg)) return `"${arg}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The config section that makes `aws --profile AS …` get its credentials from Rolecall for
 * `profileName`. `commandPath` is the argv that starts the CLI, e.g. `[process.execPath, binPath]`
 * or a single launcher path. Write it to a profile of its own (`as`, default `profileName`): a
 * profile that also has `role_arn` or static keys would ignore credential_process (botocore order).
 */
export function credentialProcessConfigSection(
  profileName: string,
  commandPath: string | readonly string[],
  opts: { as?: string; platform?: NodeJS.Platform } = {},
): CredentialProcessSection {
  const platform = opts.platform ?? process.platform;
  const target = opts.as ?? profileName;
  const section = configSectionName(target);
  assertSectionName(section);
  assertWritableHeader(section, 'config');
  const command = typeof commandPath === 'string' ? [commandPath] : [...commandPath];
  if (command.length === 0) throw refuse('An empty command', 'there is nothing to run');
  const argv = [...command.map((c) => quoteArg(c, platform, true)), 'credential-process', '--profile', quoteArg(profileName, platform)];
  const value = argv.join(' ');
  // The JS SDK's ini parser cuts a line at whitespace followed by # or ;, even inside quotes.
  if (/\s[#;]/.test(value)) throw refuse('A path or profile name with " #" or " ;"', 'the AWS SDK for JavaScript reads that as the start of a comment');
  return { section, lines: [`credential_process = ${value}`] };
}
