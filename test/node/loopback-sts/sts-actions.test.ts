import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
  type Credentials,
} from '@aws-sdk/client-sts';
import { MFA_INVALID_CODE, MFA_UNKNOWN_DEVICE, startLoopbackSts, type LoopbackSts } from '../../fixtures/loopback-sts';
import { isolateAwsEnvironment, stsClientFor, stsFailure, type KeyPair } from '../../fixtures/loopback-sts/sdk';

isolateAwsEnvironment();

const ACCOUNT = '111111111111';
const ALICE: KeyPair = { accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice-secret-0000000000000000000000000000' };
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/alice`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/Admin`;
const READER = `arn:aws:iam::${ACCOUNT}:role/Reader`;
const PARTNER = `arn:aws:iam::222222222222:role/path/Partner`;
const MFA_ROLE = `arn:aws:iam::${ACCOUNT}:role/Sensitive`;

let sts: LoopbackSts;
const start = Math.floor(Date.now() / 1000) * 1000; // whole seconds, as STS prints expiries

beforeAll(async () => {
  // Frozen near the wall clock: TOTP steps only move when a test says so.
  sts = await startLoopbackSts({ now: () => new Date(start) });
  sts.addUser({ userName: 'alice', accountId: ACCOUNT, ...ALICE, mfaSerial: SERIAL });
  sts.addRole({ roleArn: ADMIN, trust: [`arn:aws:iam::${ACCOUNT}:user/alice`], maxSessionDuration: 43_200 });
  sts.addRole({ roleArn: READER, trust: [`arn:aws:sts::${ACCOUNT}:assumed-role/Admin`] });
  sts.addRole({ roleArn: PARTNER, trust: [`arn:aws:iam::${ACCOUNT}:root`], externalId: 'ext-123' });
  sts.addRole({ roleArn: MFA_ROLE, trust: [`arn:aws:iam::${ACCOUNT}:root`], requireMfa: true, maxSessionDuration: 14_400 });
});
afterAll(() => sts.close());
afterEach(() => sts.advance(30_000)); // a fresh TOTP step for every test

const keys = (c: Credentials | undefined): KeyPair => ({
  accessKeyId: c!.AccessKeyId!,
  secretAccessKey: c!.SecretAccessKey!,
  sessionToken: c!.SessionToken!,
});
const client = (k: KeyPair): STSClient => stsClientFor(sts, k);
const seconds = (c: Credentials | undefined): number => (c!.Expiration!.getTime() - sts.now().getTime()) / 1000;

describe('GetCallerIdentity', () => {
  it('answers for long-term keys through the endpoint option', async () => {
    const id = await client(ALICE).send(new GetCallerIdentityCommand({}));
    expect(id).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT}:user/alice`, Account: ACCOUNT });
    expect(id.UserId).toMatch(/^AIDA[A-Z2-7]{16}$/);
    expect(sts.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', callerArn: id.Arn, status: 200 });
  });

  it('is reached through AWS_ENDPOINT_URL_STS when no endpoint is configured', async () => {
    process.env.AWS_ENDPOINT_URL_STS = sts.url;
    try {
      const c = new STSClient({ region: 'eu-west-1', credentials: ALICE, maxAttempts: 1, systemClockOffset: sts.now().getTime() - Date.now() });
      const id = await c.send(new GetCallerIdentityCommand({}));
      expect(id.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/alice`);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_STS;
    }
  });
});

