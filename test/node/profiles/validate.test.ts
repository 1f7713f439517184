import { describe, expect, it } from 'vitest';
import type { ProfileSettings, RoleProfile } from '../../../electron/core/profiles/model';
import { ARN, build, byName, MFA } from './helpers';

const KEYS = { aws_access_key_id: 'AKIAFILE', aws_secret_access_key: 'secret' };
const DEV = { dev: KEYS };

/** Builds `p` (a role on source dev unless overridden) and returns it. */
function role(settings: ProfileSettings, extraConfig: Record<string, ProfileSettings> = {}, credentials: Record<string, ProfileSettings> = DEV): RoleProfile {
  const p = byName(build({ p: { role_arn: ARN('R'), ...settings }, ...extraConfig }, credentials), 'p');
  expect(p.kind).toBe('role');
  return p as RoleProfile;
}

describe('role validation: where the credentials come from', () => {
  it('accepts a source_profile with keys', () => {
    expect(role({ source_profile: 'dev' }).error).toBeUndefined();
  });

  it('rejects both source_profile and credential_source, as botocore does', () => {
    const p = role({ source_profile: 'dev', credential_source: 'Environment' });
    expect(p.error).toBe('The profile "p" contains both source_profile and credential_source.');
    expect(p.chain).toEqual([]);
  });

  it('rejects neither', () => {
    expect(role({}).error).toBe('The profile "p" has a role_arn but neither source_profile nor credential_source: set one of them to say where the credentials to assume the role come from.');
  });

  it('rejects an unknown credential_source, naming it', () => {
    const p = role({ credential_source: 'Lambda' });
    expect(p.error).toBe('The credential source "Lambda" referenced in profile "p" is not valid (use Environment, Ec2InstanceMetadata or EcsContainer).');
    expect(p.credentialSource).toBeUndefined();
  });

  it('rejects a missing source profile with botocore\'s message', () => {
    expect(role({ source_profile: 'ghost' }).error).toBe('The source_profile "ghost" referenced in the profile "p" does not exist.');
  });

  it('rejects a source without credentials', () => {
    const p = role({ source_profile: 'empty' }, { empty: { region: 'us-east-1' } });
    expect(p.error).toBe('The source profile "empty" must have credentials.');
    expect(p.chain).toEqual([]);
  });

  it.each([
    ['sso', { sso_session: 'corp', sso_account_id: '1', sso_role_name: 'x' }, 'signs in with IAM Identity Center (SSO)'],
    ['proc', { credential_process: '/bin/x' }, 'uses credential_process'],
    ['web', { role_arn: ARN('W'), web_identity_token_file: '/t' }, 'uses a web identity token'],
  ])('explains that a %s source cannot start a Rolecall chain', (name, settings, text) => {
    const p = role({ source_profile: name }, { [name]: settings });
    expect(p.error).toBe(`The source_profile "${name}" referenced in the profile "p" ${text}, which Rolecall cannot use as a source: point it at a keychain or credentials-file profile.`);
  });

  it('rejects a managed output section as a source', () => {
    const p = byName(build({ p: { role_arn: ARN('R'), source_profile: 'default' } }, { default: KEYS }, { managedSections: new Set(['default']) }), 'p');
    expect(p.error).toBe('The source_profile "default" referenced in the profile "p" is a section Rolecall writes session credentials to, not a source of credentials.');
  });

  it('accepts partial keys nowhere: the source is listed with the missing half', () => {
    const profiles = build({ p: { role_arn: ARN('R'), source_profile: 'half' } }, { half: { aws_access_key_id: 'AKIAH' } });
    expect(byName(profiles, 'half').error).toBe('The profile "half" in the credentials file has only part of its keys: aws_secret_access_key is missing.');
    expect(byName(profiles, 'p').error).toBe('The profile "half" in this chain is invalid: The profile "half" in the credentials file has only part of its keys: aws_secret_access_key is missing.');
    expect(byName(build({ c: { aws_secret_access_key: 's' } }), 'c').error).toContain('in the config file has only part of its keys: aws_access_key_id is missing.');
  });
});

