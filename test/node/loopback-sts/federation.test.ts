import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetFederationTokenCommand, GetSessionTokenCommand, type Credentials } from '@aws-sdk/client-sts';
import { startLoopbackSts, type LoopbackSts } from '../../fixtures/loopback-sts';
import { isolateAwsEnvironment, stsClientFor, type KeyPair } from '../../fixtures/loopback-sts/sdk';

isolateAwsEnvironment();

const ACCOUNT = '555555555555';
const DAVE: KeyPair = { accessKeyId: 'AKIADAVE000000000001', secretAccessKey: 'dave-secret-0000000000000000000000000000' };
const ROLE = `arn:aws:iam::${ACCOUNT}:role/Console`;
const NEXT = `arn:aws:iam::${ACCOUNT}:role/Next`;

let sts: LoopbackSts;
let role: Credentials;
let chained: Credentials;
let federated: Credentials;
let session: Credentials;

beforeAll(async () => {
  sts = await startLoopbackSts();
  sts.addUser({ userName: 'dave', accountId: ACCOUNT, ...DAVE });
  sts.addRole({ roleArn: ROLE, trust: [`arn:aws:iam::${ACCOUNT}:root`] });
  sts.addRole({ roleArn: NEXT, trust: [ROLE] });
  const c = stsClientFor(sts, DAVE);
  role = (await c.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'dave' }))).Credentials!;
  const roleKeys = { accessKeyId: role.AccessKeyId!, secretAccessKey: role.SecretAccessKey!, sessionToken: role.SessionToken! };
  chained = (await stsClientFor(sts, roleKeys).send(new AssumeRoleCommand({ RoleArn: NEXT, RoleSessionName: 'next' }))).Credentials!;
  federated = (await c.send(new GetFederationTokenCommand({ Name: 'dave', Policy: '{}' }))).Credentials!;
  session = (await c.send(new GetSessionTokenCommand({}))).Credentials!;
});
afterAll(() => sts.close());

const sessionJson = (c: Credentials) => JSON.stringify({ sessionId: c.AccessKeyId, sessionKey: c.SecretAccessKey, sessionToken: c.SessionToken });

async function getSigninToken(sessionParam: string, sessionDuration?: number) {
  const q = new URLSearchParams({ Action: 'getSigninToken', Session: sessionParam });
  if (sessionDuration !== undefined) q.set('SessionDuration', String(sessionDuration));
  const res = await fetch(`${sts.federationUrl}?${q}`);
  return { status: res.status, text: await res.text() };
}

describe('federation endpoint', () => {
  it('gives a sign-in token for role and federation sessions, and records the request without secrets', async () => {
    for (const [creds, arn] of [
      [role, `arn:aws:sts::${ACCOUNT}:assumed-role/Console/dave`],
      [chained, `arn:aws:sts::${ACCOUNT}:assumed-role/Next/next`],
      [federated, `arn:aws:sts::${ACCOUNT}:federated-user/dave`],
    ] as const) {
      const res = await getSigninToken(sessionJson(creds));
      expect(res.status).toBe(200);
      const token = (JSON.parse(res.text) as { SigninToken: string }).SigninToken;
      expect(sts.describeSigninToken(token)).toMatchObject({ accessKeyId: creds.AccessKeyId, arn });
      expect(sts.describeSigninToken(token)!.sessionDuration).toBeUndefined();
      const call = sts.calls.at(-1)!;
      expect(call).toMatchObject({ action: 'federation:getSigninToken', callerArn: arn, status: 200 });
      expect(JSON.stringify(call)).not.toContain(creds.SecretAccessKey!);
      expect(JSON.stringify(call)).not.toContain(creds.SessionToken!);
    }
  });

  it('refuses GetSessionToken credentials and long-term keys', async () => {
    for (const param of [sessionJson(session), JSON.stringify({ sessionId: DAVE.accessKeyId, sessionKey: DAVE.secretAccessKey, sessionToken: '' })]) {
      const res = await getSigninToken(param);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/^Only federation tokens or assume role tokens may be used/);
    }
  });

  it('refuses a wrong key, bad JSON and expired credentials', async () => {
    expect((await getSigninToken(JSON.stringify({ sessionId: role.AccessKeyId, sessionKey: 'wrong', sessionToken: role.SessionToken }))).status).toBe(400);
    expect((await getSigninToken('{not json')).status).toBe(400);
    const res = await fetch(`${sts.federationUrl}?Action=getSigninToken`);
    expect(res.status).toBe(400);
    sts.advance(3600_000);
    try {
      const expired = await getSigninToken(sessionJson(role));
      expect(expired).toEqual({ status: 400, text: 'The session credentials have expired.' });
    } finally {
      sts.advance(-3600_000);
    }
  });

  it('allows SessionDuration only for a role assumed with long-term keys', async () => {
    const ok = await getSigninToken(sessionJson(role), 43_200);
    expect(ok.status).toBe(200);
    expect(sts.describeSigninToken(JSON.parse(ok.text).SigninToken)!.sessionDuration).toBe(43_200);
    expect(sts.calls.at(-1)!.params).toMatchObject({ SessionDuration: '43200' });
    expect((await getSigninToken(sessionJson(role), 43_201)).status).toBe(400);
    for (const creds of [chained, federated]) {
      const res = await getSigninToken(sessionJson(creds), 3600);
      expect(res.status).toBe(400);
      expect(res.text).toContain('SessionDuration');
    }
  });

  it('redirects a login to the destination while the token is fresh (15 min)', async () => {
    const token = JSON.parse((await getSigninToken(sessionJson(role))).text).SigninToken as string;
    const destination = 'https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1';
    const login = new URLSearchParams({ Action: 'login', Issuer: 'Rolecall', Destination: destination, SigninToken: token });
    const res = await fetch(`${sts.federationUrl}?${login}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(destination);
    expect(sts.calls.at(-1)).toMatchObject({ action: 'federation:login', params: { Issuer: 'Rolecall', Destination: destination } });

    sts.advance(15 * 60_000 + 1000);
    expect((await fetch(`${sts.federationUrl}?${login}`, { redirect: 'manual' })).status).toBe(400);
    sts.advance(-(15 * 60_000 + 1000));
    const bad = new URLSearchParams({ Action: 'login', Destination: destination, SigninToken: 'forged' });
    expect((await fetch(`${sts.federationUrl}?${bad}`, { redirect: 'manual' })).status).toBe(400);
  });

  it('takes federation faults only when addressed to it', async () => {
    sts.injectFault({ kind: 'internal' });
    expect((await getSigninToken(sessionJson(role))).status).toBe(200);
    sts.clearFaults();
    sts.injectFault({ kind: 'internal', action: 'federation:getSigninToken', times: 1 });
    expect((await getSigninToken(sessionJson(role))).status).toBe(500);
    expect((await getSigninToken(sessionJson(role))).status).toBe(200);
  });
});
