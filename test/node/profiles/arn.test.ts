import { describe, expect, it } from 'vitest';
import { isValidMfaSerial, isValidRoleSessionName, parseArn, parseRoleArn, partitionForRegion } from '../../../electron/core/profiles/arn';

describe('parseArn', () => {
  it('splits a role ARN with a path', () => {
    expect(parseArn('arn:aws:iam::123456789012:role/team/Admin')).toEqual({
      partition: 'aws',
      service: 'iam',
      region: '',
      accountId: '123456789012',
      resourceType: 'role',
      resourceName: 'team/Admin',
    });
  });

  it('splits assumed-role and colon-typed resources', () => {
    expect(parseArn('arn:aws-cn:sts::123456789012:assumed-role/Admin/session')).toMatchObject({ partition: 'aws-cn', resourceType: 'assumed-role', resourceName: 'Admin/session' });
    expect(parseArn('arn:aws:logs:us-east-1:123456789012:log-group:/a/b:*')).toMatchObject({ region: 'us-east-1', resourceType: 'log-group', resourceName: '/a/b:*' });
    expect(parseArn('arn:aws:s3:::bucket')).toMatchObject({ service: 's3', accountId: '', resourceType: '', resourceName: 'bucket' });
  });

  it.each(['', 'arn', 'arn:aws:iam::123', 'urn:aws:iam::123456789012:role/x', 'arn::iam::1:role/x', 'arn:aws:iam::123456789012:'])('returns undefined for %j', (s) => {
    expect(parseArn(s)).toBeUndefined();
  });
});

describe('parseRoleArn', () => {
  it('gives partition, account and the name without its path', () => {
    expect(parseRoleArn('arn:aws-us-gov:iam::123456789012:role/a/b/Ops')).toEqual({ partition: 'aws-us-gov', accountId: '123456789012', roleName: 'Ops' });
  });
  it.each(['arn:aws:iam::123456789012:role:Admin', 'arn:aws:iam::123456789012:role//x', `arn:aws:iam::123456789012:role/${'x'.repeat(65)}`])('rejects %s', (arn) => {
    expect(parseRoleArn(arn)).toBeUndefined();
  });
});

describe('partitionForRegion', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-central-2', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    [undefined, 'aws'],
  ])('%s → %s', (region, partition) => expect(partitionForRegion(region)).toBe(partition));
});

describe('formats STS checks', () => {
  it('MFA serials', () => {
    expect(isValidMfaSerial('arn:aws:iam::123456789012:mfa/dev-user')).toBe(true);
    expect(isValidMfaSerial('GAHT12345678')).toBe(true);
    expect(isValidMfaSerial('arn:aws:iam::123456789012:u2f/user/dev')).toBe(false);
  });
  it('role session names', () => {
    expect(isValidRoleSessionName('rolecall-ada')).toBe(true);
    expect(isValidRoleSessionName('r')).toBe(false);
  });
});
