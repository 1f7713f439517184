import { describe, expect, it } from 'vitest';
import {
  ALLOW_ALL_SESSION_POLICY,
  FEDERATION_LIMITS_NOTICE,
  federationName,
  federationTokenForUser,
  type FederationTokenCaller,
} from '../../../electron/core/console/federation-token';
import { RolecallError } from '../../../electron/core/errors';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof RolecallError ? e.code : `raw:${String(e)}`;
  }
  return 'resolved';
}

describe('federationTokenForUser', () => {
  const never: FederationTokenCaller = {
    getFederationToken: () => {
      throw new Error('must not be called');
    },
  };

  it('makes a valid Name: ≤ 32 chars of [\\w+=,.@-], at least 2', () => {
    expect(federationName('bob')).toBe('bob');
    expect(federationName('a very/long:user name with spaces and more')).toBe('a-very-long-user-name-with-space');
    expect(federationName('a very/long:user name with spaces and more')).toHaveLength(32);
    expect(federationName('x')).toBe('rolecall-x');
    expect(federationName('ünï')).toBe('-n-');
    for (const s of ['', 'x', 'weird\u0000name', 'é'.repeat(40), 'ok_name+=,.@-']) expect(federationName(s)).toMatch(/^[\w+=,.@-]{2,32}$/);
  });

  it('refuses temporary credentials and bad durations before calling STS', async () => {
    expect(await codeOf(federationTokenForUser(never, { accessKeyId: 'ASIAX', secretAccessKey: 's', sessionToken: 't' }, { userName: 'bob' }))).toBe('ConsoleUnsupported');
    for (const d of [899, 129_601, 3.5]) {
      expect(await codeOf(federationTokenForUser(never, { accessKeyId: 'AKIAX', secretAccessKey: 's' }, { userName: 'bob', durationSeconds: d }))).toBe('InvalidInput');
    }
  });

  it('maps STS errors to RolecallErrors', async () => {
    const denied: FederationTokenCaller = {
      getFederationToken: async () => {
        throw Object.assign(new Error('User: arn:aws:iam::1:user/bob is not authorized to perform: sts:GetFederationToken'), {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        });
      },
    };
    expect(await codeOf(federationTokenForUser(denied, { accessKeyId: 'AKIAX', secretAccessKey: 's' }, { userName: 'bob' }))).toBe('AccessDenied');
  });

  it('sends the sanitised name and the allow-all policy, and returns federation credentials', async () => {
    const seen: unknown[] = [];
    const sts: FederationTokenCaller = {
      async getFederationToken(creds, input) {
        seen.push({ creds, input });
        return { accessKeyId: 'ASIAFED', secretAccessKey: 's', sessionToken: 't', expiration: new Date(0), federatedUserArn: 'arn:aws:sts::1:federated-user/x' };
      },
    };
    const longTerm = { accessKeyId: 'AKIAUSER', secretAccessKey: 'user-secret' };
    const r = await federationTokenForUser(sts, longTerm, { userName: 'alice smith', durationSeconds: 129_600 });
    expect(seen).toEqual([{ creds: longTerm, input: { name: 'alice-smith', policy: ALLOW_ALL_SESSION_POLICY, durationSeconds: 129_600 } }]);
    expect(r).toMatchObject({ kind: 'federation', accessKeyId: 'ASIAFED', identityArn: 'arn:aws:sts::1:federated-user/x' });
    expect(JSON.parse(ALLOW_ALL_SESSION_POLICY)).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  });

  it('states the limits the UI must show', () => {
    for (const fact of [/no MFA/i, /IAM API/, /GetCallerIdentity/, /36 hours/, /intersect/]) expect(FEDERATION_LIMITS_NOTICE).toMatch(fact);
  });
});
