import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { startLoopbackSts, type LoopbackSts } from '../../fixtures/loopback-sts';
import { isolateAwsEnvironment, stsClientFor, stsFailure, type KeyPair } from '../../fixtures/loopback-sts/sdk';

isolateAwsEnvironment();

const ACCOUNT = '333333333333';
const BOB: KeyPair = { accessKeyId: 'AKIABOB0000000000001', secretAccessKey: 'bob-secret-00000000000000000000000000000' };
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

let sts: LoopbackSts;
beforeEach(async () => {
  sts = await startLoopbackSts();
  sts.addUser({ userName: 'bob', accountId: ACCOUNT, ...BOB });
});
afterEach(() => sts.close());

/** Signs a request by hand, so tests can tamper with it after signing. */
async function signed(opts: { method: 'GET' | 'POST'; query?: Record<string, string>; body?: string; keys?: KeyPair; date?: Date; headers?: Record<string, string> }) {
  const url = new URL(sts.url);
  const request = new HttpRequest({
    method: opts.method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: opts.query ?? {},
    headers: {
      host: url.host,
      ...opts.headers,
      ...(opts.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } : {}),
    },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });
  const signer = new SignatureV4({ credentials: opts.keys ?? BOB, region: 'us-east-1', service: 'sts', sha256: Sha256, applyChecksum: false });
  return signer.sign(request, { signingDate: opts.date ?? new Date() });
}

type Signed = Awaited<ReturnType<typeof signed>>;

async function send(req: Signed, mutate?: (r: Signed) => void) {
  mutate?.(req);
  const qs = new URLSearchParams(req.query as Record<string, string>).toString();
  const res = await fetch(`${sts.url}${req.path}${qs ? `?${qs}` : ''}`, {
    method: req.method,
    headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host')),
    ...(req.body !== undefined ? { body: req.body as string } : {}),
  });
  return { status: res.status, text: await res.text() };
}

const identityQuery = { Action: 'GetCallerIdentity', Version: '2011-06-15' };

describe('signature verification', () => {
  it('rejects a request signed with the wrong secret', async () => {
    const f = await stsFailure(stsClientFor(sts, { ...BOB, secretAccessKey: 'not-the-secret' }).send(new GetCallerIdentityCommand({})));
    expect(f).toEqual({ name: 'SignatureDoesNotMatch', message: MISMATCH, status: 403 });
    expect(sts.calls.at(-1)).toMatchObject({ accessKeyId: BOB.accessKeyId, status: 403, errorCode: 'SignatureDoesNotMatch' });
    expect(sts.calls.at(-1)!.callerArn).toBeUndefined();
  });

  it('accepts a signed GET with the query protocol in the query string, and rejects a tampered one', async () => {
    const ok = await send(await signed({ method: 'GET', query: identityQuery }));
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><Arn>arn:aws:iam::333333333333:user\/bob<\/Arn>/);
    expect(ok.text).toMatch(/<ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata>/);

    const tampered = await send(await signed({ method: 'GET', query: identityQuery }), (r) => {
      r.query = { ...identityQuery, Extra: '1' };
    });
    expect(tampered.status).toBe(403);
    expect(tampered.text).toMatch(
      /^<ErrorResponse xmlns="[^"]+"><Error><Type>Sender<\/Type><Code>SignatureDoesNotMatch<\/Code><Message>The request signature/,
    );
  });

  it('rejects a POST whose body changed after signing, and a lying x-amz-content-sha256', async () => {
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    expect((await send(await signed({ method: 'POST', body }))).status).toBe(200);
    const changed = await send(await signed({ method: 'POST', body }), (r) => {
      r.body = 'Action=GetSessionToken&Version=2011-06-15';
    });
    expect(changed.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    // The signer trusts a signed x-amz-content-sha256 instead of hashing: the server must check it.
    const emptyHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const lying = await send(await signed({ method: 'POST', body, headers: { 'x-amz-content-sha256': emptyHash } }));
    expect(lying.status).toBe(403);
    expect(lying.text).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('answers MissingAuthenticationToken without Authorization and InvalidAction for unknown actions', async () => {
    const res = await fetch(`${sts.url}/?Action=GetCallerIdentity&Version=2011-06-15`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    const unknown = await send(await signed({ method: 'GET', query: { Action: 'DecodeAuthorizationMessage', Version: '2011-06-15' } }));
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('<Code>InvalidAction</Code>');
  });
});

describe('keys and tokens', () => {
  it('gives InvalidClientTokenId for unknown and deactivated keys', async () => {
    const unknown = await stsFailure(stsClientFor(sts, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})));
    expect(unknown).toEqual({ name: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', status: 403 });
    sts.deactivateKey(BOB.accessKeyId);
    expect((await stsFailure(stsClientFor(sts, BOB).send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
  });

  it('requires the matching session token for issued credentials and expires them', async () => {
    const c = (await stsClientFor(sts, BOB).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials!;
    const issued = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey! };
    expect((await stsFailure(stsClientFor(sts, issued).send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
    expect((await stsFailure(stsClientFor(sts, { ...issued, sessionToken: 'forged' }).send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
    const good = { ...issued, sessionToken: c.SessionToken! };
    await expect(stsClientFor(sts, good).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: ACCOUNT });

    sts.advance(900_000);
    expect(await stsFailure(stsClientFor(sts, good).send(new GetCallerIdentityCommand({})))).toEqual({
      name: 'ExpiredToken',
      message: 'The security token included in the request is expired',
      status: 403,
    });
  });
});

describe('clock', () => {
  it('rejects a request signed more than 5 min behind the server clock with AWS wording', async () => {
    sts.advance(10 * 60_000);
    const client = new STSClient({ region: 'us-east-1', endpoint: sts.url, credentials: BOB, maxAttempts: 1 });
    const f = await stsFailure(client.send(new GetCallerIdentityCommand({})));
    expect(f.name).toBe('SignatureDoesNotMatch');
    expect(f.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
  });

  it('says "not yet current" for a request from the future', async () => {
    const res = await send(await signed({ method: 'GET', query: identityQuery, date: new Date(Date.now() + 6 * 60_000) }));
    expect(res.text).toMatch(/<Message>Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)<\/Message>/);
  });

  it('lets the JS SDK correct its clock from the Date header and retry (SDK behaviour worth knowing)', async () => {
    sts.advance(2 * 3600_000);
    const client = new STSClient({ region: 'us-east-1', endpoint: sts.url, credentials: BOB });
    await expect(client.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: ACCOUNT });
    expect(sts.calls.map((c) => c.errorCode ?? c.status)).toEqual(['SignatureDoesNotMatch', 200]);
  });

  it('can skip the clock rule when a test moves the server clock far away', async () => {
    const far = await startLoopbackSts({ now: () => new Date('2030-01-01T00:00:00Z'), checkClockSkew: false });
    try {
      far.addUser({ userName: 'bob', accountId: ACCOUNT, ...BOB });
      const client = new STSClient({ region: 'us-east-1', endpoint: far.url, credentials: BOB, maxAttempts: 1 });
      const s = await client.send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
      expect(s.Credentials!.Expiration!.toISOString()).toBe('2030-01-01T00:15:00.000Z');
    } finally {
      await far.close();
    }
  });
});
