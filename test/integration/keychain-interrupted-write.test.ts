/**
 * A split write cut short by a real SIGKILL of the keychain worker between two parts, on the real
 * gnome-keyring in `win32` mode: what is left reads as absent with a message naming the item, never
 * as a value, and the next write repairs it. The pause before the kill is a test-only worker
 * (support/pausing-keychain-worker.ts); production code has no such hook.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { RolecallError } from '../../electron/core/errors';
import { createKeychainStore, type KeychainStore } from '../../electron/core/keychain/keychain-store';
import type { MfaSessionSecret } from '../../electron/core/keychain/secret-store';
import { missing } from '../fixtures/components';
import { keychainEntries } from './support/keychain-entries';
import { killedMidWriteLauncher, win32Launcher } from './support/win32-keychain';

const service = `RolecallCut-${randomBytes(4).toString('hex')}`;
const session = (name: string, tokenLength: number): MfaSessionSecret => ({
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: randomBytes(tokenLength).toString('base64').slice(0, tokenLength),
  expiration: '2030-01-01T00:00:00.000Z',
  sourceProfile: name,
  mfaSerial: 'arn:aws:iam::123456789012:mfa/alice',
});
const accountsOf = (account: string) => [...keychainEntries(service).keys()].filter((a) => a === account || a.endsWith(`:${account}`)).sort();

describe.skipIf(missing('keyring'))('a split write killed between parts', () => {
  const opened: KeychainStore[] = [];
  const open = (launcher = win32Launcher()): KeychainStore => {
    const s = createKeychainStore({ service, launcher });
    opened.push(s);
    return s;
  };
  afterAll(() => opened.forEach((s) => s.close()));

  /** Writes `value` with a worker that is SIGKILLed once `parts` parts are in the keychain. */
  async function killedWrite(name: string, value: MfaSessionSecret, parts: number): Promise<void> {
    const launcher = killedMidWriteLauncher(parts);
    const e = (await open(launcher).setMfaSession(name, value).catch((err: unknown) => err)) as RolecallError;
    expect(launcher.kills).toBe(1);
    expect(e.code).toBe('KeychainError');
    expect(e.message).toBe('The keychain helper stopped unexpectedly.');
    expect(e.details.signal).toBe('SIGKILL');
  }

  it('an overwrite cut short reads as absent with a message (never the old or a mixed value); the next write repairs it', async () => {
    const old = session('over', 3_000);
    await open().setMfaSession('over', old);
    const next = session('over', 3_400);
    await killedWrite('over', next, 2);
    expect(accountsOf('mfa-session:over')).toEqual(['mfa-session:over', 'part:1:mfa-session:over', 'part:2:mfa-session:over', 'part:3:mfa-session:over']);

    const reader = open(); // a new worker, as after a restart
    expect(await reader.getMfaSession('over')).toBeUndefined();
    const [problem] = reader.problems();
    expect(problem?.message).toBe(
      'The keychain item "mfa-session:over" does not add up: its parts are not the ones its header records (an overwrite was cut short). Rolecall treats it as absent.',
    );
    expect(problem?.action).toMatch(/next write replaces it whole/);
    expect(JSON.stringify([problem?.message, problem?.action, problem?.details])).not.toContain(next.sessionToken.slice(0, 40));

    await reader.setMfaSession('over', next);
    expect(await open().getMfaSession('over')).toEqual(next);
    expect(accountsOf('mfa-session:over')).toHaveLength(4);
  });

  it('a first write cut short leaves only parts: absent with a message, and the next write clears them', async () => {
    await killedWrite('first', session('first', 4_000), 1);
    expect(accountsOf('mfa-session:first')).toEqual(['part:1:mfa-session:first']);
    const reader = open();
    expect(await reader.getMfaSession('first')).toBeUndefined();
    expect(reader.problems().map((p) => p.details.problem)).toEqual(['orphaned']);
    expect(reader.problems()[0]?.message).toMatch(/^The keychain item "mfa-session:first" was never finished: 1 of its parts are there/);

    const fits = session('first', 500);
    await reader.setMfaSession('first', fits);
    expect(await reader.getMfaSession('first')).toEqual(fits);
    expect(accountsOf('mfa-session:first')).toEqual(['mfa-session:first']);
  });

  it('a shrink cut short is never read as the shorter value with the old tail', async () => {
    await open().setMfaSession('tail', session('tail', 5_000));
    await killedWrite('tail', session('tail', 2_000), 1);
    const reader = open();
    expect(await reader.getMfaSession('tail')).toBeUndefined();
    expect(reader.problems()).toHaveLength(1);
  });
});
