import { describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS, type RequestChannel } from '../../../electron/shared/ipc';
import { findForbiddenKey, parseRequest, requestSchemas } from '../../../electron/shared/ipc-schemas';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const good = {
  name: 'dev',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: SECRET,
};
const big = 'x'.repeat(100_000);

/** Prototype keys as they arrive after structured clone / JSON.parse: own properties. */
const withOwn = (base: object, key: string, value: unknown): object => {
  const inner = JSON.stringify(base).slice(1, -1);
  return JSON.parse(`{${inner}${inner ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)}}`) as object;
};

describe('request schemas', () => {
  it('has a schema for every channel and no other', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  const accepted: Array<[RequestChannel, unknown]> = [
    ['profiles:list', undefined],
    ['profiles:list', null],
    ['sources:add', good],
    ['sources:add', { ...good, mfaSerial: 'arn:aws:iam::123456789012:mfa/alice', verify: false, overwrite: true }],
    ['sources:add', { ...good, writeConfig: true, region: 'eu-west-1' }],
    ['doctor:fixBom', null],
    ['doctor:secretLeftovers', null],
    ['doctor:cleanSecretLeftovers', null],
    ['sources:remove', { name: 'dev' }],
    ['sources:import', { scrub: true }],
    ['sources:import', { scrub: false, names: ['a', 'b'] }],
    ['sessions:switch', { profile: 'admin' }],
    ['sessions:switch', { profile: 'admin', target: 'default', takeOver: true, mfaCode: '123456', durationSeconds: 3600 }],
    ['sessions:refresh', { target: 'default' }],
    ['sessions:signOut', { target: 'default' }],
    ['mfa:submit', { mfaSerial: 'arn:aws:iam::123456789012:mfa/alice', code: '012345' }],
    ['mfa:cancel', { mfaSerial: 'GAHT12345678' }],
    ['settings:update', {}],
    ['settings:update', { leadTimeSeconds: 600, notifications: false, roleTargets: { admin: 'work' } }],
    ['profiles:setupCredentialProcess', { profile: 'admin', as: 'admin-rolecall' }],
    ['profiles:setupCredentialProcess', { profile: 'admin', as: 'default', takeOver: true }],
    ['sources:rotate', { source: 'dev' }],
    ['sources:rotate', { source: 'dev', deleteKeyId: 'AKIAIOSFODNN7EXAMPLE' }],
    ['sources:keyAges', null],
    ['settings:update', { keyMaxAgeDays: 90 }],
  ];
  it.each(accepted)('accepts a valid %s payload', (channel, payload) => {
    expect(parseRequest(channel, payload)).toMatchObject({ ok: true });
  });

  const rejected: Array<[string, RequestChannel, unknown, RegExp]> = [
    // wrong types
    ['payload for a no-arg channel', 'profiles:list', { x: 1 }, /must be a null/],
    ['number as name', 'sources:remove', { name: 42 }, /name must be a string/],
    ['string as boolean', 'sources:import', { scrub: 'yes' }, /scrub must be a boolean/],
    ['array as payload', 'sessions:refresh', ['default'], /must be an object/],
    ['missing field', 'sessions:switch', {}, /profile is required/],
    ['float duration', 'sessions:switch', { profile: 'a', durationSeconds: 1000.5 }, /durationSeconds/],
    ['duration out of range', 'sessions:switch', { profile: 'a', durationSeconds: 60 }, /durationSeconds is too small/],
    ['5-digit code', 'mfa:submit', { mfaSerial: 's', code: '12345' }, /code must be exactly 6 digits/],
    ['zero key age days', 'settings:update', { keyMaxAgeDays: 0 }, /keyMaxAgeDays is too small/],
    ['fractional key age days', 'settings:update', { keyMaxAgeDays: 12.5 }, /keyMaxAgeDays/],
    ['key age days as text', 'settings:update', { keyMaxAgeDays: '90' }, /keyMaxAgeDays must be a number/],
    ['ten years and a day', 'settings:update', { keyMaxAgeDays: 3651 }, /keyMaxAgeDays is too large/],
    ['letters in code', 'mfa:submit', { mfaSerial: 's', code: '12a456' }, /6 digits/],
    ['lead time of a day', 'settings:update', { leadTimeSeconds: 86_400 }, /leadTimeSeconds is too large/],
    ['line break in region', 'sources:add', { ...good, writeConfig: true, region: 'eu-west-1\n[evil]' }, /region is not an AWS region name/],
    ['lower-case key id', 'sources:add', { ...good, accessKeyId: 'akiaiosfodnn7example' }, /accessKeyId is not an access key id/],
    // extra fields
    ['extra field', 'sources:remove', { name: 'dev', admin: true }, /unexpected fields/],
    ['promptForMfa is main’s choice', 'sessions:switch', { profile: 'a', promptForMfa: false }, /unexpected fields/],
    ['unknown setting', 'settings:update', { theme: 'dark' }, /unexpected fields/],
    // huge strings
    ['huge name', 'sources:remove', { name: big }, /name is too long/],
    ['huge secret', 'sources:add', { ...good, secretAccessKey: big }, /secretAccessKey is too long/],
    ['huge serial', 'mfa:cancel', { mfaSerial: big }, /mfaSerial is too long/],
    ['too many names', 'sources:import', { scrub: false, names: Array.from({ length: 1001 }, (_, i) => `p${i}`) }, /names has too many items/],
    // names that would break an INI header
    ['newline in name', 'sources:remove', { name: 'a\n[evil]' }, /not a usable profile name/],
    ['bracket in target', 'sessions:signOut', { target: 'a]b' }, /not a usable profile name/],
    ['newline in a credential_process profile name', 'profiles:setupCredentialProcess', { profile: 'admin', as: 'x\ncredential_process = evil' }, /as is not a usable profile name/],
    ['a command from the renderer', 'profiles:setupCredentialProcess', { profile: 'admin', as: 'a', command: ['sh', '-c', 'evil'] }, /unexpected fields/],
    ['missing as', 'profiles:setupCredentialProcess', { profile: 'admin' }, /as is required/],
    ['NUL in serial', 'mfa:cancel', { mfaSerial: 'a\u0000b' }, /MFA device/],
    // prototype keys
    ['__proto__ at top level', 'sources:remove', withOwn({ name: 'dev' }, '__proto__', { polluted: true }), /forbidden key/],
    ['constructor at top level', 'sessions:refresh', withOwn({ target: 'x' }, 'constructor', 1), /forbidden key/],
    ['__proto__ in a record', 'settings:update', { roleTargets: withOwn({}, '__proto__', 'x') }, /forbidden key/],
    ['prototype as record key', 'settings:update', { roleTargets: { prototype: 'x' } }, /forbidden key/],
    ['constructor as a profile name value', 'sources:remove', { name: 'constructor' }, /not a usable profile name/],
  ];
  it.each(rejected)('rejects %s', (_label, channel, payload, message) => {
    const r = parseRequest(channel, payload);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('never echoes a rejected value (it may be a secret typed in the wrong box)', () => {
    const cases: Array<[RequestChannel, unknown]> = [
      ['sources:add', { ...good, accessKeyId: SECRET }],
      ['sources:add', { ...good, secretAccessKey: `${SECRET} with space` }],
      ['mfa:submit', { mfaSerial: 's', code: SECRET }],
      ['sources:add', { ...good, [SECRET]: 1 }],
      ['settings:update', { defaultTarget: `${SECRET}\n` }],
    ];
    for (const [channel, payload] of cases) {
      const r = parseRequest(channel, payload);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).not.toContain(SECRET.slice(0, 12));
    }
  });

  it('refuses payloads nested deeper than any real one', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 50; i++) deep = { a: deep };
    const r = parseRequest('settings:update', { roleTargets: deep });
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/nested too deeply/) });
  });

  it('does not pollute Object.prototype while checking', () => {
    parseRequest('settings:update', { roleTargets: withOwn({}, '__proto__', { polluted: true }) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('finds forbidden keys at any depth, and only own keys', () => {
    expect(findForbiddenKey({ a: [{ b: withOwn({}, '__proto__', 1) }] })).toBe('__proto__');
    expect(findForbiddenKey({ a: { b: 1 } })).toBeUndefined();
    expect(findForbiddenKey(Object.create({ constructor: 1 }))).toBeUndefined();
  });
});
