import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RolecallError } from '../../../electron/core/errors';
import { validateAccessKeyId, validateSecretAccessKey } from '../../../electron/core/keychain/source-keys';

function errorOf(f: () => unknown): RolecallError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RolecallError);
    return e as RolecallError;
  }
  throw new Error('expected a RolecallError');
}

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('validateAccessKeyId', () => {
  it('accepts AKIA and ASIA ids and trims them', () => {
    expect(validateAccessKeyId(' AKIAIOSFODNN7EXAMPLE\r\n')).toBe('AKIAIOSFODNN7EXAMPLE');
    expect(validateAccessKeyId('ASIAIOSFODNN7EXAMPL2')).toBe('ASIAIOSFODNN7EXAMPL2');
  });

  it.each([
    ['', /empty/],
    ['AIDAIOSFODNN7EXAMPLE', /start with AKIA/],
    ['AKIAIOSFODNN7EXAMPL', /20 characters long, not 19/],
    ['AKIAIOSFODNN7EXAMPLe', /uppercase letters and digits/],
    [SECRET, /looks like a secret access key/],
  ])('rejects %j naming the field', (input, why) => {
    const e = errorOf(() => validateAccessKeyId(input));
    expect(e.code).toBe('InvalidInput');
    expect(e.message).toMatch(/access key ID/);
    expect(e.message).toMatch(why);
    expect(e.action).toBeTruthy();
  });
});

describe('validateSecretAccessKey', () => {
  it('accepts a 40-character secret and trims it', () => {
    expect(validateSecretAccessKey(`${SECRET}\n`)).toBe(SECRET);
  });

  it.each([
    ['', /empty/],
    [SECRET.slice(1), /40 characters long, not 39/],
    [`${SECRET.slice(1)}=`, /letters, digits/],
    ['AKIAIOSFODNN7EXAMPLE', /looks like an access key ID/],
  ])('rejects %j naming the field', (input, why) => {
    const e = errorOf(() => validateSecretAccessKey(input));
    expect(e.code).toBe('InvalidInput');
    expect(e.message).toMatch(/secret access key/);
    expect(e.message).toMatch(why);
  });

  it('never repeats a rejected secret in the message or action', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 6, maxLength: 80 }), (s) => {
        const v = s.trim();
        fc.pre(v.length >= 6 && !/^[A-Za-z0-9/+]{40}$/.test(v));
        const e = errorOf(() => validateSecretAccessKey(s));
        expect(`${e.message} ${e.action ?? ''}`).not.toContain(v);
      }),
    );
  });
});
