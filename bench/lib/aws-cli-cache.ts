/**
 * Seeds the AWS CLI's own assume-role cache (`~/.aws/cli/cache/<key>.json`) so the CLI answers a role
 * profile without calling STS — the fairest "warm" state to compare `rolecall credential-process`
 * against. The key and file format are botocore's, reproduced from the source the CLI runs
 * (`awscli/botocore/credentials.py`, identical in `botocore/credentials.py`):
 *
 * - `AssumeRoleProvider._load_creds_via_assume_role` builds the AssumeRole kwargs from the profile:
 *   `RoleSessionName` (only if `role_session_name` is set), `ExternalId`, `SerialNumber` (from
 *   `mfa_serial`), `DurationSeconds` (int of `duration_seconds`), then `RoleArn`.
 * - `BaseAssumeRoleCredentialFetcher._create_cache_key`: drop a generated `RoleSessionName`, then
 *   `sha1(json.dumps(args, sort_keys=True))` — Python's default separators `", "` / `": "` and
 *   `ensure_ascii` — made file-safe (`:` and `/` → `_`; a hex digest has neither).
 * - `JSONFileCache` stores the AssumeRole response with datetimes as `%Y-%m-%dT%H:%M:%S%Z`; a cached
 *   entry is used while more than 15 minutes remain (`DEFAULT_EXPIRY_WINDOW_SECONDS`).
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface AssumeRoleProfileArgs {
  roleArn: string;
  mfaSerial?: string;
  externalId?: string;
  roleSessionName?: string;
  durationSeconds?: number;
}

export interface CachedRoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  assumedRoleArn: string;
  assumedRoleId: string;
}

/** Python's `json.dumps(obj, sort_keys=True)` for a flat object of strings and integers. */
export function pythonJsonDumps(obj: Readonly<Record<string, string | number>>): string {
  const keys = Object.keys(obj).sort();
  const parts = keys.map((k) => `${pythonString(k)}: ${typeof obj[k] === 'number' ? String(obj[k]) : pythonString(obj[k] as string)}`);
  return `{${parts.join(', ')}}`;
}

/** JSON string with `ensure_ascii`: everything outside printable ASCII as a lower-case \uXXXX escape. */
function pythonString(s: string): string {
  return JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The AssumeRole kwargs botocore hashes, as `_load_creds_via_assume_role` builds them. */
export function assumeRoleCacheArgs(p: AssumeRoleProfileArgs): Record<string, string | number> {
  return {
    ...(p.roleSessionName !== undefined ? { RoleSessionName: p.roleSessionName } : {}),
    ...(p.externalId !== undefined ? { ExternalId: p.externalId } : {}),
    ...(p.mfaSerial !== undefined ? { SerialNumber: p.mfaSerial } : {}),
    ...(p.durationSeconds !== undefined ? { DurationSeconds: p.durationSeconds } : {}),
    RoleArn: p.roleArn,
  };
}

/** The cache file's base name (without `.json`) the AWS CLI looks up for this role profile. */
export function assumeRoleCacheKey(p: AssumeRoleProfileArgs): string {
  const digest = createHash('sha1').update(pythonJsonDumps(assumeRoleCacheArgs(p)), 'utf8').digest('hex');
  return digest.replace(/[:/]/g, '_');
}

/** `datetime.strftime('%Y-%m-%dT%H:%M:%S%Z')` of an aware UTC datetime, as JSONFileCache writes it. */
export function botocoreCacheTimestamp(d: Date): string {
  return `${d.toISOString().slice(0, 19)}UTC`;
}

/** Writes the cache entry exactly where and how the AWS CLI would have; returns its path. */
export async function seedAssumeRoleCache(home: string, profile: AssumeRoleProfileArgs, creds: CachedRoleCredentials): Promise<string> {
  const dir = join(home, '.aws', 'cli', 'cache');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${assumeRoleCacheKey(profile)}.json`);
  const body = {
    Credentials: {
      AccessKeyId: creds.accessKeyId,
      SecretAccessKey: creds.secretAccessKey,
      SessionToken: creds.sessionToken,
      Expiration: botocoreCacheTimestamp(creds.expiration),
    },
    AssumedRoleUser: { AssumedRoleId: creds.assumedRoleId, Arn: creds.assumedRoleArn },
    ResponseMetadata: { RequestId: '00000000-0000-4000-8000-000000000000', HTTPStatusCode: 200, HTTPHeaders: {}, RetryAttempts: 0 },
  };
  await writeFile(file, JSON.stringify(body), { mode: 0o600 });
  return file;
}

/**
 * The cache key as the AWS CLI's own botocore computes it for `profile`, by constructing its
 * `AssumeRoleCredentialFetcher` in `/usr/bin/python3` (no network, no credentials needed). Used to
 * cross-check {@link assumeRoleCacheKey}.
 */
export function pythonCacheKeyScript(p: AssumeRoleProfileArgs): string {
  const extra = { ...assumeRoleCacheArgs(p) };
  delete extra.RoleArn;
  return [
    'import json, sys, awscli',
    'from botocore.credentials import AssumeRoleCredentialFetcher',
    `extra = json.loads(${JSON.stringify(JSON.stringify(extra))})`,
    `f = AssumeRoleCredentialFetcher(client_creator=None, source_credentials=None, role_arn=${JSON.stringify(p.roleArn)}, extra_args=extra)`,
    'import botocore; print(f._cache_key, botocore.__file__)',
  ].join('\n');
}
