import { describe, expect, it } from 'vitest';
import { ExpiredTokenException, RegionDisabledException, STSServiceException } from '@aws-sdk/client-sts';
import { RolecallError } from '../../../electron/core/errors';
import { mapStsError, safeValidationMessage, type StsErrorContext } from '../../../electron/core/sts/errors';

/** An error shaped exactly like the SDK's awsQuery deserializer produces (see client-http.test.ts for real ones). */
function sdkError(code: string, message: string, opts: { status?: number; date?: string; skewCorrected?: boolean } = {}): Error {
  const status = opts.status ?? 403;
  const e = new STSServiceException({
    name: code,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: 'req-1', attempts: 1, ...(opts.skewCorrected ? { clockSkewCorrected: true } : {}) },
    message,
  });
  Object.assign(e, { Type: 'Sender', Code: code, Error: { Type: 'Sender', Code: code, Message: message } });
  Object.defineProperty(e, '$response', {
    value: { statusCode: status, headers: { 'content-type': 'text/xml', ...(opts.date ? { date: opts.date } : {}) }, body: undefined },
    enumerable: false,
  });
  return e;
}

function nodeError(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code, $metadata: { attempts: 1 } }, extra);
}

const SERIAL = 'arn:aws:iam::111111111111:mfa/alice';
const ctx = (over: Partial<StsErrorContext> = {}): StsErrorContext => ({ operation: 'AssumeRole', ...over });