describe('GetSessionToken', () => {
  it('defaults to 12 h, keeps the user ARN and records the MFA code only as present', async () => {
    const plain = await client(ALICE).send(new GetSessionTokenCommand({}));
    expect(seconds(plain.Credentials)).toBe(43_200);
    expect(plain.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(sts.describeCredentials(plain.Credentials!.AccessKeyId!)).toMatchObject({ kind: 'session-token', mfa: false });

    const code = sts.totp(SERIAL);
    const withMfa = await client(ALICE).send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code, DurationSeconds: 3600 }));
    expect(sts.describeCredentials(withMfa.Credentials!.AccessKeyId!)).toMatchObject({ mfa: true, fromLongTermKeys: true });
    expect(sts.calls.at(-1)!.params).toEqual({ SerialNumber: SERIAL, TokenCode: 'present', DurationSeconds: '3600' });
    expect(JSON.stringify(sts.calls)).not.toContain(code);

    const id = await client(keys(withMfa.Credentials)).send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/alice`);
  });

  it('enforces 900–129600 s', async () => {
    for (const DurationSeconds of [899, 129_601]) {
      const f = await stsFailure(client(ALICE).send(new GetSessionTokenCommand({ DurationSeconds })));
      expect(f).toMatchObject({ name: 'ValidationError', status: 400 });
      expect(f.message).toContain(`Value '${DurationSeconds}' at 'durationSeconds'`);
    }
    const max = await client(ALICE).send(new GetSessionTokenCommand({ DurationSeconds: 129_600 }));
    expect(seconds(max.Credentials)).toBe(129_600);
  });

  it('rejects a wrong code, a reused code and a foreign device the way AWS does', async () => {
    const code = sts.totp(SERIAL);
    const near = [-30_000, 0, 30_000].map((d) => sts.totp(SERIAL, new Date(sts.now().getTime() + d)));
    const wrong = ['000000', '111111', '222222'].find((c) => !near.includes(c))!;
    expect(await stsFailure(client(ALICE).send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: wrong }))))
      .toEqual({ name: 'AccessDenied', message: MFA_INVALID_CODE, status: 403 });
    await client(ALICE).send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code }));
    expect(await stsFailure(client(ALICE).send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code }))))
      .toEqual({ name: 'AccessDenied', message: MFA_INVALID_CODE, status: 403 });
    const foreign = await stsFailure(client(ALICE).send(new GetSessionTokenCommand({ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/bob`, TokenCode: code })));
    expect(foreign.message).toBe(MFA_UNKNOWN_DEVICE);

    sts.advance(30_000);
    const next = sts.totp(SERIAL);
    await expect(client(ALICE).send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: next }))).resolves.toBeDefined();
  });

  it('accepts a code read just before a step boundary and sent just after it, once, and nothing older', async () => {
    const gst = (code: string) => client(ALICE).send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code }));
    const older = sts.totp(SERIAL);
    sts.advance(30_000);
    const previous = sts.totp(SERIAL);
    sts.advance(30_000);
    // two steps old: refused
    expect(await stsFailure(gst(older))).toEqual({ name: 'AccessDenied', message: MFA_INVALID_CODE, status: 403 });
    // one step old: the delay a network adds at a boundary, accepted once
    await expect(gst(previous)).resolves.toBeDefined();
    expect(await stsFailure(gst(previous))).toEqual({ name: 'AccessDenied', message: MFA_INVALID_CODE, status: 403 });
    // the current step's code is newer than the one used: accepted; after it, the older one never again
    const current = sts.totp(SERIAL);
    if (current !== previous) await expect(gst(current)).resolves.toBeDefined();
    expect(await stsFailure(gst(previous))).toMatchObject({ name: 'AccessDenied' });
  });

  it('refuses session credentials', async () => {
    const s = await client(ALICE).send(new GetSessionTokenCommand({}));
    expect(await stsFailure(client(keys(s.Credentials)).send(new GetSessionTokenCommand({}))))
      .toMatchObject({ name: 'AccessDenied', message: 'Cannot call GetSessionToken with session credentials' });
  });
});

