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
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { deleteJsonCache, readJsonCache, writeJsonCache } from './json-cache';
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
  const r = await readJsonCache(path);
  if (!r) return undefined;
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

/** The token in botocore's key order and timestamp format (the order `_attempt_create_token` builds). */
export function tokenFileContent(token: SsoCachedToken): Record<string, string> {
  const out: Record<string, string> = { startUrl: token.startUrl, region: token.region, accessToken: token.accessToken, expiresAt: formatCacheTime(token.expiresAt) };
  if (token.clientId !== undefined) out.clientId = token.clientId;
  if (token.clientSecret !== undefined) out.clientSecret = token.clientSecret;
  if (token.registrationExpiresAt !== undefined) out.registrationExpiresAt = formatCacheTime(token.registrationExpiresAt);
  if (token.refreshToken !== undefined) out.refreshToken = token.refreshToken;
  return out;
}

/** Writes the token atomically, 0600, creating `~/.aws/sso/cache` (0700) if needed. */
export function writeCachedToken(path: string, token: SsoCachedToken): Promise<void> {
  return writeJsonCache(path, tokenFileContent(token));
}

/** Removes the cached token (sign-out); false when there was none. */
export function deleteCachedToken(path: string): Promise<boolean> {
  return deleteJsonCache(path);
}