describe('mapStsError', () => {
  it('passes a RolecallError through untouched', () => {
    const original = new RolecallError('MfaCodeReused', 'x');
    expect(mapStsError(original, ctx())).toBe(original);
  });

  it.each([
    'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
  ])('maps a rejected MFA code to MfaInvalid naming the device: %s', (message) => {
    const err = mapStsError(sdkError('AccessDenied', message), ctx({ mfaSerial: SERIAL }));
    expect(err.code).toBe('MfaInvalid');
    expect(err.message).toBe(`The MFA code was not accepted for ${SERIAL}.`);
    expect(err.action).toMatch(/next code/);
    expect(err.details.mfaSerial).toBe(SERIAL);
    expect(err.message).not.toContain('MultiFactorAuthentication');
  });

  it('says the MFA condition is the likely cause when AssumeRole ran without MFA', () => {
    const msg = 'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/Admin';
    const err = mapStsError(sdkError('AccessDenied', msg), ctx({ profile: 'admin' }));
    expect(err.code).toBe('AccessDenied');
    expect(err.message).toContain('arn:aws:iam::111111111111:role/Admin');
    expect(err.message).toMatch(/requires MFA/);
    expect(err.action).toMatch(/mfa_serial/);
    expect(err.details).toMatchObject({ principal: 'arn:aws:iam::111111111111:user/alice', resource: 'arn:aws:iam::111111111111:role/Admin' });
  });

  it('points at the trust policy, not MFA, when MFA was present', () => {
    const msg = 'User: arn:aws:sts::111111111111:assumed-role/Admin/s is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::2:role/X';
    const viaSerial = mapStsError(sdkError('AccessDenied', msg), ctx({ mfaSerial: SERIAL }));
    const viaSession = mapStsError(sdkError('AccessDenied', msg), ctx({ mfaPresent: true }));
    for (const err of [viaSerial, viaSession]) {
      expect(err.code).toBe('AccessDenied');
      expect(err.message).not.toMatch(/MFA/);
      expect(err.action).toMatch(/trust policy/);
    }
  });

  it('explains GetSessionToken called with session credentials', () => {
    const err = mapStsError(sdkError('AccessDenied', 'Cannot call GetSessionToken with session credentials'), ctx({ operation: 'GetSessionToken' }));
    expect(err.code).toBe('AccessDenied');
    expect(err.message).toMatch(/GetSessionToken needs long-term IAM user keys/);
  });

  it('maps InvalidClientTokenId to an unknown or deactivated key with the re-add action', () => {
    const err = mapStsError(sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.'), ctx({ operation: 'GetCallerIdentity', profile: 'dev' }));
    expect(err.code).toBe('InvalidClientTokenId');
    expect(err.message).toMatch(/unknown or deactivated/);
    expect(err.message).toContain('"dev"');
    expect(err.action).toMatch(/IAM console.*re-add/);
  });

  it('maps InvalidClientTokenId on temporary credentials to "sign in again"', () => {
    const err = mapStsError(sdkError('InvalidClientTokenId', 'x'), ctx({ temporaryCredentials: true }));
    expect(err.action).toMatch(/Sign in again/);
  });

  it.each([
    ['ExpiredToken', sdkError('ExpiredToken', 'The security token included in the request is expired')],
    ['ExpiredTokenException (modelled)', new ExpiredTokenException({ $metadata: { httpStatusCode: 400 }, message: 'expired' })],
  ])('maps %s to ExpiredToken', (_label, e) => {
    const err = mapStsError(e, ctx());
    expect(err.code).toBe('ExpiredToken');
    expect(err.action).toMatch(/Sign in again/);
  });

  it('computes the clock offset from the Date header when the message has no times', () => {
    const local = new Date('2026-01-01T12:00:00Z');
    const err = mapStsError(sdkError('RequestExpired', 'Request has expired.', { status: 400, date: 'Thu, 01 Jan 2026 13:00:05 GMT' }), ctx({ now: local }));
    expect(err.code).toBe('ClockSkew');
    expect(err.details.offsetSeconds).toBe(3605);
    expect(err.message).toMatch(/3605 s \(about 1 h\) behind/);
    expect(err.action).toMatch(/Sync your system clock/);
  });

  it('takes the offset from STS\'s own skew message (both times it compared)', () => {
    const msg = 'Signature expired: 20260101T120000Z is now earlier than 20260101T122000Z (20260101T122500Z - 5 min.)';
    const err = mapStsError(sdkError('SignatureDoesNotMatch', msg, { date: 'Thu, 01 Jan 2026 12:00:01 GMT' }), ctx({ now: new Date('2026-01-01T12:00:00Z') }));
    expect(err.code).toBe('ClockSkew');
    expect(err.details.offsetSeconds).toBe(1500);
    expect(err.message).toMatch(/about 25 min\) behind/);
  });

  it('reports a clock that runs ahead', () => {
    const msg = 'Signature not yet current: 20260101T130000Z is still later than 20260101T120500Z (20260101T120000Z + 5 min.)';
    const err = mapStsError(sdkError('SignatureDoesNotMatch', msg), ctx());
    expect(err.details.offsetSeconds).toBe(-3600);
    expect(err.message).toMatch(/ahead of AWS/);
  });

  it('treats the SDK\'s clock-skew-corrected flag on a signature error as clock skew', () => {
    const err = mapStsError(sdkError('SignatureDoesNotMatch', 'The request signature we calculated does not match', { skewCorrected: true }), ctx());
    expect(err.code).toBe('ClockSkew');
    expect(err.details.offsetSeconds).toBeUndefined();
  });

  it('maps any other SignatureDoesNotMatch to a secret that does not match the key', () => {
    const err = mapStsError(sdkError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.'), ctx());
    expect(err.code).toBe('InvalidClientTokenId');
    expect(err.message).toMatch(/secret access key does not match/);
  });

  it.each(['Throttling', 'ThrottlingException', 'RequestLimitExceeded'])('maps %s to Throttled', (code) => {
    const err = mapStsError(sdkError(code, 'Rate exceeded', { status: 400 }), ctx());
    expect(err.code).toBe('Throttled');
  });

  it('keeps STS\'s ValidationError text, which is about durations and ARNs', () => {
    const msg = 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.';
    const err = mapStsError(sdkError('ValidationError', msg, { status: 400 }), ctx());
    expect(err.code).toBe('StsValidation');
    expect(err.message).toContain(msg);
    expect(err.action).toMatch(/1 hour/);
  });

  it('masks echoed sensitive values in ValidationError text', () => {
    const msg = "1 validation error detected: Value 'abc123' at 'tokenCode' failed to satisfy constraint; Value 'secret-ext' at 'externalId' x\u0007";
    const out = safeValidationMessage(msg);
    expect(out).not.toContain('abc123');
    expect(out).not.toContain('secret-ext');
    expect(out).not.toContain('\u0007');
    expect(safeValidationMessage('x'.repeat(1000))).toHaveLength(400);
  });

  it.each([
    ['ECONNREFUSED', /connection was refused/],
    ['ETIMEDOUT', /did not answer/],
    ['ENOTFOUND', /did not resolve/],
    ['ECONNRESET', /cut off/],
    ['EHOSTUNREACH', /cannot reach/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /certificate/],
  ])('maps %s to NetworkError naming the host', (code, text) => {
    const err = mapStsError(nodeError(code), ctx({ endpointHost: 'sts.eu-west-1.amazonaws.com' }));
    expect(err.code).toBe('NetworkError');
    expect(err.message).toMatch(text);
    expect(err.message).toContain('sts.eu-west-1.amazonaws.com');
    expect(err.details).toMatchObject({ reason: code, host: 'sts.eu-west-1.amazonaws.com' });
  });

  it('maps the HTTP handler\'s TimeoutError with the deadline, and finds the host on the node error', () => {
    const timeout = Object.assign(new Error('a request has exceeded the configured 500 ms requestTimeout'), { name: 'TimeoutError' });
    expect(mapStsError(timeout, ctx({ timeoutMs: 2500, endpointHost: 'h' })).message).toBe('STS at h did not answer within 2.5 s.');
    const dns = nodeError('ENOTFOUND', { hostname: 'sts.nowhere.invalid' });
    expect(mapStsError(dns, ctx()).message).toContain('sts.nowhere.invalid');
    const refused = nodeError('ECONNREFUSED', { address: '127.0.0.1', port: 9 });
    expect(mapStsError(refused, ctx()).message).toContain('127.0.0.1:9');
  });

  it('finds a network failure in the cause chain', () => {
    const wrapped = Object.assign(new Error('Request aborted'), { name: 'AbortError', cause: Object.assign(new Error('deadline'), { name: 'TimeoutError' }) });
    expect(mapStsError(wrapped, ctx()).details.reason).toBe('TimeoutError');
  });

  it('maps RegionDisabledException with an action', () => {
    const err = mapStsError(new RegionDisabledException({ $metadata: { httpStatusCode: 403 }, message: 'STS is not activated in this region for account:1' }), ctx());
    expect(err.code).toBe('StsError');
    expect(err.action).toMatch(/activate the region/);
  });

  it('maps 5xx to a temporary problem without the raw body', () => {
    const err = mapStsError(sdkError('InternalFailure', 'An internal error has occurred.', { status: 500 }), ctx());
    expect(err.code).toBe('StsError');
    expect(err.message).toMatch(/temporary problem \(HTTP 500\)/);
  });

  it('names only the AWS error code for anything else, never the raw message', () => {
    const err = mapStsError(sdkError('IDPRejectedClaim', 'AKIASECRETLOOKING wJalrXUtnFEMI/K7MDENG', { status: 400 }), ctx());
    expect(err.code).toBe('StsError');
    expect(err.message).toBe('STS rejected AssumeRole with error IDPRejectedClaim.');
    expect(err.details.awsCode).toBe('IDPRejectedClaim');
    expect(err.cause).toBeDefined();
  });

  it('turns a non-SDK failure into a generic StsError', () => {
    const err = mapStsError(new TypeError('secret=abc'), ctx({ operation: 'GetCallerIdentity' }));
    expect(err.code).toBe('StsError');
    expect(err.message).toBe('The STS call GetCallerIdentity failed unexpectedly.');
    expect(mapStsError('weird', ctx()).code).toBe('StsError');
    expect(mapStsError(null, ctx()).code).toBe('StsError');
  });
});
