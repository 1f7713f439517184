import { describe, expect, it } from 'vitest';
import { RolecallError } from '../../../electron/core/errors';
import { MemorySecretStore } from '../../../electron/core/keychain/memory-store';
import type { SourceSecret } from '../../../electron/core/keychain/secret-store';

const src: SourceSecret = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

describe('MemorySecretStore', () => {
  it('round-trips copies, so holders cannot change what is stored', async () => {
    const store = new MemorySecretStore({ sources: { b: src } });
    await store.setSource('a', src);
    const got = await store.getSource('a');
    if (!got) throw new Error('missing');
    got.secretAccessKey = 'changed';
    expect((await store.getSource('a'))?.secretAccessKey).toBe(src.secretAccessKey);
    expect(await store.listSources()).toEqual(['a', 'b']);
    expect(await store.deleteSource('a')).toBe(true);
    expect(await store.deleteSource('a')).toBe(false);
  });

  it('keeps MFA sessions per source profile', async () => {
    const store = new MemorySecretStore();
    const session = { ...src, sessionToken: 't', expiration: '2030-01-01T00:00:00Z', sourceProfile: 'a', mfaSerial: 'arn:aws:iam::1:mfa/x' };
    await store.setMfaSession('a', session);
    expect(await store.getMfaSession('a')).toEqual(session);
    expect(await store.getMfaSession('b')).toBeUndefined();
    expect(await store.listSources()).toEqual([]);
    expect(await store.deleteMfaSession('a')).toBe(true);
  });

  it('fails like a locked keychain when told to', async () => {
    const store = new MemorySecretStore({ sources: { a: src } });
    store.failWith(new RolecallError('KeychainLocked', 'Your keychain is locked.'));
    await expect(store.getSource('a')).rejects.toMatchObject({ code: 'KeychainLocked' });
    await expect(store.setMfaSession('a', {} as never)).rejects.toMatchObject({ code: 'KeychainLocked' });
    store.failWith();
    expect(await store.getSource('a')).toEqual(src);
  });
});
