import { describe, expect, it } from 'vitest';
import { findProfile, resolveChainProfiles } from '../../../electron/core/profiles/chain';
import type { ProfileSettings, RoleProfile } from '../../../electron/core/profiles/model';
import { ARN, build, byName } from './helpers';

const KEYS = { aws_access_key_id: 'AKIAFILE', aws_secret_access_key: 'secret' };
const roleOn = (source: string, extra: ProfileSettings = {}): ProfileSettings => ({ role_arn: ARN(`R-${source}`), source_profile: source, ...extra });

describe('chains', () => {
  it('resolves role chaining through role sources down to the keys', () => {
    const profiles = build({ a: roleOn('b'), b: roleOn('c'), c: roleOn('dev') }, { dev: KEYS });
    expect((byName(profiles, 'a') as RoleProfile).chain).toEqual(['a', 'b', 'c', 'dev']);
    expect((byName(profiles, 'b') as RoleProfile).chain).toEqual(['b', 'c', 'dev']);
  });

  it('ends a chain at a credential_source role', () => {
    const profiles = build({ a: roleOn('ec2'), ec2: { role_arn: ARN('Switch'), credential_source: 'Ec2InstanceMetadata' } });
    expect((byName(profiles, 'a') as RoleProfile).chain).toEqual(['a', 'ec2']);
    expect(byName(profiles, 'a').error).toBeUndefined();
  });

  it('ends at a keychain source', () => {
    const profiles = build({ a: roleOn('vault') }, {}, { keychainSources: [{ name: 'vault', accessKeyId: 'AKIAV' }] });
    expect(byName(profiles, 'a')).toMatchObject({ chain: ['a', 'vault'] });
  });

  it('stops at a role source that holds static keys (botocore uses the keys there)', () => {
    const profiles = build({ a: roleOn('b'), b: roleOn('ghost') }, { b: KEYS });
    expect(byName(profiles, 'a')).toMatchObject({ chain: ['a', 'b'] });
    expect(byName(profiles, 'a').error).toBeUndefined();
    expect(byName(profiles, 'b').error).toBe('The source_profile "ghost" referenced in the profile "b" does not exist.');
  });

  it('names the full cycle for every member and every profile leading into it', () => {
    const profiles = build({ x: roleOn('a'), a: roleOn('b'), b: roleOn('c'), c: roleOn('a') });
    const tail = 'Point the source_profile of one of these profiles at a profile with credentials.';
    expect(byName(profiles, 'a').error).toBe(`Infinite loop in credential configuration: a → b → c → a. ${tail}`);
    expect(byName(profiles, 'b').error).toBe(`Infinite loop in credential configuration: b → c → a → b. ${tail}`);
    expect(byName(profiles, 'c').error).toBe(`Infinite loop in credential configuration: c → a → b → c. ${tail}`);
    expect(byName(profiles, 'x').error).toBe(`Infinite loop in credential configuration: a → b → c → a. ${tail}`);
    for (const p of profiles) expect((p as RoleProfile).chain).toEqual([]);
  });

  it('finds the same cycles whatever the order of the file', () => {
    const profiles = build({ c: roleOn('a'), x: roleOn('a'), b: roleOn('c'), a: roleOn('b') });
    expect(byName(profiles, 'a').error).toContain(': a → b → c → a.');
    expect(byName(profiles, 'x').error).toContain(': a → b → c → a.');
  });

  it('allows a profile to name itself only when it has static keys, like botocore', () => {
    const withKeys = build({ me: roleOn('me') }, { me: KEYS });
    expect(byName(withKeys, 'me')).toMatchObject({ chain: ['me', 'me'] });
    expect(byName(withKeys, 'me').error).toBeUndefined();
    const without = build({ me: roleOn('me') });
    expect(byName(without, 'me').error).toBe('Infinite loop in credential configuration: me → me. Point the source_profile of one of these profiles at a profile with credentials.');
  });

  it('treats a loop back to a top profile with keys as a loop, while its mates resolve to those keys', () => {
    const profiles = build({ top: roleOn('b'), b: roleOn('top') }, { top: KEYS });
    expect(byName(profiles, 'top').error).toContain(': top → b → top.');
    expect(byName(profiles, 'b')).toMatchObject({ chain: ['b', 'top'] });
    expect(byName(profiles, 'b').error).toBeUndefined();
  });

  it('sees that loop whichever of the two comes first in the file', () => {
    const profiles = build({ b: roleOn('top'), top: roleOn('b') }, { top: KEYS });
    expect(byName(profiles, 'b')).toMatchObject({ chain: ['b', 'top'] });
    expect(byName(profiles, 'top').error).toContain(': top → b → top.');
    expect((byName(profiles, 'top') as RoleProfile).chain).toEqual([]);
    const longer = build({ b: roleOn('c'), c: roleOn('top'), top: roleOn('b') }, { top: KEYS });
    expect(byName(longer, 'top').error).toContain(': top → b → c → top.');
    expect(byName(longer, 'b')).toMatchObject({ chain: ['b', 'c', 'top'] });
  });

  it('passes a missing source deep in the chain up to every role above it', () => {
    const profiles = build({ a: roleOn('b'), b: roleOn('ghost') });
    expect(byName(profiles, 'a').error).toBe('The source_profile "ghost" referenced in the profile "b" does not exist.');
  });

  it('marks a role invalid when a profile in its chain is, naming that profile', () => {
    const profiles = build({ a: roleOn('b'), b: roleOn('dev', { duration_seconds: '60' }) }, { dev: KEYS });
    expect(byName(profiles, 'a').error).toBe('The profile "b" in this chain is invalid: The duration_seconds "60" in profile "b" must be a whole number of seconds from 900 to 43200.');
    expect(byName(profiles, 'a')).toMatchObject({ chain: ['a', 'b', 'dev'] });
  });

  it('stops at a structurally broken role in the middle', () => {
    const profiles = build({ a: roleOn('b'), b: { role_arn: ARN('B') } });
    expect(byName(profiles, 'a').error).toContain('The profile "b" in this chain is invalid: The profile "b" has a role_arn but neither');
    expect(byName(profiles, 'a')).toMatchObject({ chain: [] });
  });

  it('copes with a 3,000-deep chain (each role lists its whole chain, so the output itself is quadratic)', () => {
    const config: Record<string, ProfileSettings> = {};
    for (let i = 0; i < 3_000; i++) config[`r${i}`] = roleOn(i === 2_999 ? 'dev' : `r${i + 1}`);
    const started = performance.now();
    const profiles = build(config, { dev: KEYS });
    expect(performance.now() - started).toBeLessThan(3_000); // a walk per role with array lookups would take minutes
    expect((byName(profiles, 'r0') as RoleProfile).chain).toHaveLength(3_001);
    expect((byName(profiles, 'r2998') as RoleProfile).chain).toEqual(['r2998', 'r2999', 'dev']);
  });
});

