/** Key age and last use from the loopback IAM; the "old" rule and the weekly notice rule. */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MemorySecretStore } from '../../../electron/core/keychain/memory-store';
import { dueKeyAgeNotices, isKeyOld, type KeyAge } from '../../../electron/core/rotation/key-age';
import { createRotationWorld, type RotationWorld } from '../../fixtures/rotation-world';

let world: RotationWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});
const DAY = 86_400_000;

describe('keyAges', () => {
  it('reports the age from ListAccessKeys, flags keys past the setting, and the doctor warns about them', async () => {
    const secrets = new MemorySecretStore();
    world = await createRotationWorld({ secrets, keyCreateDate: new Date(Date.now() - 120 * DAY) });
    const core = await world.core();
    await core.addSource({ name: 'dev', ...world.keys, verify: true });
    const [age] = await core.keyAges();
    expect(age).toMatchObject({ source: 'dev', accessKeyId: world.keys.accessKeyId, old: true, rotationPending: false });
    expect(age?.ageDays).toBeGreaterThanOrEqual(120);
    expect(age?.lastUsedAt).toBeDefined();
    const checks = await core.runDoctor();
    expect(checks.find((c) => c.id === 'key-age:dev')).toMatchObject({ status: 'warn', fix: 'rolecall rotate dev' });
    await core.updateSettings({ keyMaxAgeDays: 365 });
    expect((await core.keyAges())[0]?.old).toBe(false);
  });

  it('takeKeyAgeNotices notifies an old key once a week, and keyAges (read-only) never moves that', async () => {
    const secrets = new MemorySecretStore();
    world = await createRotationWorld({ secrets, keyCreateDate: new Date(Date.now() - 100 * DAY) });
    const core = await world.core();
    await core.addSource({ name: 'dev', ...world.keys, verify: false });
    expect((await core.takeKeyAgeNotices()).map((a) => a.source)).toEqual(['dev']);
    await core.keyAges();
    expect(await core.takeKeyAgeNotices()).toEqual([]);
  });
});

describe('the rules', () => {
  it('old means strictly more days than the setting', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 3650 }), (age, max) => isKeyOld(age, max) === age > max));
  });

  it('an old key is due when never notified or notified a week or more ago', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * DAY }), fc.boolean(), (sinceMs, old) => {
        const now = Date.UTC(2026, 0, 1);
        const a: KeyAge = { source: 'dev', accessKeyId: 'AKIAEXAMPLE', old, rotationPending: false };
        const due = dueKeyAgeNotices([a], { dev: new Date(now - sinceMs).toISOString() }, now).length === 1;
        return due === (old && sinceMs >= 7 * DAY);
      }),
    );
  });
});
