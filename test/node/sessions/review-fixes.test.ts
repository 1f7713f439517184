/** Regressions found in review: refresh loops, stale refreshes, double submits, rotated-key imports. */
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../electron/core/keychain/memory-store';
import { MfaBroker } from '../../../electron/core/sessions/mfa-broker';
import { MFA_SERIAL, createWorld, randomKeyId, randomSecret, type World } from '../../fixtures/core-harness';


describe('session manager and broker regressions', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('a lead time as long as the session does not refresh in a loop', async () => {
    world = await createWorld({ secrets: new MemorySecretStore() });
    const core = await world.core();
    await core.updateSettings({ leadTimeSeconds: 3600 });
    await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
    await core.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL) });
    const before = world.sts.calls.filter((c) => c.action === 'AssumeRole').length;
    await world.clock.advance(1);
    await core.whenIdle();
    expect(world.sts.calls.filter((c) => c.action === 'AssumeRole').length).toBe(before);
    // it refreshes halfway through instead
    await world.clock.advance(30 * 60_000);
    await core.whenIdle();
    expect(world.sts.calls.filter((c) => c.action === 'AssumeRole').length).toBe(before + 1);
  });

  it('an expiry prompt answered after sign-out writes nothing', async () => {
    world = await createWorld({ secrets: new MemorySecretStore() });
    const core = await world.core();
    await core.updateSettings({ sessionDurationSeconds: 900 });
    await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
    await core.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL) });
    await world.clock.advance(56 * 60_000);
    await core.whenIdle();
    expect(core.pendingMfa()).toHaveLength(1);
    await core.signOut('admin'); // by profile name: the session's own target goes
    expect(world.read('credentials')).not.toContain('[work]');
    await expect(core.submitMfaCode(MFA_SERIAL, world.sts.totp(MFA_SERIAL))).rejects.toMatchObject({ code: 'SessionEnded' });
    expect(world.read('credentials')).not.toContain('[work]');
    expect(core.sessions()).toEqual([]);
  });

  it('refuses a second submit while a code is being checked, and never runs a job twice', async () => {
    const broker = new MfaBroker(() => {});
    let runs = 0;
    let release!: () => void;
    const wait = broker.wait('serial', 'admin', 'switch', () => {
      runs++;
      return new Promise<void>((r) => (release = r));
    });
    const first = broker.submit('serial', '123456');
    await expect(broker.submit('serial', '654321')).rejects.toMatchObject({ code: 'MfaCodeReused' });
    release();
    await first;
    await wait;
    expect(runs).toBe(1);
  });

  it('import does not scrub a plaintext key that differs from the keychain’s', async () => {
    world = await createWorld({ secrets: new MemorySecretStore() });
    const core = await world.core();
    await core.addSource({ name: 'dev', ...world.keys, verify: false });
    const rotated = `[dev]\naws_access_key_id = ${randomKeyId()}\naws_secret_access_key = ${randomSecret()}\n`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(world.credentialsFile, rotated, { mode: 0o600 });
    const result = await core.importSources({ scrub: true, names: ['dev'] });
    expect(result.skipped).toEqual([{ name: 'dev', reason: expect.stringContaining('differ') }]);
    expect(world.read('credentials')).toBe(rotated);
  });
});

describe('credential_process for a source profile (W3)', () => {
  it('never hands out an MFA session with less time left than asked for', async () => {
    const world = await createWorld({ secrets: new MemorySecretStore() });
    try {
      const core = await world.core();
      await core.updateSettings({ sessionDurationSeconds: 1200 });
      await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
      const first = await core.credentialsFor('dev', { minRemainingSeconds: 960, promptForMfa: false, mfaCode: world.sts.totp(MFA_SERIAL) });
      expect(first.kind).toBe('session-token');
      await world.clock.advance(6 * 60_000); // 14 min left: below the AWS CLI's 15-min refresh line
      await expect(core.credentialsFor('dev', { minRemainingSeconds: 960, promptForMfa: false })).rejects.toMatchObject({ code: 'MfaRequired' });
      // a caller content with less (the console: 5 min) still gets the cached session
      const console = await core.credentialsFor('dev', { minRemainingSeconds: 300, promptForMfa: false });
      expect(console.accessKeyId).toBe(first.accessKeyId);
    } finally {
      await world.close();
    }
  });
});

describe('a target switched by someone else meanwhile (the CLI, another Rolecall)', () => {
  it('is neither overwritten by a refresh nor removed at expiry', async () => {
    const { upsertSection } = await import('../../../electron/core/aws-files/section-writer');
    const world = await createWorld({ secrets: new MemorySecretStore() });
    try {
      const core = await world.core();
      await core.updateSettings({ sessionDurationSeconds: 900 });
      await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
      await core.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL) });
      // another switch writes readonly's session onto the same target, under its own marker
      const other = { aws_access_key_id: 'ASIAOTHERSWITCH00001', aws_secret_access_key: 'x', aws_session_token: 'y' };
      await upsertSection(world.credentialsFile, 'work', other, { expiresAt: new Date(world.clock.now() + 3 * 3600_000), source: 'readonly' }, { configFile: null });
      const theirs = world.read('credentials');
      // admin's refresh time comes (its MFA session is gone: the prompt opens); a code is typed
      await world.clock.advance(56 * 60_000);
      await core.whenIdle();
      await core.submitMfaCode(MFA_SERIAL, world.sts.totp(MFA_SERIAL)).catch(() => undefined);
      expect(world.read('credentials')).toBe(theirs);
      // and at admin's expiry nothing of theirs is removed
      await world.clock.advance(10 * 60_000);
      await core.whenIdle();
      expect(world.read('credentials')).toBe(theirs);
      expect(core.sessions()).toEqual([]);
    } finally {
      await world.close();
    }
  });
});
