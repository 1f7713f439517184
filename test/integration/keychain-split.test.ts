/**
 * Values of any size on the real gnome-keyring, held to the Windows Credential Manager limits
 * (`ROLECALL_KEYCHAIN_LIMITS=win32`: 2,560 bytes of UTF-16 per entry), as secret-tool sees them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { RolecallError } from '../../electron/core/errors';
import { createKeychainStore, type KeychainStore } from '../../electron/core/keychain/keychain-store';
import type { MfaSessionSecret, SourceSecret } from '../../electron/core/keychain/secret-store';
import { KeychainWorkerClient } from '../../electron/core/keychain/worker-client';
import { missing } from '../fixtures/components';
import { keychainEntries } from './support/keychain-entries';
import { nativeLimitsLauncher, win32Launcher } from './support/win32-keychain';

const service = `RolecallSplit-${randomBytes(4).toString('hex')}`;
const token = (n: number) => randomBytes(n).toString('base64').slice(0, n);
const source: SourceSecret = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', mfaSerial: 'arn:aws:iam::123456789012:mfa/alice' };
const session = (name: string, tokenLength: number): MfaSessionSecret => ({
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: source.secretAccessKey,
  sessionToken: `IQoJb3JpZ2luX2VjE${token(tokenLength - 17)}`,
  expiration: '2030-01-01T00:00:00.000Z',
  sourceProfile: name,
  mfaSerial: source.mfaSerial!,
});

/** Names and sizes of the entries one account became. */
function entriesOf(account: string): Array<[string, number]> {
  return [...keychainEntries(service)].filter(([a]) => a === account || a.endsWith(`:${account}`)).map(([a, v]) => [a, v.length] as [string, number]).sort();
}

describe.skipIf(missing('keyring'))('keychain values of any size on gnome-keyring, Windows limits', () => {
  const opened: Array<{ close(): void }> = [];
  const open = (): KeychainStore => {
    const s = createKeychainStore({ service, launcher: win32Launcher() });
    opened.push(s);
    return s;
  };
  afterAll(() => opened.forEach((s) => s.close()));

  it('stores an MFA session with a 3,000-character token in parts of at most 1,280 characters, and a new worker reads it back', async () => {
    const mfa = session('big', 3_000);
    const writer = open();
    await writer.setMfaSession('big', mfa);
    const entries = entriesOf('mfa-session:big');
    expect(entries.map(([a]) => a)).toEqual(['mfa-session:big', 'part:1:mfa-session:big', 'part:2:mfa-session:big', 'part:3:mfa-session:big']);
    expect(entries.every(([, size]) => size <= 1_280)).toBe(true);
    expect(keychainEntries(service).get('mfa-session:big')).toMatch(/^rolecall-split:1;parts=3;chars=\d+;sha256=[0-9a-f]{64}$/);
    writer.close();
    const reader = open();
    expect(await reader.getMfaSession('big')).toEqual(mfa);
    expect(reader.problems()).toEqual([]);
  });

  it('round-trips a source and an SSO-token-set-sized value (three tokens over 1,000 characters each)', async () => {
    const store = open();
    await store.setSource('sso-user', source);
    expect(entriesOf('source:sso-user').map(([a]) => a)).toEqual(['source:sso-user']); // fits: one entry
    const tokens = JSON.stringify({ accessToken: token(1_400), refreshToken: token(1_100), clientSecret: token(1_250), expiresAt: '2030-01-01T00:00:00Z' });
    const client = new KeychainWorkerClient(win32Launcher(), 10_000);
    opened.push(client);
    await client.call({ op: 'set', service, account: 'sso-token:corp', value: tokens });
    expect(entriesOf('sso-token:corp').length).toBe(4);
    client.close();
    const fresh = new KeychainWorkerClient(win32Launcher(), 10_000);
    opened.push(fresh);
    expect(await fresh.call({ op: 'get', service, account: 'sso-token:corp' })).toBe(tokens);
    expect(await open().getSource('sso-user')).toEqual(source);
    expect(await fresh.call({ op: 'delete', service, account: 'sso-token:corp' })).toBe(true);
    expect(entriesOf('sso-token:corp')).toEqual([]);
  });

  it('never lists parts as profiles', async () => {
    const store = open();
    await store.setSource('listed', source);
    await store.setMfaSession('listed', session('listed', 4_000));
    const names = await store.listSources();
    expect(names).toContain('listed');
    expect(names.filter((n) => n.includes('part:') || n.includes('mfa-session'))).toEqual([]);
  });

  it('shrinking removes the stale parts, and deleting removes every part', async () => {
    const store = open();
    await store.setMfaSession('shrink', session('shrink', 4_000));
    expect(entriesOf('mfa-session:shrink')).toHaveLength(5);
    const smaller = session('shrink', 1_600);
    await store.setMfaSession('shrink', smaller);
    expect(entriesOf('mfa-session:shrink')).toHaveLength(3);
    const fits = session('shrink', 600);
    await store.setMfaSession('shrink', fits);
    expect(entriesOf('mfa-session:shrink').map(([a]) => a)).toEqual(['mfa-session:shrink']);
    expect(await store.getMfaSession('shrink')).toEqual(fits);
    await store.setMfaSession('shrink', smaller);
    expect(await store.deleteMfaSession('shrink')).toBe(true);
    expect(entriesOf('mfa-session:shrink')).toEqual([]);
    expect(await store.getMfaSession('shrink')).toBeUndefined();
  });

  it('refuses a value over the 64 KiB ceiling with a clear error and writes nothing', async () => {
    const store = open();
    const e = (await store.setMfaSession('absurd', session('absurd', 70_000)).catch((err: unknown) => err)) as RolecallError;
    expect(e.code).toBe('InvalidInput');
    expect(e.message).toBe('The value is too large to keep in the keychain: Rolecall stores at most 64 KiB per item.');
    expect(entriesOf('mfa-session:absurd')).toEqual([]);
  });

  it('without ROLECALL_KEYCHAIN_LIMITS the Secret Service keeps the same value as one entry', async () => {
    const plain = createKeychainStore({ service, launcher: nativeLimitsLauncher() });
    opened.push(plain);
    const mfa = session('plain', 3_000);
    await plain.setMfaSession('plain', mfa);
    expect(entriesOf('mfa-session:plain').map(([a]) => a)).toEqual(['mfa-session:plain']);
    expect(await open().getMfaSession('plain')).toEqual(mfa); // and win32 mode reads it too
    expect(await plain.deleteMfaSession('plain')).toBe(true);
  });
});
