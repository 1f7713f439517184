/**
 * Where the AWS shared files live. Every part of Rolecall goes through here so that
 * `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE` and `AWS_PROFILE` are honoured everywhere, the way
 * the AWS CLI and SDKs honour them (Leapp hard-coded the path and broke such setups: its issue #260).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface AwsPaths {
  configFile: string;
  credentialsFile: string;
}

type Env = Record<string, string | undefined>;

/**
 * The two shared files for this environment. A leading `~` is expanded against `home` (botocore
 * expands it, and a value like `~/.aws/work-config` in a shell profile is common); an empty variable
 * counts as unset, as it does for the SDKs.
 */
export function resolveAwsPaths(env: Env = process.env, home: string = homedir()): AwsPaths {
  return {
    configFile: expandHome(env.AWS_CONFIG_FILE, home) ?? join(home, '.aws', 'config'),
    credentialsFile: expandHome(env.AWS_SHARED_CREDENTIALS_FILE, home) ?? join(home, '.aws', 'credentials'),
  };
}

/** The profile the AWS CLI would use with no `--profile`: `AWS_PROFILE`, else `default`. */
export function activeProfileName(env: Env = process.env): string {
  const name = env.AWS_PROFILE?.trim();
  return name ? name : 'default';
}

function expandHome(value: string | undefined, home: string): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (value === '~') return home;
  if (value.startsWith('~/') || value.startsWith('~\\')) return join(home, value.slice(2));
  return value;
}
