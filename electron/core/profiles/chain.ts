/**
 * Lookups the STS engine needs on a built profile list: the profile objects along a role's chain,
 * from the target role down to the profile whose credentials start it (a source, a role's own static
 * keys, or a role with `credential_source`). Failures come back as values so callers that list
 * profiles can show them and callers that switch can throw them.
 */
import { RolecallError } from '../errors';
import type { Profile, RoleProfile, SourceProfile } from './model';

export type ChainResult = { ok: true; chain: Array<RoleProfile | SourceProfile> } | { ok: false; error: RolecallError };

export function findProfile(profiles: readonly Profile[], name: string): Profile | undefined {
  return profiles.find((p) => p.name === name);
}

const FIX_ACTION = 'Fix the profile in your AWS config file (AWS_CONFIG_FILE, by default ~/.aws/config), then try again.';

/**
 * The chain for `name` as profile objects. A source profile is its own one-element chain (an MFA
 * session for the user itself, as in W3). Reuses the `chain` and `error` that `buildProfiles` worked
 * out, so listing and switching always agree on what is wrong.
 */
export function resolveChainProfiles(profiles: readonly Profile[], name: string): ChainResult {
  const byName = new Map<string, Profile>();
  for (const p of profiles) if (!byName.has(p.name)) byName.set(p.name, p);
  const target = byName.get(name);
  if (!target) {
    return fail('ProfileNotFound', name, `There is no profile named "${name}" in the AWS config or credentials file or in the keychain.`, 'Check the name with "rolecall list", or add the source with "rolecall add".');
  }
  if (target.kind === 'other') {
    return fail('ProfileInvalid', name, `The profile "${name}" is not a source or role profile Rolecall can use (${describeOther(target.reason)}).`, 'Pick a role profile (with role_arn) or a source profile with access keys.');
  }
  if (target.error) return fail(inCycle(byName, target) ? 'ProfileCycle' : 'ProfileInvalid', name, target.error, FIX_ACTION);
  if (target.kind === 'source') return { ok: true, chain: [target] };

  const chain: Array<RoleProfile | SourceProfile> = [target];
  for (let i = 1; i < target.chain.length; i++) {
    const p = byName.get(target.chain[i]!);
    const last = i === target.chain.length - 1;
    if (p?.kind === 'source') chain.push(p);
    else if (p?.kind === 'role' && last && p.ownSource) chain.push(p.ownSource);
    else if (p?.kind === 'role') chain.push(p);
    else return fail('ProfileInvalid', name, `The chain of "${name}" could not be resolved: "${target.chain[i]}" is not a source or role profile.`, FIX_ACTION);
  }
  if (chain.length === 1 && !target.credentialSource) {
    return fail('ProfileInvalid', name, `The chain of "${name}" could not be resolved.`, FIX_ACTION);
  }
  return { ok: true, chain };
}

/**
 * The region a session for this chain should carry: the target role's, else the nearest one down
 * the chain to the source (aws-vault keeps `region` on `[profile dev]`, not on every role).
 */
export function nearestRegion(chain: readonly Profile[]): string | undefined {
  return chain.find((p) => p.region !== undefined)?.region;
}

/** The region for profile `name` by {@link nearestRegion}; undefined when its chain cannot be resolved. */
export function regionForProfile(profiles: readonly Profile[], name: string): string | undefined {
  const r = resolveChainProfiles(profiles, name);
  return r.ok ? nearestRegion(r.chain) : findProfile(profiles, name)?.region;
}

/** Follows source_profile links through roles without static keys; true when they come back round. */
function inCycle(byName: Map<string, Profile>, start: Profile): boolean {
  const seen = new Set<string>();
  let cur: Profile | undefined = start;
  while (cur?.kind === 'role' && cur.sourceProfile !== undefined) {
    if (cur !== start && cur.ownSource) return false;
    if (cur === start && cur.ownSource && cur.sourceProfile === cur.name) return false;
    if (seen.has(cur.name)) return true;
    seen.add(cur.name);
    cur = byName.get(cur.sourceProfile);
  }
  return false;
}

function describeOther(reason: string): string {
  switch (reason) {
    case 'managed':
      return 'it is a section Rolecall writes session credentials to';
    case 'sso':
      return 'it signs in with IAM Identity Center (SSO)';
    case 'credential_process':
      return 'it uses credential_process';
    case 'web_identity':
      return 'it uses a web identity token';
    default:
      return 'it holds only settings, no credentials';
  }
}

function fail(code: 'ProfileNotFound' | 'ProfileInvalid' | 'ProfileCycle', profile: string, message: string, action: string): ChainResult {
  return { ok: false, error: new RolecallError(code, message, { action, details: { profile } }) };
}
