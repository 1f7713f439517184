/** The configurations of workflows.md, read from real files into the model the engine works from. */
import { describe, expect, it } from 'vitest';
import { resolveChainProfiles } from '../../../electron/core/profiles/chain';
import { byName, load } from './helpers';

describe('workflows.md configs', () => {
  it('W1: a keychain user and an MFA admin role in config', async () => {
    const config = ['[profile admin]', 'source_profile = dev', 'role_arn = arn:aws:iam::123456789012:role/AdminRole', 'mfa_serial = arn:aws:iam::123456789012:mfa/dev-user', ''].join('\n');
    const { profiles } = await load(config, undefined, { keychainSources: [{ name: 'dev', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }] });
    expect(profiles).toEqual([
      {
        name: 'admin',
        kind: 'role',
        roleArn: 'arn:aws:iam::123456789012:role/AdminRole',
        sourceProfile: 'dev',
        mfaSerial: 'arn:aws:iam::123456789012:mfa/dev-user',
        partition: 'aws',
        accountId: '123456789012',
        roleName: 'AdminRole',
        chain: ['admin', 'dev'],
      },
      { name: 'dev', kind: 'source', origin: 'keychain', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
    ]);
    const r = resolveChainProfiles(profiles, 'admin');
    expect(r.ok && r.chain.map((p) => p.name)).toEqual(['admin', 'dev']);
  });

  it('W3: a plaintext MFA-enforced user, the hand-made [mfa] section, and the switch-role relief', async () => {
    const credentials = [
      '[dev-simple-user]',
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      '',
      '[mfa]',
      'aws_access_key_id = ASIAIOSFODNN7EXAMPLE',
      'aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
      'aws_session_token = IQoJb3JpZ2luX2VjEXAMPLE',
      '',
    ].join('\n');
    const config = [
      '[profile dev-simple-user]',
      'mfa_serial = arn:aws:iam::123456789012:mfa/dev-simple-user',
      'region = eu-west-1',
      '',
      '[profile staging]',
      'role_arn = arn:aws:iam::210987654321:role/Deploy',
      'source_profile = dev-simple-user',
      'mfa_serial = arn:aws:iam::123456789012:mfa/dev-simple-user',
      '',
    ].join('\n');
    const { profiles } = await load(config, credentials);
    expect(byName(profiles, 'dev-simple-user')).toEqual({
      name: 'dev-simple-user',
      kind: 'source',
      origin: 'credentials-file',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      mfaSerial: 'arn:aws:iam::123456789012:mfa/dev-simple-user',
      region: 'eu-west-1',
      settingOrigins: { mfaSerial: 'config-file', region: 'config-file' },
    });
    expect(byName(profiles, 'mfa')).toEqual({ name: 'mfa', kind: 'source', origin: 'credentials-file', accessKeyId: 'ASIAIOSFODNN7EXAMPLE', temporary: true });
    expect(byName(profiles, 'staging')).toMatchObject({ kind: 'role', accountId: '210987654321', roleName: 'Deploy', chain: ['staging', 'dev-simple-user'] });
    expect(profiles.every((p) => p.error === undefined)).toBe(true);
    expect(JSON.stringify(profiles)).not.toMatch(/wJalrXUtnFEMI|je7MtGbClwBF|IQoJb3JpZ2lu/);
  });

  it('W5: the default profile switching from instance metadata', async () => {
    const config = ['[default]', 'role_arn = arn:aws:iam::123456789012:role/S3AdminRole', 'credential_source = Ec2InstanceMetadata', ''].join('\n');
    const { profiles } = await load(config);
    expect(profiles).toEqual([
      {
        name: 'default',
        kind: 'role',
        roleArn: 'arn:aws:iam::123456789012:role/S3AdminRole',
        credentialSource: 'Ec2InstanceMetadata',
        partition: 'aws',
        accountId: '123456789012',
        roleName: 'S3AdminRole',
        chain: ['default'],
      },
    ]);
    const r = resolveChainProfiles(profiles, 'default');
    expect(r.ok && r.chain).toEqual([profiles[0]]);
  });
});
