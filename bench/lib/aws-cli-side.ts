/**
 * The AWS CLI's half of the credential_process comparison: its own HOME with the same config, the
 * role's source keys and a static-keys profile in its credentials file, and its assume-role cache
 * seeded so `aws configure export-credentials --profile admin` answers without STS. Before any run
 * is timed, `verifyAwsCliCache` proves the cache is what answers (see its TSDoc).
 */
import { mkdtemp, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assumeRoleCacheKey, pythonCacheKeyScript, seedAssumeRoleCache, type AssumeRoleProfileArgs, type CachedRoleCredentials } from './aws-cli-cache';
import { AWS_CLI, PYTHON } from './machine';
import { runProcess, type ProcessRun } from './timing';

export interface AwsCliSide {
  home: string;
  env: Record<string, string>;
  cacheFile: string;
  /** `aws configure export-credentials --profile <profile> --format process` (stdin closed). */
  exportCredentials(profile: string): Promise<ProcessRun>;
  close(): Promise<void>;
}

export interface AwsCliSideOptions {
  config: string;
  /** The role's source profile (long-term keys; the CLI reads them before it consults the cache). */
  source: { name: string; accessKeyId: string; secretAccessKey: string };
  staticProfile: { name: string; accessKeyId: string; secretAccessKey: string };
  role: AssumeRoleProfileArgs;
  seed: CachedRoleCredentials;
  /** Every outbound call goes here (a recorder that forwards nothing). */
  proxyUrl: string;
}

export async function prepareAwsCliSide(opts: AwsCliSideOptions): Promise<AwsCliSide> {
  const home = await mkdtemp(join(tmpdir(), 'rolecall-bench-awscli-'));
  await mkdir(join(home, '.aws'), { recursive: true, mode: 0o700 });
  const configFile = join(home, '.aws', 'config');
  const credentialsFile = join(home, '.aws', 'credentials');
  await writeFile(configFile, opts.config, { mode: 0o600 });
  const section = (p: { name: string; accessKeyId: string; secretAccessKey: string }): string =>
    `[${p.name}]\naws_access_key_id = ${p.accessKeyId}\naws_secret_access_key = ${p.secretAccessKey}\n`;
  await writeFile(credentialsFile, `${section(opts.source)}\n${section(opts.staticProfile)}`, { mode: 0o600 });
  const cacheFile = await seedAssumeRoleCache(home, opts.role, opts.seed);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    HTTPS_PROXY: opts.proxyUrl,
    HTTP_PROXY: opts.proxyUrl,
    https_proxy: opts.proxyUrl,
    http_proxy: opts.proxyUrl,
  };
  return {
    home,
    env,
    cacheFile,
    exportCredentials: (profile) => runProcess(AWS_CLI, ['configure', 'export-credentials', '--profile', profile, '--format', 'process'], { env, timeoutMs: 60_000 }),
    close: () => rm(home, { recursive: true, force: true }),
  };
}

export interface CacheVerification {
  /** The file name we computed (botocore's rules re-implemented). */
  cacheKey: string;
  /** The key the CLI's own botocore computes for the same profile. */
  botocoreCacheKey: string | undefined;
  botocoreModule: string | undefined;
  /** The CLI printed the seeded access key id. */
  answeredFromSeed: boolean;
  /** With the cache file moved away, the same command's exit code and last stderr line. */
  withoutCache: { code: number; lastLine: string };
}

/**
 * Proves the AWS CLI answers the role from the seeded cache: (1) botocore itself, constructed in
 * `/usr/bin/python3` as the CLI runs it, names the same file; (2) the CLI prints the seeded key id;
 * (3) with the file moved away the same command fails asking for an MFA code — it would have
 * needed STS. The proxy recorder the caller passed counts any network attempt besides.
 */
export async function verifyAwsCliCache(side: AwsCliSide, role: AssumeRoleProfileArgs, profile: string, seededKeyId: string): Promise<CacheVerification> {
  const cacheKey = assumeRoleCacheKey(role);
  const py = await runProcess(PYTHON, ['-c', pythonCacheKeyScript(role)], { env: side.env, timeoutMs: 30_000 });
  const [botocoreCacheKey, botocoreModule] = py.code === 0 ? py.stdout.trim().split(/\s+/) : [];
  const hit = await side.exportCredentials(profile);
  const answeredFromSeed = hit.code === 0 && (JSON.parse(hit.stdout) as { AccessKeyId?: string }).AccessKeyId === seededKeyId;
  const aside = `${side.cacheFile}.aside`;
  await rename(side.cacheFile, aside);
  let miss: ProcessRun;
  try {
    miss = await side.exportCredentials(profile);
  } finally {
    await rename(aside, side.cacheFile);
  }
  const lines = miss.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return {
    cacheKey,
    botocoreCacheKey,
    botocoreModule,
    answeredFromSeed,
    withoutCache: { code: miss.code, lastLine: lines[lines.length - 1] ?? '' },
  };
}
