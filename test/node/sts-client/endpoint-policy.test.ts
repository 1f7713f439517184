/**
 * #13 low: endpoint overrides get signed requests that return session secrets. https anywhere, plain
 * http only to loopback (the test suite's own loopback STS keeps working), never with user info;
 * the STS caller refuses a bad one before sending anything, and doctor names a generic one.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endpointOverrideProblem } from '../../../electron/core/sts/endpoint-policy';
import { createStsCaller } from '../../../electron/core/sts/client';
import { checkEndpointOverrides } from '../../../electron/core/doctor/env-checks';

const host = fc.domain();
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
const withPort = (h: string, p: number | undefined) => (p === undefined ? h : `${h}:${p}`);
const loopback = fc.oneof(fc.constant('localhost'), fc.constant('[::1]'), fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `127.${a}.${b}.${c}`));
const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

describe('endpointOverrideProblem', () => {
  it('accepts https to any host and http to loopback only; refuses user info and other schemes', () => {
    fc.assert(
      fc.property(host, port, loopback, (h, p, lo) => {
        expect(endpointOverrideProblem(`https://${withPort(h, p)}/`, 'AWS_ENDPOINT_URL_STS')).toBeUndefined();
        expect(endpointOverrideProblem(`http://${withPort(lo, p)}/`, 'AWS_ENDPOINT_URL_STS')).toBeUndefined();
        expect(endpointOverrideProblem(`http://${withPort(h, p)}/`, 'AWS_ENDPOINT_URL')).toMatchObject({ code: 'InvalidInput', details: { variable: 'AWS_ENDPOINT_URL' } });
        expect(endpointOverrideProblem(`https://user:pw@${h}/`, 'AWS_ENDPOINT_URL')).toMatchObject({ code: 'InvalidInput' });
        expect(endpointOverrideProblem(`ftp://${h}/`, 'AWS_ENDPOINT_URL')).toMatchObject({ code: 'InvalidInput' });
      }),
    );
    expect(endpointOverrideProblem('http://127.0.0.1.evil.example/', 'AWS_ENDPOINT_URL')).toBeDefined();
    expect(endpointOverrideProblem('not a url', 'AWS_ENDPOINT_URL')!.message).toBe('AWS_ENDPOINT_URL is not a URL.');
  });
});

describe('the STS caller with an override', () => {
  it('refuses a plain-http remote endpoint before sending anything (generic or STS-specific)', async () => {
    let requests = 0;
    const server = createServer((_req, res) => (requests++, res.end()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port: p } = server.address() as AddressInfo;
    try {
      for (const env of [{ AWS_ENDPOINT_URL_STS: `http://localtest.me:${p}` }, { AWS_ENDPOINT_URL: `http://sts.example.com:${p}` }]) {
        const caller = createStsCaller({ env, region: 'us-east-1', maxAttempts: 1, timeoutMs: 2000 });
        await expect(caller.getCallerIdentity(KEYS)).rejects.toMatchObject({ code: 'InvalidInput', message: expect.stringContaining('does not send STS requests to') });
      }
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });
});

describe('doctor: endpoint overrides', () => {
  it('names a generic AWS_ENDPOINT_URL, fails a refused one, and is fine with a loopback or https STS override', () => {
    expect(checkEndpointOverrides({ AWS_ENDPOINT_URL: 'http://localhost:4566' })).toMatchObject({ status: 'warn', message: expect.stringContaining('AWS_ENDPOINT_URL is set (localhost:4566)'), fix: expect.stringContaining('unset AWS_ENDPOINT_URL') });
    expect(checkEndpointOverrides({ AWS_ENDPOINT_URL: 'http://mock.internal:4566' })).toMatchObject({ status: 'fail', message: expect.stringContaining('AWS_ENDPOINT_URL points at http://mock.internal:4566') });
    expect(checkEndpointOverrides({ AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9000' })).toMatchObject({ status: 'ok' });
    expect(checkEndpointOverrides({ AWS_ENDPOINT_URL_STS: 'https://sts.eu-west-1.amazonaws.com', AWS_ENDPOINT_URL: 'http://localhost:4566' })).toMatchObject({ status: 'ok' });
    expect(checkEndpointOverrides({})).toMatchObject({ status: 'ok', message: 'No AWS endpoint override is set: STS calls go to AWS.' });
  });
});
