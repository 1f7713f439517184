import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { startLoopbackSts, type FaultKind, type LoopbackSts } from '../../fixtures/loopback-sts';
import { isolateAwsEnvironment, stsClientFor, stsFailure, type KeyPair } from '../../fixtures/loopback-sts/sdk';

isolateAwsEnvironment();

const ACCOUNT = '444444444444';
const CAROL: KeyPair = { accessKeyId: 'AKIACAROL00000000001', secretAccessKey: 'carol-secret-000000000000000000000000000' };
const ROLE = `arn:aws:iam::${ACCOUNT}:role/Ops`;

let sts: LoopbackSts;
beforeAll(async () => {
  sts = await startLoopbackSts();
  sts.addUser({ userName: 'carol', accountId: ACCOUNT, ...CAROL });
  sts.addRole({ roleArn: ROLE, trust: [`arn:aws:iam::${ACCOUNT}:root`] });
});
afterAll(() => sts.close());
afterEach(() => sts.clearFaults());

const identity = () => stsClientFor(sts, CAROL).send(new GetCallerIdentityCommand({}));

describe('injected faults', () => {
  const cases: Array<[FaultKind, string, number, RegExp]> = [
    ['internal', 'InternalFailure', 500, /internal error/],
    ['throttle', 'Throttling', 400, /^Rate exceeded$/],
    ['accessDenied', 'AccessDenied', 403, new RegExp(`^User: arn:aws:iam::${ACCOUNT}:user/carol is not authorized to perform: sts:GetCallerIdentity$`)],
    ['expiredToken', 'ExpiredToken', 403, /expired/],
    ['invalidClientTokenId', 'InvalidClientTokenId', 403, /invalid/],
    ['skew', 'SignatureDoesNotMatch', 403, /^Signature expired: \d{8}T\d{6}Z is now earlier than/],
  ];
  it.each(cases)('%s → %s (%i)', async (kind, name, status, message) => {
    sts.injectFault({ kind });
    const f = await stsFailure(identity());
    expect(f).toMatchObject({ name, status });
    expect(f.message).toMatch(message);
    expect(sts.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', errorCode: name, status });
    // Until cleared, the fault keeps firing.
    expect((await stsFailure(identity())).name).toBe(name);
  });

  it('stops after `times` and can target one action', async () => {
    sts.injectFault({ kind: 'throttle', action: 'AssumeRole', times: 1 });
    await expect(identity()).resolves.toBeDefined();
    const assume = () => stsClientFor(sts, CAROL).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'ops' }));
    expect((await stsFailure(assume())).name).toBe('Throttling');
    await expect(assume()).resolves.toBeDefined();
  });

  it('delays without failing', async () => {
    sts.injectFault({ kind: 'delay', delayMs: 150, times: 1 });
    const t0 = performance.now();
    await expect(identity()).resolves.toBeDefined();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('lets a client deadline fire on a long delay', async () => {
    sts.injectFault({ kind: 'delay', delayMs: 600, times: 2 });
    const viaSignal = stsClientFor(sts, CAROL).send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(100) });
    expect((await stsFailure(viaSignal)).name).toBe('AbortError');
    // This SDK's requestTimeout only logs a warning unless throwOnRequestTimeout is set.
    const handler = { requestTimeout: 100, throwOnRequestTimeout: true };
    const viaHandler = stsClientFor(sts, CAROL, { requestHandler: handler }).send(new GetCallerIdentityCommand({}));
    expect((await stsFailure(viaHandler)).name).toBe('TimeoutError');
  });

  it('is retried by the SDK when transient (500) and survives a single hit', async () => {
    sts.injectFault({ kind: 'internal', times: 1, action: 'GetSessionToken' });
    const before = sts.calls.length;
    const client = stsClientFor(sts, CAROL, { maxAttempts: 3 });
    await expect(client.send(new GetSessionTokenCommand({}))).resolves.toBeDefined();
    expect(sts.calls.slice(before).map((c) => c.status)).toEqual([500, 200]);
  });

  it('a skew fault is not "corrected" away by the SDK: the server Date header stays true', async () => {
    sts.injectFault({ kind: 'skew', times: 1 });
    const before = sts.calls.length;
    const client = stsClientFor(sts, CAROL, { maxAttempts: 3 });
    expect((await stsFailure(client.send(new GetCallerIdentityCommand({})))).name).toBe('SignatureDoesNotMatch');
    expect(sts.calls.length - before).toBe(1);
  });
});