describe('AssumeRole', () => {
  it('assumes with long-term keys up to MaxSessionDuration and reports the assumed-role ARN', async () => {
    const r = await client(ALICE).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'alice@rolecall', DurationSeconds: 43_200 }));
    expect(seconds(r.Credentials)).toBe(43_200);
    const arn = `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice@rolecall`;
    expect(r.AssumedRoleUser).toMatchObject({ Arn: arn, AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{16}:alice@rolecall$/) });
    const id = await client(keys(r.Credentials)).send(new GetCallerIdentityCommand({}));
    expect(id).toMatchObject({ Arn: arn, Account: ACCOUNT, UserId: r.AssumedRoleUser!.AssumedRoleId });
    expect(sts.describeCredentials(r.Credentials!.AccessKeyId!)).toMatchObject({ kind: 'assumed-role', fromLongTermKeys: true });
  });

  it('defaults to 1 h and enforces the role maximum and the 900 s floor', async () => {
    const r = await client(ALICE).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'd' + 'x' }));
    expect(seconds(r.Credentials)).toBe(3600);
    const mfaRoleTooLong = await stsFailure(
      client(ALICE).send(new AssumeRoleCommand({ RoleArn: MFA_ROLE, RoleSessionName: 'sx', DurationSeconds: 14_401, SerialNumber: SERIAL, TokenCode: sts.totp(SERIAL) })),
    );
    expect(mfaRoleTooLong).toMatchObject({ name: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' });
    expect((await stsFailure(client(ALICE).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'sx', DurationSeconds: 600 })))).name).toBe('ValidationError');
  });

  it('caps role chaining at 1 h, from role and from GetSessionToken credentials', async () => {
    const admin = await client(ALICE).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'base' }));
    const session = await client(ALICE).send(new GetSessionTokenCommand({}));
    const cases: Array<[KeyPair, string]> = [[keys(admin.Credentials), READER], [keys(session.Credentials), ADMIN]];
    for (const [creds, roleArn] of cases) {
      const f = await stsFailure(client(creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'chain', DurationSeconds: 3601 })));
      expect(f).toEqual({
        name: 'ValidationError',
        status: 400,
        message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      });
      const ok = await client(creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'chain', DurationSeconds: 3600 }));
      expect(sts.describeCredentials(ok.Credentials!.AccessKeyId!)).toMatchObject({ fromLongTermKeys: false });
    }
  });

  it('checks trust by principal: user ARN, assumed-role prefix, account root', async () => {
    const denied = await stsFailure(client(ALICE).send(new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'nope' })));
    expect(denied).toEqual({
      name: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${READER}`,
    });
    const admin = await client(ALICE).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'base' }));
    const reader = await client(keys(admin.Credentials)).send(new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'read' }));
    expect(reader.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Reader/read`);
    const unknown = await stsFailure(client(ALICE).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Ghost`, RoleSessionName: 'x1' })));
    expect(unknown.name).toBe('AccessDenied');
  });

  it('requires the role ExternalId', async () => {
    const call = (ExternalId?: string) => client(ALICE).send(new AssumeRoleCommand({ RoleArn: PARTNER, RoleSessionName: 'ext', ...(ExternalId ? { ExternalId } : {}) }));
    expect((await stsFailure(call())).name).toBe('AccessDenied');
    expect((await stsFailure(call('ext-999'))).name).toBe('AccessDenied');
    const ok = await call('ext-123');
    expect(ok.AssumedRoleUser!.Arn).toBe('arn:aws:sts::222222222222:assumed-role/Partner/ext');
    expect(sts.calls.at(-1)!.params.ExternalId).toBe('ext-123');
  });

  it('lets an MFA-required role in with a code or an MFA session, not without', async () => {
    const denied = await stsFailure(client(ALICE).send(new AssumeRoleCommand({ RoleArn: MFA_ROLE, RoleSessionName: 'm1' })));
    expect(denied.message).toBe(`User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${MFA_ROLE}`);
    const direct = await client(ALICE).send(
      new AssumeRoleCommand({ RoleArn: MFA_ROLE, RoleSessionName: 'm2', DurationSeconds: 14_400, SerialNumber: SERIAL, TokenCode: sts.totp(SERIAL) }),
    );
    expect(seconds(direct.Credentials)).toBe(14_400);
    expect(sts.describeCredentials(direct.Credentials!.AccessKeyId!)).toMatchObject({ mfa: true, fromLongTermKeys: true });

    const plainSession = await client(ALICE).send(new GetSessionTokenCommand({}));
    expect((await stsFailure(client(keys(plainSession.Credentials)).send(new AssumeRoleCommand({ RoleArn: MFA_ROLE, RoleSessionName: 'm3' })))).name).toBe('AccessDenied');

    sts.advance(30_000);
    const mfaSession = await client(ALICE).send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: sts.totp(SERIAL) }));
    // One code, many roles: the MFA session vouches for every role without another code.
    for (const RoleArn of [MFA_ROLE, ADMIN]) {
      const r = await client(keys(mfaSession.Credentials)).send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'm4' }));
      expect(sts.describeCredentials(r.Credentials!.AccessKeyId!)).toMatchObject({ mfa: true, fromLongTermKeys: false });
    }
  });

  it('validates RoleSessionName and RoleArn', async () => {
    for (const RoleSessionName of ['a', 'x'.repeat(65), 'bad name', 'semi;colon']) {
      const f = await stsFailure(client(ALICE).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName })));
      expect(f.name).toBe('ValidationError');
      expect(f.message).toContain("at 'roleSessionName'");
    }
    expect((await stsFailure(client(ALICE).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::1:user/x', RoleSessionName: 'ok' })))).name).toBe('ValidationError');
    await expect(client(ALICE).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'a+b=c,d.e@f-g_h' }))).resolves.toBeDefined();
  });
});

describe('GetFederationToken', () => {
  it('issues a federated-user session from long-term keys only', async () => {
    const f = await client(ALICE).send(new GetFederationTokenCommand({ Name: 'alice-console', Policy: '{"Version":"2012-10-17"}' }));
    const arn = `arn:aws:sts::${ACCOUNT}:federated-user/alice-console`;
    expect(f.FederatedUser).toEqual({ Arn: arn, FederatedUserId: `${ACCOUNT}:alice-console` });
    expect(seconds(f.Credentials)).toBe(43_200);
    expect((await client(keys(f.Credentials)).send(new GetCallerIdentityCommand({}))).Arn).toBe(arn);
    expect(sts.describeCredentials(f.Credentials!.AccessKeyId!)).toMatchObject({ kind: 'federation' });

    expect((await stsFailure(client(ALICE).send(new GetFederationTokenCommand({ Name: 'x'.repeat(33) })))).name).toBe('ValidationError');
    const s = await client(ALICE).send(new GetSessionTokenCommand({}));
    expect(await stsFailure(client(keys(s.Credentials)).send(new GetFederationTokenCommand({ Name: 'nope' }))))
      .toMatchObject({ name: 'AccessDenied', message: 'Cannot call GetFederationToken with session credentials' });
  });
});
