/** A keychain that fails mid-way (locked, unavailable, timed out) stops a switch cleanly: typed error, file untouched. */
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../electron/core/keychain/memory-store';
import { RolecallError } from '../../../electron/core/errors';
import { MFA_SERIAL, createWorld, type World } from '../../fixtures/core-harness';

describe('keychain failures during a switch', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
  });

  it.each([
    ['KeychainLocked', 'The keychain is locked.'],
    ['KeychainUnavailable', 'Rolecall cannot reach the keychain.'],
    ['KeychainTimeout', 'The keychain did not answer within 10 s.'],
  ] as const)('%s is reported as such and nothing is written', async (code, message) => {
    const secrets = new MemorySecretStore();
    world = await createWorld({ secrets, credentials: '# mine\n[keep]\nx = 1\n' });
    const core = await world.core();
    await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
    await core.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL) });
    const before = world.read('credentials');
    secrets.failWith(new RolecallError(code, message, { action: 'Unlock your keychain and try again.' }));
    await expect(core.switchTo('readonly', { target: 'work' })).rejects.toMatchObject({ code, message });
    expect(world.read('credentials')).toBe(before);
    const listing = await core.listProfiles();
    expect(listing.keychainProblem?.code).toBe(code);
    expect(listing.profiles.map((p) => p.name)).toContain('admin');
  });
});
