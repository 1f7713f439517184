/**
 * The environment `rolecall exec` and `rolecall env` give a command: the session's keys, the
 * profile chain's region, and nothing left over that an SDK would read before them. The credential
 * chain of every SDK looks at the environment first, but a stale AWS_PROFILE or a container URI
 * set by an outer tool would still win in some of them, so those go.
 */
import type { ExecSession } from './credentials';

/** Variables that name another identity or credential source; removed from the child's environment. */
export const SHADOWING_VARIABLES = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
] as const;

/** Set inside `rolecall exec`: the profile it runs as, and the marker that refuses nesting. */
export const EXEC_MARKER = 'ROLECALL_PROFILE';

/** What to set (in this order) and what to remove, so every output format says the same. */
export interface ExecEnvironment {
  set: Array<[name: string, value: string]>;
  unset: string[];
}

/** Static keys for the child (plain `exec`, `env`, `exec --json`). */
export function staticKeysEnvironment(profile: string, creds: ExecSession, region: string | undefined): ExecEnvironment {
  return withRegion(profile, region, [
    ['AWS_ACCESS_KEY_ID', creds.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', creds.secretAccessKey],
    ['AWS_SESSION_TOKEN', creds.sessionToken],
    ['AWS_CREDENTIAL_EXPIRATION', creds.expiration.toISOString()],
  ]);
}

/** `--no-session`: a source's own keys, with no expiry (and its token, for a plaintext temporary one). */
export function longTermKeysEnvironment(profile: string, keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, region: string | undefined): ExecEnvironment {
  return withRegion(profile, region, [
    ['AWS_ACCESS_KEY_ID', keys.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', keys.secretAccessKey],
    ...(keys.sessionToken ? [['AWS_SESSION_TOKEN', keys.sessionToken] as [string, string]] : []),
  ]);
}

/** The container-credentials endpoint for the child (`exec --server`): SDKs fetch and refresh on their own. */
export function serverEnvironment(profile: string, endpoint: { url: string; token: string }, region: string | undefined): ExecEnvironment {
  return withRegion(profile, region, [
    ['AWS_CONTAINER_CREDENTIALS_FULL_URI', endpoint.url],
    ['AWS_CONTAINER_AUTHORIZATION_TOKEN', endpoint.token],
  ]);
}

function withRegion(profile: string, region: string | undefined, credentials: Array<[string, string]>): ExecEnvironment {
  const set: Array<[string, string]> = [...credentials];
  // only when the chain names one: the user's own AWS_REGION stays otherwise, nothing is invented
  if (region) set.push(['AWS_REGION', region], ['AWS_DEFAULT_REGION', region]);
  set.push([EXEC_MARKER, profile]);
  const setNames = new Set(set.map(([n]) => n));
  return { set, unset: SHADOWING_VARIABLES.filter((n) => !setNames.has(n)) };
}

/** The parent's environment with `e` applied: what the child process receives. */
export function applyEnvironment(parent: Record<string, string | undefined>, e: ExecEnvironment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parent)) if (v !== undefined) out[k] = v;
  for (const name of SHADOWING_VARIABLES) delete out[name];
  for (const [name, value] of e.set) out[name] = value;
  return out;
}
