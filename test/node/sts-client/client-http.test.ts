/**
 * The STS call layer against a scripted local server: endpoint resolution from the environment,
 * explicit credentials, deadlines, retries, and real SDK errors going through the mapping.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RolecallError } from '../../../electron/core/errors';
import { createStsCaller, type StsCaller } from '../../../electron/core/sts/client';
import type { StsCalls } from '../../../electron/core/sts/engine-types';
import { createMfaCodeGuard } from '../../../electron/core/sts/mfa-code-guard';
import { isolateAwsEnvironment } from '../../fixtures/loopback-sts/sdk';
import { closedPort, credentialsXml, identity, ok, silence, stallBody, startScriptedServer, stsError, type ScriptedServer } from './scripted-server';

isolateAwsEnvironment();

const KEYS = { accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice-secret' };
const SERIAL = 'arn:aws:iam::111111111111:mfa/alice';
const ROLE = 'arn:aws:iam::111111111111:role/Admin';
let server: ScriptedServer;

beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());
beforeEach(() => {
  delete process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL_STS = server.url;
  server.script(identity);
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

const caller = (opts: Parameters<typeof createStsCaller>[0] = {}): StsCaller =>
  createStsCaller({ env: {}, retryBaseDelayMs: 1, ...opts });
const scopeOf = (i = 0) => /Credential=([^/]+)\/\d{8}\/([^/]+)\/sts\//.exec(String(server.seen[i]?.headers.authorization));

describe('endpoint, region and credentials', () => {
  it('honours AWS_ENDPOINT_URL_STS with no explicit endpoint', async () => {
    const id = await caller().getCallerIdentity(KEYS);
    expect(id).toEqual({ arn: 'arn:aws:iam::111111111111:user/alice', account: '111111111111', userId: 'AIDAALICE' });
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]!.params.get('Action')).toBe('GetCallerIdentity');
  });

  it('honours AWS_ENDPOINT_URL when no STS-specific one is set', async () => {
    delete process.env.AWS_ENDPOINT_URL_STS;
    process.env.AWS_ENDPOINT_URL = server.url;
    await caller().getCallerIdentity(KEYS);
    expect(server.seen).toHaveLength(1);
  });

  it('signs with the given keys only: environment credentials never leak in', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAFROMENVIRONMENT1';
    process.env.AWS_SECRET_ACCESS_KEY = 'env-secret';
    process.env.AWS_SESSION_TOKEN = 'env-token';
    try {
      await caller().getCallerIdentity(KEYS);
      expect(scopeOf()?.[1]).toBe(KEYS.accessKeyId);
      expect(server.seen[0]!.headers['x-amz-security-token']).toBeUndefined();
      await caller().getCallerIdentity({ ...KEYS, sessionToken: 'my-token' });
      expect(server.seen[1]!.headers['x-amz-security-token']).toBe('my-token');
    } finally {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      delete process.env.AWS_SESSION_TOKEN;
    }
  });

  it('uses the profile region, else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1', async () => {
    const regions = [
      caller({ region: 'eu-west-1', env: { AWS_REGION: 'ap-south-1' } }),
      caller({ env: { AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'us-west-2' } }),
      caller({ env: { AWS_DEFAULT_REGION: 'us-west-2' } }),
      caller({ env: {} }),
    ];
    expect(regions.map((c) => c.region)).toEqual(['eu-west-1', 'ap-south-1', 'us-west-2', 'us-east-1']);
    for (const c of regions) await c.getCallerIdentity(KEYS);
    expect(server.seen.map((_, i) => scopeOf(i)?.[2])).toEqual(['eu-west-1', 'ap-south-1', 'us-west-2', 'us-east-1']);
    expect(() => caller({ region: 'eu west/1' })).toThrow(/not an AWS region/);
  });

  it('satisfies the engine\'s StsCalls contract and reports its limits', () => {
    const c: StsCalls = caller({ maxAttempts: 2, timeoutMs: 1234 });
    expect(c).toMatchObject({ maxAttempts: 2, timeoutMs: 1234 });
    expect(createStsCaller({ env: {} })).toMatchObject({ maxAttempts: 3, timeoutMs: 10_000 });
  });
});

describe('results', () => {
  it('returns typed temporary credentials and ARNs', async () => {
    const exp = '2030-01-01T00:00:00Z';
    server.script(
      ok('GetSessionToken', credentialsXml(exp)),
      ok('AssumeRole', `${credentialsXml(exp)}<AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/Admin/alice</Arn><AssumedRoleId>AROA:alice</AssumedRoleId></AssumedRoleUser>`),
      ok('GetFederationToken', `${credentialsXml(exp)}<FederatedUser><Arn>arn:aws:sts::111111111111:federated-user/alice</Arn><FederatedUserId>1:alice</FederatedUserId></FederatedUser>`),
    );
    const c = caller();
    const session = await c.getSessionToken(KEYS, { serialNumber: SERIAL, tokenCode: '123456', durationSeconds: 3600 });
    expect(session).toEqual({ accessKeyId: 'ASIATEMP000000000001', secretAccessKey: 'temp-secret', sessionToken: 'temp-token', expiration: new Date(exp) });
    const role = await c.assumeRole(session, { roleArn: ROLE, roleSessionName: 'alice', externalId: 'ext-1', durationSeconds: 900 });
    expect(role.assumedRoleArn).toBe('arn:aws:sts::111111111111:assumed-role/Admin/alice');
    const fed = await c.getFederationToken(KEYS, { name: 'alice', policy: '{"Version":"2012-10-17"}' });
    expect(fed.federatedUserArn).toBe('arn:aws:sts::111111111111:federated-user/alice');
    expect(Object.fromEntries(server.seen[0]!.params)).toMatchObject({ SerialNumber: SERIAL, TokenCode: '123456', DurationSeconds: '3600' });
    expect(Object.fromEntries(server.seen[1]!.params)).toMatchObject({ RoleArn: ROLE, RoleSessionName: 'alice', ExternalId: 'ext-1' });
  });

  it('refuses an answer without credentials', async () => {
    server.script(ok('GetSessionToken', ''));
    expect((await failure(caller().getSessionToken(KEYS))).code).toBe('StsError');
  });

  it.each([
    ['a bad session name', (c: StsCaller) => c.assumeRole(KEYS, { roleArn: ROLE, roleSessionName: 'has space' })],
    ['a bad role ARN', (c: StsCaller) => c.assumeRole(KEYS, { roleArn: 'admin', roleSessionName: 'alice' })],
    ['a bad MFA serial', (c: StsCaller) => c.getSessionToken(KEYS, { serialNumber: 'not a serial', tokenCode: '123456' })],
  ])('rejects %s from the profile before sending anything (a profile problem, not a typo)', async (_label, call) => {
    const err = await failure(call(caller()));
    expect(err.code).toBe('ProfileValueInvalid');
    expect(server.seen).toHaveLength(0);
  });

  it.each([
    ['a duration out of range', (c: StsCaller) => c.getSessionToken(KEYS, { durationSeconds: 600 })],
    ['a code without a serial', (c: StsCaller) => c.getSessionToken(KEYS, { tokenCode: '123456' })],
    ['a five-digit code', (c: StsCaller) => c.getSessionToken(KEYS, { serialNumber: SERIAL, tokenCode: '12345' })],
    ['a long federation name', (c: StsCaller) => c.getFederationToken(KEYS, { name: 'x'.repeat(33), policy: '{}' })],
    ['missing keys', (c: StsCaller) => c.getCallerIdentity({ accessKeyId: '', secretAccessKey: '' })],
  ])('rejects %s before sending anything', async (_label, call) => {
    const err = await failure(call(caller()));
    expect(err.code).toBe('InvalidInput');
    expect(err.message).not.toContain('12345');
    expect(server.seen).toHaveLength(0);
  });
});

describe('real SDK errors through the mapping', () => {
  it('maps a wrong MFA code and does not retry it', async () => {
    server.script(stsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. '));
    const err = await failure(caller().getSessionToken(KEYS, { serialNumber: SERIAL, tokenCode: '123456' }));
    expect(err.code).toBe('MfaInvalid');
    expect(err.message).toBe(`The MFA code was not accepted for ${SERIAL}.`);
    expect(server.seen).toHaveLength(1);
  });

  it('maps clock skew with the offset from the Date header, without the SDK silently correcting it', async () => {
    const ahead = new Date(Date.now() + 3600_000);
    server.script(stsError('SignatureDoesNotMatch', 'Signature expired: the request is too old', 403, ahead), identity);
    const c = caller();
    const err = await failure(c.getCallerIdentity(KEYS));
    expect(err.code).toBe('ClockSkew');
    expect(err.details.offsetSeconds).toBeGreaterThanOrEqual(3598);
    expect(err.details.offsetSeconds).toBeLessThanOrEqual(3600);
    expect(server.seen).toHaveLength(1); // no retry signed on a corrected clock
    await c.getCallerIdentity(KEYS);
    const signedAt = String(server.seen[1]!.headers['x-amz-date']);
    const local = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    expect(Math.abs(Number(signedAt.slice(9, 13)) - Number(local.slice(9, 13)))).toBeLessThanOrEqual(1); // HHMM: local clock, not AWS's
  });

  it.each([
    ['InvalidClientTokenId', 'The security token included in the request is invalid.', 'InvalidClientTokenId'],
    ['SignatureDoesNotMatch', 'The request signature we calculated does not match', 'InvalidClientTokenId'],
    ['ExpiredToken', 'The security token included in the request is expired', 'ExpiredToken'],
    ['ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 'StsValidation'],
    ['AccessDenied', 'User: arn:aws:iam::1:user/a is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::1:role/R', 'AccessDenied'],
  ])('maps %s and never retries it', async (code, message, mapped) => {
    server.script(stsError(code, message, code === 'ValidationError' ? 400 : 403));
    const err = await failure(caller().assumeRole(KEYS, { roleArn: ROLE, roleSessionName: 'alice' }));
    expect(err.code).toBe(mapped);
    expect(server.seen).toHaveLength(1);
  });

  it('retries throttling and succeeds', async () => {
    server.script(stsError('Throttling', 'Rate exceeded', 400), identity);
    await caller().getCallerIdentity(KEYS);
    expect(server.seen).toHaveLength(2);
  });

  it('gives up on persistent throttling after maxAttempts with Throttled', async () => {
    server.script(stsError('Throttling', 'Rate exceeded', 400));
    const err = await failure(caller({ maxAttempts: 3 }).getCallerIdentity(KEYS));
    expect(err.code).toBe('Throttled');
    expect(server.seen).toHaveLength(3);
  });

  it('retries a 5xx for plain calls but not for a call carrying an MFA code', async () => {
    server.script(stsError('InternalFailure', 'An internal error has occurred.', 500), identity);
    await caller().getCallerIdentity(KEYS);
    expect(server.seen).toHaveLength(2);
    server.script(stsError('InternalFailure', 'An internal error has occurred.', 500), ok('GetSessionToken', credentialsXml('2030-01-01T00:00:00Z')));
    const err = await failure(caller().getSessionToken(KEYS, { serialNumber: SERIAL, tokenCode: '123456' }));
    expect(err.code).toBe('StsError');
    expect(server.seen).toHaveLength(1);
  });
});

describe('deadlines and network failures', () => {
  it('fails a server that never answers with NetworkError within the deadline', async () => {
    server.script(silence);
    const started = Date.now();
    const err = await failure(caller({ timeoutMs: 400 }).getCallerIdentity(KEYS));
    const elapsed = Date.now() - started;
    expect(err.code).toBe('NetworkError');
    expect(err.message).toBe(`STS at ${server.host} did not answer within 0.4 s.`);
    // never early; a deadline that did not work would hang here until the test's own time-out
    expect(elapsed).toBeGreaterThanOrEqual(390);
  });

  it('fails a response whose body never ends within the deadline', async () => {
    server.script(stallBody);
    // a body that never ends would hang here until the test's own time-out without the deadline
    const err = await failure(caller({ timeoutMs: 400 }).getCallerIdentity(KEYS));
    expect(err.code).toBe('NetworkError');
  });

  it('maps a refused connection to NetworkError naming the host, after retrying', async () => {
    const port = await closedPort();
    process.env.AWS_ENDPOINT_URL_STS = `http://127.0.0.1:${port}`;
    const err = await failure(caller().getCallerIdentity(KEYS));
    expect(err.code).toBe('NetworkError');
    expect(err.message).toBe(`Could not connect to STS at 127.0.0.1:${port}: the connection was refused.`);
    expect(err.details.reason).toBe('ECONNREFUSED');
  });
});

describe('with an MFA code guard', () => {
  it('refuses to send a code twice, and frees a code STS never saw', async () => {
    const guard = createMfaCodeGuard();
    const c = caller({ mfaCodeGuard: guard });
    server.script(ok('GetSessionToken', credentialsXml('2030-01-01T00:00:00Z')));
    await c.getSessionToken(KEYS, { serialNumber: SERIAL, tokenCode: '111111' });
    const reused = await failure(c.assumeRole(KEYS, { roleArn: ROLE, roleSessionName: 'alice', serialNumber: SERIAL, tokenCode: '111111' }));
    expect(reused.code).toBe('MfaCodeReused');
    expect(server.seen).toHaveLength(1);

    process.env.AWS_ENDPOINT_URL_STS = `http://127.0.0.1:${await closedPort()}`;
    const refusedCaller = caller({ mfaCodeGuard: guard });
    expect((await failure(refusedCaller.getSessionToken(KEYS, { serialNumber: SERIAL, tokenCode: '222222' }))).code).toBe('NetworkError');
    expect(() => guard.assertUsable(SERIAL, '222222')).not.toThrow();
  });

  it('keeps a code marked when STS may have consumed it', async () => {
    const guard = createMfaCodeGuard();
    server.script(stsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.'));
    await failure(caller({ mfaCodeGuard: guard }).getSessionToken(KEYS, { serialNumber: SERIAL, tokenCode: '333333' }));
    expect(() => guard.assertUsable(SERIAL, '333333')).toThrow(/already used/);
  });
});
