/**
 * The STS call layer against the signature-verifying loopback STS, reached only through
 * AWS_ENDPOINT_URL_STS: proves the calls are signed with the keys given, MFA codes are sent right,
 * and STS's own failures (as the loopback reproduces them) come out as the mapped errors.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RolecallError } from '../../../electron/core/errors';
import { createStsCaller } from '../../../electron/core/sts/client';
import { createMfaCodeGuard } from '../../../electron/core/sts/mfa-code-guard';
import { startLoopbackSts, type LoopbackSts } from '../../fixtures/loopback-sts';
import { isolateAwsEnvironment } from '../../fixtures/loopback-sts/sdk';

isolateAwsEnvironment();

const ACCOUNT = '111111111111';
const ALICE = { accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice-secret-0000000000000000000000000000' };
const BOB = { accessKeyId: 'AKIABOB0000000000001', secretAccessKey: 'bob-secret-00000000000000000000000000000' };
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/alice`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/Admin`;
const READER = `arn:aws:iam::${ACCOUNT}:role/Reader`;

let sts: LoopbackSts;

beforeAll(async () => {
  // The server clock jumps ahead a minute per test (fresh TOTP codes) while the SDK signs on the wall clock.
  sts = await startLoopbackSts({ checkClockSkew: false });
  sts.addUser({ userName: 'alice', accountId: ACCOUNT, ...ALICE, mfaSerial: SERIAL });
  sts.addUser({ userName: 'bob', accountId: ACCOUNT, ...BOB });
  sts.addRole({ roleArn: ADMIN, trust: [`arn:aws:iam::${ACCOUNT}:user/alice`], requireMfa: true, maxSessionDuration: 43_200 });
  sts.addRole({ roleArn: READER, trust: [`arn:aws:sts::${ACCOUNT}:assumed-role/Admin`], maxSessionDuration: 43_200 });
  process.env.AWS_ENDPOINT_URL_STS = sts.url;
});
afterAll(() => sts.close());
afterEach(() => {
  sts.clearFaults();
  sts.advance(60_000); // the next test gets codes AWS has not seen
});

async function failure(p: Promise<unknown>): Promise<RolecallError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RolecallError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

const caller = () => createStsCaller({ env: {}, retryBaseDelayMs: 1, region: 'eu-west-1' });

describe('against the loopback STS', () => {
  it('GetSessionToken with MFA, then one code serves a role and a chained role', async () => {
    const c = caller();
    const session = await c.getSessionToken(ALICE, { serialNumber: SERIAL, tokenCode: sts.totp(SERIAL), durationSeconds: 43_200 });
    expect(session.accessKeyId).toMatch(/^ASIA/);
    expect(session.expiration.getTime() - sts.now().getTime()).toBeGreaterThan(43_000_000);
    expect(sts.describeCredentials(session.accessKeyId)).toMatchObject({ kind: 'session-token', mfa: true });

    const admin = await c.assumeRole(session, { roleArn: ADMIN, roleSessionName: 'alice', durationSeconds: 3600 });
    expect(admin.assumedRoleArn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`);
    expect(await c.getCallerIdentity(admin)).toMatchObject({ arn: admin.assumedRoleArn, account: ACCOUNT });

    const tooLong = await failure(c.assumeRole(admin, { roleArn: READER, roleSessionName: 'alice', durationSeconds: 7200 }));
    expect(tooLong.code).toBe('StsValidation');
    expect(tooLong.message).toMatch(/1 hour session limit/);
    expect(tooLong.action).toMatch(/3600 seconds or less/);
  });

  it('AssumeRole directly with long-term keys and MFA', async () => {
    const role = await caller().assumeRole(ALICE, {
      roleArn: ADMIN,
      roleSessionName: 'alice',
      durationSeconds: 14_400,
      serialNumber: SERIAL,
      tokenCode: sts.totp(SERIAL),
    });
    expect(role.expiration.getTime() - sts.now().getTime()).toBeGreaterThan(14_000_000);
  });

  it('maps a wrong code, and a role needing MFA assumed without it', async () => {
    const code = sts.totp(SERIAL);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const err = await failure(caller().getSessionToken(ALICE, { serialNumber: SERIAL, tokenCode: wrong }));
    expect(err.code).toBe('MfaInvalid');
    expect(err.message).toContain(SERIAL);

    const denied = await failure(caller().assumeRole(ALICE, { roleArn: ADMIN, roleSessionName: 'alice' }));
    expect(denied.code).toBe('AccessDenied');
    expect(denied.message).toMatch(/requires MFA/);
  });

  it('guards a code already sent, before STS sees it again', async () => {
    const guard = createMfaCodeGuard(() => sts.now().getTime());
    const c = createStsCaller({ env: {}, mfaCodeGuard: guard });
    const code = sts.totp(SERIAL);
    await c.getSessionToken(ALICE, { serialNumber: SERIAL, tokenCode: code });
    const before = sts.calls.length;
    const err = await failure(c.assumeRole(ALICE, { roleArn: ADMIN, roleSessionName: 'alice', serialNumber: SERIAL, tokenCode: code }));
    expect(err.code).toBe('MfaCodeReused');
    expect(err.details.waitSeconds).toBeGreaterThan(0);
    expect(sts.calls.length).toBe(before);
  });

  it('maps a wrong secret and a deactivated key', async () => {
    const wrongSecret = await failure(caller().getCallerIdentity({ ...BOB, secretAccessKey: 'not-the-secret' }));
    expect(wrongSecret.code).toBe('InvalidClientTokenId');
    expect(wrongSecret.message).toMatch(/secret access key does not match/);
    sts.deactivateKey(BOB.accessKeyId);
    const deactivated = await failure(caller().getCallerIdentity(BOB));
    expect(deactivated.message).toMatch(/unknown or deactivated/);
  });

  it('maps the injected clock-skew fault with the offset STS reports', async () => {
    sts.injectFault({ action: 'GetCallerIdentity', kind: 'skew', delayMs: 20 * 60_000 });
    // The server clock already runs ahead of the wall clock by the minutes earlier tests advanced.
    // how far the server's clock runs ahead of ours: constant, since both move with the wall clock
    const aheadMs = sts.now().getTime() + 20 * 60_000 - Date.now();
    const started = Date.now();
    const err = await failure(caller().getCallerIdentity(ALICE));
    const tookMs = Date.now() - started;
    expect(err.code).toBe('ClockSkew');
    // the caller measures against its own clock when the answer arrives, from a Date header in
    // whole seconds: at most a second over, and under by no more than the request took
    const offset = Number(err.details.offsetSeconds);
    expect(offset).toBeLessThanOrEqual(Math.ceil(aheadMs / 1000) + 1);
    expect(offset).toBeGreaterThanOrEqual(Math.floor((aheadMs - tookMs) / 1000) - 1);
    expect(err.message).toMatch(new RegExp(`about ${Math.round(offset / 60)} min\\) behind`));
  });

  it('retries one throttled request, and maps expired session credentials', async () => {
    sts.injectFault({ action: 'GetCallerIdentity', kind: 'throttle', times: 1 });
    await caller().getCallerIdentity(ALICE);
    expect(sts.calls.slice(-2).map((c) => c.status)).toEqual([400, 200]);
    sts.injectFault({ action: 'GetCallerIdentity', kind: 'expiredToken' });
    expect((await failure(caller().getCallerIdentity(ALICE))).code).toBe('ExpiredToken');
  });

  it('GetFederationToken from long-term keys', async () => {
    const fed = await caller().getFederationToken(ALICE, {
      name: 'alice-console',
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      durationSeconds: 3600,
    });
    expect(fed.federatedUserArn).toBe(`arn:aws:sts::${ACCOUNT}:federated-user/alice-console`);
    expect(sts.describeCredentials(fed.accessKeyId)).toMatchObject({ kind: 'federation' });
  });
});
