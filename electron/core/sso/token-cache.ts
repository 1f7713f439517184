/**
 * The AWS CLI's SSO token cache, shared in both directions: `aws sso login` leaves a token that
 * Rolecall uses, and a Rolecall sign-in leaves one the AWS CLI, boto3 and the JS SDK use. The file is
 * `~/.aws/sso/cache/<sha1 of the sso-session name>.json` (legacy profiles: of the start URL), with
 * the keys and the `%Y-%m-%dT%H:%M:%SZ` timestamps botocore writes (tokens.py, utils.SSOTokenLoader).
 *
 * The file holds the access and refresh tokens: it is written 0600 through a temp file and a rename
 * (botocore writes in place; a reader here never sees a torn file of ours), and read with two reads
 * that agree, so a botocore write in progress is not taken for a broken file. A file that is not a
 * token (bad JSON, missing keys) is treated as no token — the AWS CLI does the same — never shown.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, renameOver, writeSynced } from '../aws-files/atomic-file';
import { readAgreed } from '../aws-files/settled-reads';
import { RolecallError } from '../errors';
import type { SsoTokenSource } from './config';

/** A cached token as botocore keeps it; the registration fields are absent for legacy sign-ins. */
export interface SsoCachedToken {
  readonly startUrl: string;
  readonly region: string;
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly registrationExpiresAt?: Date;
  readonly refreshToken?: string;
}

/** `~/.aws/sso/cache`, where botocore and the JS SDK look (not configurable in either). */
export function ssoCacheDir(home: string): string {
  return join(home, '.aws', 'sso', 'cache');
}

/** The cache file of a token source: the session name's SHA-1, or the start URL's for a legacy profile. */
export function tokenCachePath(home: string, source: Pick<SsoTokenSource, 'sessionName' | 'startUrl'>): string {
  const key = createHash('sha1').update(source.sessionName ?? source.startUrl, 'utf8').digest('hex');
  return join(ssoCacheDir(home), `${key}.json`);
}

/** botocore's `_serialize_utc_timestamp`: whole seconds, UTC, a literal Z. */
export function formatCacheTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The cached token, or undefined when there is none or the file is not a usable token. Timestamps
 * are read the way dateutil reads what botocore and the JS SDK write (with or without fractions).
 */
export async function readCachedToken(path: string): Promise<SsoCachedToken | undefined> {
  let bytes: Buffer | undefined;
  try {
    bytes = await readAgreed(path);
  } catch (e) {
    throw new RolecallError('FileWriteFailed', `Cannot read the SSO token cache "${path}": ${(e as NodeJS.ErrnoException).code ?? 'unknown error'}.`, {
      action: `Check that you own ~/.aws/sso/cache (chmod 700) and the file in it (chmod 600).`,
    });
  }
  if (bytes === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof r[k] === 'string' && r[k] !== '' ? (r[k] as string) : undefined);
  const time = (k: string): Date | undefined => {
    const v = str(k);
    const d = v === undefined ? undefined : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
    return d && !Number.isNaN(d.getTime()) ? d : undefined;
  };
  const accessToken = str('accessToken');
  const expiresAt = time('expiresAt');
  if (accessToken === undefined || expiresAt === undefined) return undefined;
  const optional = {
    clientId: str('clientId'),
    clientSecret: str('clientSecret'),
    registrationExpiresAt: time('registrationExpiresAt'),
    refreshToken: str('refreshToken'),
  };
  const token: Record<string, unknown> = { startUrl: str('startUrl') ?? '', region: str('region') ?? '', accessToken, expiresAt };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) token[k] = v;
  return token as unknown as SsoCachedToken;
}

/**
 * The token as botocore's `_sso_json_dumps` prints it: its key order, `", "` / `": "` separators and
 * non-ASCII escaped (Python's `ensure_ascii`), so the AWS CLI rewriting it changes nothing else.
 */
export function serializeToken(token: SsoCachedToken): string {
  const fields: [string, string | undefined][] = [
    ['startUrl', token.startUrl],
    ['region', token.region],
    ['accessToken', token.accessToken],
    ['expiresAt', formatCacheTime(token.expiresAt)],
    ['clientId', token.clientId],
    ['clientSecret', token.clientSecret],
    ['registrationExpiresAt', token.registrationExpiresAt && formatCacheTime(token.registrationExpiresAt)],
    ['refreshToken', token.refreshToken],
  ];
  const json = (s: string): string => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `{${fields.filter(([, v]) => v !== undefined).map(([k, v]) => `${json(k)}: ${json(v!)}`).join(', ')}}`;
}

/** Writes the token atomically, 0600, creating `~/.aws/sso/cache` (0700) if needed. */
export async function writeCachedToken(path: string, token: SsoCachedToken): Promise<void> {
  const dir = join(path, '..');
  const temp = join(dir, `.rolecall-tmp-${randomBytes(6).toString('hex')}.json`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeSynced(temp, Buffer.from(serializeToken(token), 'utf8'));
    await renameOver(temp, path);
    await chmod(path, 0o600).catch(() => undefined);
    await fsyncDir(dir);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw new RolecallError('FileWriteFailed', `Cannot write the SSO token cache "${path}": ${(e as NodeJS.ErrnoException).code ?? 'unknown error'}.`, {
      action: 'Check that you own ~/.aws/sso/cache and that the disk is not full.',
    });
  }
}

/** Removes the cached token (sign-out); a missing file is already signed out. */
export async function deleteCachedToken(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new RolecallError('FileWriteFailed', `Cannot remove the SSO token cache "${path}": ${(e as NodeJS.ErrnoException).code ?? 'unknown error'}.`, {
      action: 'Check that you own ~/.aws/sso/cache.',
    });
  }
}
