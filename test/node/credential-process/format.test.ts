import { describe, expect, it } from 'vitest';
import { formatCredentialProcessOutput, toCredentialProcessOutput } from '../../../electron/core/credential-process/format';
import { RolecallError } from '../../../electron/core/errors';
import { sessionCreds } from './helpers';

describe('credential_process output', () => {
  it('is Version 1 JSON with an ISO-8601 Expiration, and nothing else', () => {
    const text = formatCredentialProcessOutput(sessionCreds({ expiration: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)) }));
    expect(JSON.parse(text)).toEqual({
      Version: 1,
      AccessKeyId: 'ASIATESTKEY0000001',
      SecretAccessKey: 'temp-secret',
      SessionToken: 'temp-token',
      Expiration: '2030-01-02T03:04:05.000Z',
    });
    expect(text).not.toContain('\n');
    expect(text).not.toContain('identityArn');
  });

  it('refuses credentials without a session token or expiry, and long-term AKIA keys', () => {
    const bad = [
      { accessKeyId: 'AKIAX', secretAccessKey: 's' },
      { accessKeyId: 'ASIAX', secretAccessKey: 's', sessionToken: '', expiration: new Date() },
      { accessKeyId: 'ASIAX', secretAccessKey: 's', sessionToken: 't' },
      { accessKeyId: 'ASIAX', secretAccessKey: 's', sessionToken: 't', expiration: new Date(Number.NaN) },
      { accessKeyId: 'AKIAX', secretAccessKey: 'long-term-secret', sessionToken: 't', expiration: new Date() },
    ];
    for (const c of bad) {
      let err: unknown;
      try {
        toCredentialProcessOutput(c);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RolecallError);
      expect((err as RolecallError).message).not.toContain('long-term-secret');
    }
  });
});