describe('role validation: values', () => {
  it.each(['arn:aws:iam::12345678901:role/R', 'arn:aws:iam::123456789012:user/R', 'arn:aws:sts::123456789012:role/R', 'arn:aws-iso:iam::123456789012:role/R', 'arn:aws:iam:us-east-1:123456789012:role/R', 'arn:aws:iam::123456789012:role/', 'arn:aws:iam::123456789012:role/a b', 'AdminRole'])(
    'rejects the role_arn %s',
    (arn) => {
      const p = role({ role_arn: arn, source_profile: 'dev' });
      expect(p.error).toBe(`The role_arn "${arn}" in profile "p" is not a valid IAM role ARN (expected arn:aws:iam::123456789012:role/NAME).`);
      expect(p.accountId).toBeUndefined();
      expect(p.chain).toEqual(['p', 'dev']); // the chain itself still resolves; the UI shows both
    },
  );

  it.each(['arn:aws-cn:iam::123456789012:role/R', 'arn:aws-us-gov:iam::123456789012:role/path/to/R', `arn:aws:iam::123456789012:role/${'r'.repeat(64)}`])('accepts the role_arn %s', (arn) => {
    expect(role({ role_arn: arn, source_profile: 'dev' }).error).toBeUndefined();
  });

  it('rejects a region outside the role\'s partition', () => {
    expect(role({ role_arn: 'arn:aws-cn:iam::123456789012:role/R', source_profile: 'dev', region: 'us-east-1' }).error).toBe(
      'The region "us-east-1" in profile "p" is in the aws partition, but its role_arn is in aws-cn.',
    );
    expect(role({ role_arn: 'arn:aws-cn:iam::123456789012:role/R', source_profile: 'dev', region: 'cn-north-1' }).error).toBeUndefined();
  });

  it.each([MFA, 'arn:aws-us-gov:iam::123456789012:mfa/path/dev', 'GAHT12345678', 'ABCD12345678901'])('accepts the mfa_serial %s', (serial) => {
    expect(role({ source_profile: 'dev', mfa_serial: serial }).error).toBeUndefined();
  });

  it.each(['arn:aws:iam::123456789012:user/dev', 'arn:aws:iam::123:mfa/dev', 'GAHT1', '123456', 'arn:aws:iam::123456789012:mfa/'])('rejects the mfa_serial %s', (serial) => {
    expect(role({ source_profile: 'dev', mfa_serial: serial }).error).toBe(
      `The mfa_serial "${serial}" in profile "p" is neither an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) nor a hardware token serial number.`,
    );
  });

  it('checks a source profile\'s mfa_serial too', () => {
    expect(byName(build({ dev: { mfa_serial: 'nope' } }, DEV), 'dev').error).toContain('The mfa_serial "nope" in profile "dev" is neither');
  });

  it.each(['900', '3600', '43200'])('accepts duration_seconds %s', (d) => {
    const p = role({ source_profile: 'dev', duration_seconds: d });
    expect(p.error).toBeUndefined();
    expect(p.durationSeconds).toBe(Number(d));
  });

  it.each(['899', '43201', '3600.5', '1h', '-900', '1e4'])('rejects duration_seconds %s', (d) => {
    const p = role({ source_profile: 'dev', duration_seconds: d });
    expect(p.error).toBe(`The duration_seconds "${d}" in profile "p" must be a whole number of seconds from 900 to 43200.`);
    expect(p.durationSeconds).toBeUndefined();
  });

  it.each(['ok', 'ada@example.com', 'a+b=c,d.e@f-g_h', 'x'.repeat(64)])('accepts role_session_name %s', (n) => {
    expect(role({ source_profile: 'dev', role_session_name: n }).error).toBeUndefined();
  });

  it.each(['a', 'has space', 'x'.repeat(65), 'semi;colon', 'slash/no'])('rejects role_session_name %s', (n) => {
    expect(role({ source_profile: 'dev', role_session_name: n }).error).toBe(`The role_session_name "${n}" in profile "p" must be 2 to 64 characters of letters, digits and +=,.@_-.`);
  });

  it('reports every problem of one profile together', () => {
    const p = role({ role_arn: 'bad', duration_seconds: '5', role_session_name: '!' });
    expect(p.error).toContain('neither source_profile nor credential_source');
    expect(p.error).toContain('The role_arn "bad"');
    expect(p.error).toContain('The duration_seconds "5"');
    expect(p.error).toContain('The role_session_name "!"');
  });

  it('keeps an invalid profile in the list without affecting valid neighbours', () => {
    const profiles = build({ bad: { role_arn: 'x' }, good: { role_arn: ARN('G'), source_profile: 'dev' } }, DEV);
    expect(profiles.map((p) => [p.name, p.error === undefined])).toEqual([
      ['bad', false],
      ['good', true],
      ['dev', true],
    ]);
  });
});
