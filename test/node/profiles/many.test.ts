/**
 * Generated configurations: 500 profiles with invalid ones mixed in all list, and the memoised chain
 * resolver agrees with a naive walk written straight from botocore's AssumeRoleProvider.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveChainProfiles } from '../../../electron/core/profiles/chain';
import type { ProfileSettings, RoleProfile } from '../../../electron/core/profiles/model';
import { ARN, build, load } from './helpers';

type Files = { config: Record<string, ProfileSettings>; credentials: Record<string, ProfileSettings> };
const KEYS = { aws_access_key_id: 'AKIAGEN', aws_secret_access_key: 'secret' };

/** One profile of a random kind pointing at random names (some missing, some itself). */
function addProfile(files: Files, name: string, kind: number, target: string, valid: boolean): void {
  const role = { role_arn: valid ? ARN(`R-${name}`) : 'arn:aws:iam::bad', region: 'us-east-1' };
  switch (kind) {
    case 0:
      files.credentials[name] = { ...KEYS };
      break;
    case 1:
      files.config[name] = { ...role, source_profile: target, ...(valid ? {} : { duration_seconds: '12' }) };
      break;
    case 2:
      files.config[name] = { ...role, credential_source: valid ? 'Environment' : 'Nope' };
      break;
    case 3:
      files.config[name] = { ...role, source_profile: target };
      files.credentials[name] = { ...KEYS };
      break;
    case 4:
      files.config[name] = { role_arn: role.role_arn }; // neither source_profile nor credential_source
      break;
    case 5:
      files.config[name] = { sso_session: 'corp' };
      break;
    default:
      files.config[name] = { region: 'eu-west-1' };
  }
}

/** botocore's walk, unoptimised: the chain, or why there is none. */
function naive(files: Files, top: string): { chain: string[] } | { cycle: true } | { broken: true } {
  const conf = (n: string): ProfileSettings => files.config[n] ?? {};
  const hasKeys = (n: string): boolean => files.credentials[n] !== undefined;
  const exists = (n: string): boolean => files.config[n] !== undefined || files.credentials[n] !== undefined;
  const isRole = (n: string): boolean => conf(n).role_arn !== undefined;
  const visited = [top];
  let cur = top;
  for (;;) {
    const c = conf(cur);
    const src = c.source_profile;
    const cs = c.credential_source;
    if ((src === undefined) === (cs === undefined)) return { broken: true };
    if (cs !== undefined) return cs === 'Environment' ? { chain: visited } : { broken: true };
    if (cur === top && src === top && hasKeys(top)) return { chain: [...visited, top] };
    if (visited.includes(src!)) return { cycle: true };
    if (!exists(src!)) return { broken: true };
    if (hasKeys(src!)) return { chain: [...visited, src!] };
    if (!isRole(src!)) return { broken: true };
    visited.push(src!);
    cur = src!;
  }
}

describe('generated configurations', () => {
  it('lists all 500 profiles, valid and invalid, each with the right chain', () => {
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const files: Files = { config: {}, credentials: {} };
    for (let i = 0; i < 500; i++) addProfile(files, `p${i}`, rand(7), rand(10) === 0 ? 'missing' : `p${rand(500)}`, rand(5) !== 0);
    const profiles = build(files.config, files.credentials);
    expect(profiles).toHaveLength(500);
    expect(new Set(profiles.map((p) => p.name)).size).toBe(500);
    const invalid = profiles.filter((p) => p.error !== undefined);
    expect(invalid.length).toBeGreaterThan(50);
    expect(invalid.length).toBeLessThan(450);
    for (const p of profiles) {
      if (p.kind !== 'role') continue;
      const ref = naive(files, p.name);
      expect(p.chain, p.name).toEqual('chain' in ref ? ref.chain : []);
      if ('cycle' in ref) expect(p.error, p.name).toContain('Infinite loop in credential configuration');
      const r = resolveChainProfiles(profiles, p.name);
      expect(r.ok, p.name).toBe(p.error === undefined);
    }
  });

  it('agrees with a naive botocore walk on arbitrary graphs (fast-check)', () => {
    const profile = fc.record({ kind: fc.integer({ min: 0, max: 6 }), target: fc.integer({ min: 0, max: 12 }), valid: fc.boolean() });
    fc.assert(
      fc.property(fc.array(profile, { minLength: 1, maxLength: 12 }), (specs) => {
        const files: Files = { config: {}, credentials: {} };
        specs.forEach((s, i) => addProfile(files, `p${i}`, s.kind, `p${s.target}`, s.valid));
        const order = Object.keys(files.config).reverse(); // file order must not matter
        const config = Object.fromEntries(order.map((n) => [n, files.config[n]!]));
        for (const built of [build(files.config, files.credentials), build(config, files.credentials)]) {
          for (const p of built) {
            if (p.kind !== 'role') continue;
            const ref = naive(files, p.name);
            expect((p as RoleProfile).chain).toEqual('chain' in ref ? ref.chain : []);
            expect(p.error?.includes('Infinite loop') ?? false).toBe('cycle' in ref);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads 500 profiles from real files, with invalid ones, without losing any', async () => {
    const config: string[] = [];
    const credentials: string[] = [];
    for (let i = 0; i < 500; i++) {
      if (i % 5 === 0) credentials.push(`[src${i}]`, 'aws_access_key_id = AKIAGEN', 'aws_secret_access_key = s', '');
      else if (i % 7 === 0) config.push(`[profile bad${i}]`, `role_arn = ${ARN('X')}`, `source_profile = nowhere`, '');
      else config.push(`[profile role${i}]`, `role_arn = ${ARN(`R${i}`)}`, `source_profile = src${i - (i % 5)}`, 'duration_seconds = 3600', '');
    }
    const { profiles } = await load(config.join('\n'), credentials.join('\n'));
    expect(profiles).toHaveLength(500);
    expect(profiles.filter((p) => p.error).map((p) => p.name)).toEqual(profiles.filter((p) => p.name.startsWith('bad')).map((p) => p.name));
    expect(profiles.find((p) => p.name === 'role13')).toMatchObject({ chain: ['role13', 'src10'] });
  });
});