describe('findProfile and resolveChainProfiles', () => {
  const profiles = build(
    {
      admin: roleOn('mid', { mfa_serial: 'arn:aws:iam::123456789012:mfa/u' }),
      mid: roleOn('dev'),
      self: roleOn('self'),
      ec2: { role_arn: ARN('S'), credential_source: 'environment' },
      loop1: roleOn('loop2'),
      loop2: roleOn('loop1'),
      bad: { role_arn: 'nope', source_profile: 'dev' },
      sso: { sso_session: 'corp' },
    },
    { dev: KEYS, self: KEYS },
  );

  it('finds by exact name', () => {
    expect(findProfile(profiles, 'mid')?.kind).toBe('role');
    expect(findProfile(profiles, 'MID')).toBeUndefined();
  });

  it('returns the profile objects from the target role down to the source', () => {
    const r = resolveChainProfiles(profiles, 'admin');
    expect(r.ok && r.chain.map((p) => `${p.name}:${p.kind}`)).toEqual(['admin:role', 'mid:role', 'dev:source']);
  });

  it('ends a self-sourced role in its own keys', () => {
    const r = resolveChainProfiles(profiles, 'self');
    expect(r.ok && r.chain.map((p) => `${p.name}:${p.kind}`)).toEqual(['self:role', 'self:source']);
    expect(r.ok && r.chain[1]).toMatchObject({ origin: 'credentials-file', accessKeyId: 'AKIAFILE' });
  });

  it('gives a source its own one-element chain and a credential_source role its own', () => {
    const s = resolveChainProfiles(profiles, 'dev');
    expect(s.ok && s.chain.map((p) => p.name)).toEqual(['dev']);
    const e = resolveChainProfiles(profiles, 'ec2');
    expect(e.ok && e.chain).toEqual([expect.objectContaining({ name: 'ec2', credentialSource: 'Environment' })]);
  });

  it.each([
    ['ghost', 'ProfileNotFound', 'There is no profile named "ghost"'],
    ['loop1', 'ProfileCycle', 'Infinite loop in credential configuration: loop1 → loop2 → loop1.'],
    ['bad', 'ProfileInvalid', 'The role_arn "nope" in profile "bad"'],
    ['sso', 'ProfileInvalid', 'The profile "sso" is not a source or role profile Rolecall can use (it signs in with IAM Identity Center (SSO)).'],
  ])('fails for %s with %s', (name, code, text) => {
    const r = resolveChainProfiles(profiles, name);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toContain(text);
    expect(r.error.action).toBeTruthy();
    expect(r.error.details).toEqual({ profile: name });
  });
});
