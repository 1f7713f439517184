/**
 * Console URLs from credentials a (loopback) STS really issued: role-direct, role-chained, a
 * federation token for an IAM user, and a refused MFA session, against the shared fixture's
 * federation endpoint, which enforces the AWS rules on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetFederationTokenCommand, GetSessionTokenCommand, type Credentials } from '@aws-sdk/client-sts';
import { consoleSigninUrl } from '../../../electron/core/console/signin-url';
import { federationTokenForUser } from '../../../electron/core/console/federation-token';
import type { ConsoleCredentialKind, ConsoleCredentials } from '../../../electron/core/console/types';
import { RolecallError } from '../../../electron/core/errors';
import { startLoopbackSts, type LoopbackSts } from '../../fixtures/loopback-sts';
import { isolateAwsEnvironment, stsClientFor } from '../../fixtures/loopback-sts/sdk';

isolateAwsEnvironment();
const ACCOUNT = '123456789012';
const user = { accessKeyId: 'AKIALOOPBACKUSER001', secretAccessKey: 'loopback-user-secret' };
let sts: LoopbackSts;

beforeAll(async () => {
  sts = await startLoopbackSts();
  const { arn } = sts.addUser({ userName: 'alice', accountId: ACCOUNT, ...user });
  sts.addRole({ roleArn: `arn:aws:iam::${ACCOUNT}:role/Admin`, trust: [arn], maxSessionDuration: 43_200 });
  sts.addRole({ roleArn: `arn:aws:iam::${ACCOUNT}:role/Chained`, trust: [`arn:aws:sts::${ACCOUNT}:assumed-role/Admin`] });
});
afterAll(() => sts.close());

function asConsole(c: Credentials | undefined, kind: ConsoleCredentialKind): ConsoleCredentials {
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken!, expiration: c!.Expiration!, kind, region: 'eu-west-1' };
}

async function assume(creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, role: string): Promise<Credentials | undefined> {
  const out = await stsClientFor(sts, creds).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`, RoleSessionName: 'rolecall' }));
  return out.Credentials;
}

/** Follows the login URL like a browser would and returns where the endpoint sends it. */
async function follow(url: string): Promise<string | null> {
  const res = await fetch(url, { redirect: 'manual' });
  return res.status === 302 ? res.headers.get('location') : null;
}

describe('console URL against the loopback STS federation endpoint', () => {
  it('role assumed directly: SessionDuration is sent and accepted; the login lands on the destination', async () => {
    const direct = asConsole(await assume(user, 'Admin'), 'assumed-role-direct');
    const r = await consoleSigninUrl(direct, { federationEndpoint: sts.federationUrl, sessionDurationSeconds: 43_200, path: 's3' });
    const token = new URL(r.url).searchParams.get('SigninToken')!;
    expect(sts.describeSigninToken(token)).toMatchObject({ accessKeyId: direct.accessKeyId, sessionDuration: 43_200 });
    expect(await follow(r.url)).toBe('https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1');
  });

  it('chained role: no SessionDuration (the endpoint would refuse it), still signs in', async () => {
    const first = await assume(user, 'Admin');
    const chained = asConsole(await assume({ accessKeyId: first!.AccessKeyId!, secretAccessKey: first!.SecretAccessKey!, sessionToken: first!.SessionToken! }, 'Chained'), 'assumed-role-chained');
    const r = await consoleSigninUrl(chained, { federationEndpoint: sts.federationUrl, sessionDurationSeconds: 43_200 });
    const info = sts.describeSigninToken(new URL(r.url).searchParams.get('SigninToken')!);
    expect(info).toMatchObject({ accessKeyId: chained.accessKeyId });
    expect(info?.sessionDuration).toBeUndefined();
    expect(await follow(r.url)).toBe('https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
  });

  it('IAM user without a role: GetFederationToken with the long-term keys, then sign in without SessionDuration', async () => {
    const client = stsClientFor(sts, user);
    const fed = await federationTokenForUser(
      {
        async getFederationToken(_creds, input) {
          const out = await client.send(new GetFederationTokenCommand({ Name: input.name, Policy: input.policy, DurationSeconds: input.durationSeconds }));
          const c = out.Credentials!;
          return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, expiration: c.Expiration!, federatedUserArn: out.FederatedUser!.Arn! };
        },
      },
      user,
      { userName: 'alice', region: 'us-gov-west-1' },
    );
    expect(fed.identityArn).toMatch(/federated-user\/alice$/);
    const r = await consoleSigninUrl(fed, { federationEndpoint: sts.federationUrl, sessionDurationSeconds: 3600 });
    expect(sts.describeSigninToken(new URL(r.url).searchParams.get('SigninToken')!)?.sessionDuration).toBeUndefined();
    expect(await follow(r.url)).toBe('https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1');
  });

  it('honours ROLECALL_FEDERATION_ENDPOINT', async () => {
    const direct = asConsole(await assume(user, 'Admin'), 'assumed-role-direct');
    const r = await consoleSigninUrl(direct, { env: { ROLECALL_FEDERATION_ENDPOINT: sts.federationUrl } });
    expect(r.url.startsWith(`${sts.federationUrl}?Action=login&Issuer=Rolecall&`)).toBe(true);
    expect(await follow(r.url)).toBe('https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
  });

  it('MFA-session credentials are refused by Rolecall (and would be by the endpoint)', async () => {
    const out = await stsClientFor(sts, user).send(new GetSessionTokenCommand({}));
    const session = asConsole(out.Credentials, 'session-token');
    await expect(consoleSigninUrl(session, { federationEndpoint: sts.federationUrl })).rejects.toBeInstanceOf(RolecallError);
    // Mislabelled as a role session, the endpoint's own refusal maps to AccessDenied.
    await expect(consoleSigninUrl({ ...session, kind: 'assumed-role-chained' }, { federationEndpoint: sts.federationUrl })).rejects.toMatchObject({ code: 'AccessDenied' });
  });
});
