/**
 * Input checks for the section writer: a target the AWS tools would not read our keys from, and
 * names or values that would not survive a round trip through botocore and the JS SDK.
 */
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { RolecallError } from '../errors';
import { resolveAwsPaths } from './paths';

/**
 * Keys that put a profile ahead of the shared credentials file in botocore's chain (assume-role, web
 * identity, SSO) or next to it (credential_process): static keys written there are ignored or fight.
 */
const SHADOWING = /^(role_arn|credential_process|web_identity_token_file|sso_.+)$/i;

/**
 * Refuses a credentials-file target whose config profile would shadow it. `configFile` defaults to
 * where the AWS CLI looks (`AWS_CONFIG_FILE`, else `~/.aws/config`). Returns that config profile's
 * settings (undefined when it has none), so the caller knows what the user set there.
 */
export async function assertNotShadowed(profile: string, configFile: string = resolveAwsPaths().configFile): Promise<Record<string, string | undefined> | undefined> {
  // The credentials path is pointed at the config file too, so the loader never parses the
  // (possibly huge) credentials file just to throw it away.
  const { configFile: config } = await loadSharedConfigFiles({ configFilepath: configFile, filepath: configFile, ignoreCache: true });
  const settings = Object.prototype.hasOwnProperty.call(config, profile) ? config[profile] : undefined;
  if (settings === undefined) return undefined;
  const found = Object.keys(settings).filter((k) => SHADOWING.test(k));
  if (found.length === 0) return settings;
  const header = profile === 'default' ? '[default]' : `[profile ${profile}]`;
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
