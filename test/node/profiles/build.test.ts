import { describe, expect, it } from 'vitest';
import type { RoleProfile, SourceProfile } from '../../../electron/core/profiles/model';
import { ARN, build, byName, load, MFA } from './helpers';

const KEYS = { aws_access_key_id: 'AKIAFILE', aws_secret_access_key: 'secret' };

describe('buildProfiles: classification', () => {
  it('makes static keys in the credentials file a credentials-file source, without the secret', () => {
    const [p] = build({}, { dev: { ...KEYS, region: 'eu-west-1' } });
    expect(p).toEqual({ name: 'dev', kind: 'source', origin: 'credentials-file', accessKeyId: 'AKIAFILE', region: 'eu-west-1', settingOrigins: { region: 'credentials-file' } });
    expect(JSON.stringify(p)).not.toContain('secret');
  });

  it('takes mfa_serial and region for a file source from config too', () => {
    const p = byName(build({ dev: { mfa_serial: MFA, region: 'us-east-2' } }, { dev: KEYS }), 'dev');
    expect(p).toMatchObject({ kind: 'source', origin: 'credentials-file', mfaSerial: MFA, region: 'us-east-2' });
  });

  it('lets the credentials file win per key over the config file', () => {
    const p = byName(build({ dev: { region: 'from-config', output: 'json' } }, { dev: { ...KEYS, region: 'us-west-1' } }), 'dev');
    expect(p.region).toBe('us-west-1');
  });

  it('marks temporary keys (with a session token) as such', () => {
    const p = byName(build({}, { mfa: { ...KEYS, aws_session_token: 'tok' }, old: { ...KEYS, aws_security_token: 'tok' } }), 'mfa') as SourceProfile;
    expect(p.temporary).toBe(true);
  });

  it('lists static keys in the config file as a config-file source', () => {
    expect(byName(build({ cfg: KEYS }), 'cfg')).toMatchObject({ kind: 'source', origin: 'config-file', accessKeyId: 'AKIAFILE' });
  });

  it('prefers the keychain over a plaintext copy and says where the copies are; the config file\'s mfa_serial wins, and says so', () => {
    const OLD = 'arn:aws:iam::123456789012:mfa/old';
    const profiles = build({ dev: { mfa_serial: OLD } }, { dev: KEYS }, {
      keychainSources: [{ name: 'dev', accessKeyId: 'AKIAVAULT', mfaSerial: MFA }],
    });
    expect(byName(profiles, 'dev')).toEqual({
      name: 'dev',
      kind: 'source',
      origin: 'keychain',
      accessKeyId: 'AKIAVAULT',
      mfaSerial: OLD,
      settingOrigins: { mfaSerial: 'config-file' },
      notices: [`The keychain stores the MFA device ${MFA} for "dev", but the config file sets mfa_serial = ${OLD}; Rolecall uses the file's, as the AWS CLI does.`],
      plaintextCopies: ['credentials-file'],
    });
  });

  it('lists keychain-only sources, with the config mfa_serial when the keychain has none', () => {
    const profiles = build({ vault: { mfa_serial: MFA, region: 'eu-central-1' } }, {}, { keychainSources: [{ name: 'vault', accessKeyId: 'AKIAV' }, { name: 'bare', accessKeyId: 'AKIAB' }] });
    expect(byName(profiles, 'vault')).toEqual({
      name: 'vault',
      kind: 'source',
      origin: 'keychain',
      accessKeyId: 'AKIAV',
      mfaSerial: MFA,
      region: 'eu-central-1',
      settingOrigins: { mfaSerial: 'config-file', region: 'config-file' },
    });
    expect(byName(profiles, 'bare')).toEqual({ name: 'bare', kind: 'source', origin: 'keychain', accessKeyId: 'AKIAB' });
  });

  it('classifies the other kinds like botocore would pick a provider', () => {
    const profiles = build(
      {
        sso: { sso_session: 'corp', sso_account_id: '123456789012', sso_role_name: 'Dev' },
        legacy: { sso_start_url: 'https://x.awsapps.com/start' },
        proc: { credential_process: '/bin/creds' },
        web: { role_arn: ARN('Web'), web_identity_token_file: '/var/token' },
        settings: { region: 'us-east-1', 's3.addressing_style': 'path' },
        static_beats_proc: { credential_process: '/bin/creds' },
      },
      { static_beats_proc: KEYS },
    );
    const kinds = Object.fromEntries(profiles.map((p) => [p.name, p.kind === 'other' ? p.reason : `${p.kind}`]));
    expect(kinds).toEqual({ sso: 'sso', legacy: 'sso', proc: 'credential_process', web: 'web_identity', settings: 'settings-only', static_beats_proc: 'source' });
  });

  it('marks managed sections as Rolecall output, not sources, even with keys in them', () => {
    const profiles = build({}, { default: { ...KEYS, aws_session_token: 't' } }, { managedSections: new Set(['default']) });
    expect(profiles).toEqual([{ name: 'default', kind: 'other', reason: 'managed' }]);
  });

  it('does not call a managed section a plaintext copy of a keychain source of the same name', () => {
    const p = byName(build({}, { dev: KEYS }, { keychainSources: [{ name: 'dev', accessKeyId: 'AKIAV' }], managedSections: new Set(['dev']) }), 'dev');
    expect(p).toEqual({ name: 'dev', kind: 'source', origin: 'keychain', accessKeyId: 'AKIAV' });
  });

  it('makes role_arn a role even with static keys, keeping the keys as its own source', () => {
    const p = byName(build({ admin: { role_arn: ARN('Admin'), source_profile: 'admin' } }, { admin: KEYS }), 'admin') as RoleProfile;
    expect(p.kind).toBe('role');
    expect(p.ownSource).toEqual({ name: 'admin', kind: 'source', origin: 'credentials-file', accessKeyId: 'AKIAFILE' });
    expect(p.chain).toEqual(['admin', 'admin']);
  });

  it('reads every role field and parses the ARN', () => {
    const p = byName(
      build({
        admin: {
          role_arn: 'arn:aws:iam::210987654321:role/team/ops/Admin',
          source_profile: 'dev',
          mfa_serial: MFA,
          external_id: 'ext-1',
          role_session_name: 'ada@example.com',
          duration_seconds: '3600',
          region: 'eu-west-1',
        },
        dev: KEYS,
      }),
      'admin',
    );
    expect(p).toEqual({
      name: 'admin',
      kind: 'role',
      region: 'eu-west-1',
      roleArn: 'arn:aws:iam::210987654321:role/team/ops/Admin',
      sourceProfile: 'dev',
      mfaSerial: MFA,
      externalId: 'ext-1',
      roleSessionName: 'ada@example.com',
      durationSeconds: 3600,
      partition: 'aws',
      accountId: '210987654321',
      roleName: 'Admin',
      chain: ['admin', 'dev'],
    });
  });

  it.each([
    ['Environment', 'Environment'],
    ['environment', 'Environment'],
    ['EC2INSTANCEMETADATA', 'Ec2InstanceMetadata'],
    ['ecscontainer', 'EcsContainer'],
  ])('normalises credential_source %s', (raw, expected) => {
    const p = byName(build({ r: { role_arn: ARN('R'), credential_source: raw } }), 'r');
    expect(p).toMatchObject({ kind: 'role', credentialSource: expected, chain: ['r'] });
    expect(p.error).toBeUndefined();
  });

  it('lists names in file order: config, then credentials-only, then keychain-only', () => {
    const profiles = build({ b: { region: 'x' }, a: { region: 'x' } }, { c: KEYS, a: KEYS }, { keychainSources: [{ name: 'k', accessKeyId: 'AKIAK' }, { name: 'b', accessKeyId: 'AKIAB' }] });
    expect(profiles.map((p) => p.name)).toEqual(['b', 'a', 'c', 'k']);
  });

  it('matches keys case-insensitively when given raw loader output', () => {
    const p = byName(build({ Admin: { Role_Arn: ARN('A'), Source_Profile: 'Dev' } }, { Dev: { AWS_ACCESS_KEY_ID: 'AKIAX', AWS_SECRET_ACCESS_KEY: 's' } }), 'Admin');
    expect(p).toMatchObject({ kind: 'role', sourceProfile: 'Dev', chain: ['Admin', 'Dev'] });
    expect(p.error).toBeUndefined();
  });

  it('builds from real files, ignoring sso-session, services and nested blocks', async () => {
    const config = [
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.com/start',
      '[services local]',
      's3 =',
      '  endpoint_url = http://localhost:9000',
      '[profile acme.admin]',
      `role_arn = ${ARN('Admin')}`,
      'source_profile = acme.dev',
      's3 =',
      '  addressing_style = path',
    ].join('\n');
    const { profiles } = await load(config, '[acme.dev]\naws_access_key_id = AKIAX\naws_secret_access_key = s\n');
    expect(profiles.map((p) => `${p.name}:${p.kind}`)).toEqual(['acme.admin:role', 'acme.dev:source']);
    expect(byName(profiles, 'acme.admin')).toMatchObject({ chain: ['acme.admin', 'acme.dev'] });
  });

  it('handles profile names that are Object.prototype members', () => {
    const profiles = build({ constructor: { role_arn: ARN('C'), source_profile: 'toString' }, x: { role_arn: ARN('X'), source_profile: 'valueOf' } }, { toString: KEYS });
    expect(byName(profiles, 'constructor')).toMatchObject({ kind: 'role', chain: ['constructor', 'toString'] });
    expect(byName(profiles, 'x').error).toBe('The source_profile "valueOf" referenced in the profile "x" does not exist.');
  });

  it('returns plain, JSON-serialisable data', () => {
    const profiles = build({ admin: { role_arn: ARN('A'), source_profile: 'dev' } }, { dev: KEYS }, { keychainSources: [{ name: 'dev', accessKeyId: 'AKIAV' }] });
    expect(JSON.parse(JSON.stringify(profiles))).toEqual(profiles);
    expect(structuredClone(profiles)).toEqual(profiles);
  });
});
