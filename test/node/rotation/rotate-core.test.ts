/**
 * Key rotation through the facade against the loopback IAM (SigV4 and session tokens verified, the
 * two-key limit, eventual consistency). The keychain is the in-memory store here; the real keychain
 * and SIGKILL between steps are in test/integration/rotation-kill.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MemorySecretStore } from '../../../electron/core/keychain/memory-store';
import { RolecallError } from '../../../electron/core/errors';
import { createRotationWorld, ROTATION_MFA_SERIAL, USER_ARN, type RotationWorld } from '../../fixtures/rotation-world';
import { stsClientFor } from '../../fixtures/loopback-sts/sdk';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';

let world: RotationWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function setUp(opts: Parameters<typeof createRotationWorld>[0] = {}) {
  const secrets = new MemorySecretStore();
  world = await createRotationWorld({ ...opts, secrets });
  const core = await world.core();
  await core.addSource({ name: 'dev', ...world.keys, verify: false });
  return { secrets, core, w: world };
}

async function works(w: RotationWorld, keys: { accessKeyId: string; secretAccessKey: string }): Promise<string | undefined> {
  return (await stsClientFor(w.iam, keys).send(new GetCallerIdentityCommand({}))).Arn;
}

async function rejected(p: Promise<unknown>): Promise<RolecallError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(RolecallError);
  return e as RolecallError;
}

describe('rotateKeys', () => {
  it('replaces the key: the keychain holds a new key STS accepts, the old one is gone from IAM, nothing pending', async () => {
    const { secrets, core, w } = await setUp();
    const progress: string[] = [];
    const r = await core.rotateKeys('dev', { progress: (m) => progress.push(m) });
    const stored = await secrets.getSource('dev');
    expect(r).toMatchObject({ outcome: 'rotated', oldAccessKeyId: w.keys.accessKeyId, newAccessKeyId: stored?.accessKeyId, identityArn: USER_ARN });
    expect(stored?.accessKeyId).not.toBe(w.keys.accessKeyId);
    expect(stored?.secretAccessKey).toBe(w.iam.secretOf(stored!.accessKeyId));
    expect(w.iam.keyIds('dev-user')).toEqual([stored!.accessKeyId]);
    expect(await works(w, stored!)).toBe(USER_ARN);
    expect(await secrets.getRotationJournal('dev')).toBeUndefined();
    expect(progress.join('\n')).not.toContain(stored!.secretAccessKey);
    const iamCalls = w.iam.calls.filter((c) => ['CreateAccessKey', 'DeleteAccessKey'].includes(c.action));
    expect(iamCalls.map((c) => [c.action, c.status])).toEqual([['CreateAccessKey', 200], ['DeleteAccessKey', 200]]);
  });

  it('waits through IAM eventual consistency for any number of refusals within the schedule, and reports each wait', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4 }), async (refusals) => {
        const { secrets, core, w } = await setUp({ newKeyRefusals: refusals });
        const progress: string[] = [];
        await core.rotateKeys('dev', { progress: (m) => progress.push(m) });
        expect(progress.filter((m) => m.includes('not made the new key known')).length).toBe(refusals);
        expect(await works(w, (await secrets.getSource('dev'))!)).toBe(USER_ARN);
        await w.close();
        world = undefined;
      }),
      { numRuns: 5 },
    );
  });

  it('when IAM does not accept the new key in time, the keychain gets the old (working) key back and the next rotate finishes', async () => {
    const { secrets, core, w } = await setUp({ newKeyRefusals: 50 });
    const e = await rejected(core.rotateKeys('dev'));
    expect(e.code).toBe('InvalidClientTokenId');
    expect((await secrets.getSource('dev'))?.accessKeyId).toBe(w.keys.accessKeyId);
    expect(await works(w, w.keys)).toBe(USER_ARN);
    const journal = await secrets.getRotationJournal('dev');
    expect(journal?.phase).toBe('created');
    w.iam.setNewKeyRefusals(0);
    // IAM catches up with the pending key
    const pending = w.iam.keyIds('dev-user').find((id) => id !== w.keys.accessKeyId)!;
    for (let i = 0; i < 50; i++) await works(w, { accessKeyId: pending, secretAccessKey: w.iam.secretOf(pending)! }).catch(() => undefined);
    const r = await core.rotateKeys('dev');
    expect(r).toMatchObject({ outcome: 'finished-interrupted', newAccessKeyId: pending });
    expect(w.iam.keyIds('dev-user')).toEqual([pending]);
  });

  it('with two keys already, names the key it would delete and changes nothing unless confirmed', async () => {
    const { secrets, core, w } = await setUp();
    const first = await core.rotateKeys('dev');
    // a second key made elsewhere (the console), not in the keychain
    const made = await (await import('../../fixtures/loopback-iam/iam-sdk')).createKeyAs(w.iam, (await secrets.getSource('dev'))!);
    expect(w.iam.keyIds('dev-user')).toHaveLength(2);
    const seen: string[] = [];
    const e = await rejected(core.rotateKeys('dev', { confirmDelete: async (k) => (seen.push(k.accessKeyId), false) }));
    expect(e.code).toBe('KeyLimitExceeded');
    expect(e.message).toContain(made);
    expect(seen).toEqual([made]);
    expect(w.iam.keyIds('dev-user')).toHaveLength(2);
    const r = await core.rotateKeys('dev', { confirmDelete: async () => true });
    expect(r.alsoDeleted).toEqual([made]);
    expect(w.iam.keyIds('dev-user')).toEqual([r.newAccessKeyId]);
    expect(first.newAccessKeyId).toBe(r.oldAccessKeyId);
  });

  it('uses an MFA session for IAM when the source has mfa_serial, and drops the MFA session made from the old key', async () => {
    const { secrets, core, w } = await setUp({ mfa: true, iamRequiresMfa: true });
    let asked = 0;
    await core.rotateKeys('dev', { askCode: async () => (asked++, w.iam.totp(ROTATION_MFA_SERIAL)) });
    expect(asked).toBe(1);
    const create = w.iam.calls.find((c) => c.action === 'CreateAccessKey');
    expect(create?.accessKeyId?.startsWith('ASIA')).toBe(true);
    expect(create?.status).toBe(200);
    expect(await secrets.getMfaSession('dev')).toBeUndefined();
  });

  it('AccessDenied without MFA names the permission, the user ARN and MFA as the likely cause', async () => {
    const { core, w } = await setUp({ iamRequiresMfa: true });
    const e = await rejected(core.rotateKeys('dev'));
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toContain(`iam:ListAccessKeys on ${USER_ARN}`);
    expect(e.message).toMatch(/MFA is the likely cause/);
    expect(w.iam.keyIds('dev-user')).toEqual([w.keys.accessKeyId]);
  });

  it('a keychain failing after CreateAccessKey shows the new key once, keeps the old key working, and the next rotate cleans up', async () => {
    const { secrets, core, w } = await setUp();
    const shown: string[] = [];
    const realSet = secrets.setRotationJournal.bind(secrets);
    let n = 0;
    secrets.setRotationJournal = async (name, j) => {
      if (++n === 2) throw new RolecallError('KeychainLocked', 'The keychain is locked.');
      return realSet(name, j);
    };
    const e = await rejected(core.rotateKeys('dev', { showKeyOnce: (k) => shown.push(k.accessKeyId, k.secretAccessKey) }));
    expect(e.code).toBe('RotationInterrupted');
    expect(e.message).not.toContain(shown[1]);
    expect(shown[1]).toBe(w.iam.secretOf(shown[0]!));
    expect((await secrets.getSource('dev'))?.accessKeyId).toBe(w.keys.accessKeyId);
    expect(await works(w, w.keys)).toBe(USER_ARN);
    secrets.setRotationJournal = realSet;
    const r = await core.rotateKeys('dev');
    expect(r.alsoDeleted).toEqual([shown[0]]);
    expect(w.iam.keyIds('dev-user')).toEqual([r.newAccessKeyId]);
  });
});
