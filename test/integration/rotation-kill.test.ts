/**
 * SIGKILL between the steps of a rotation, on the real keychain: the built `rolecall rotate` runs
 * as a child, the loopback IAM holds one request at a step boundary (so the kill lands exactly
 * there, with no hook in Rolecall), the child is killed, and then the keychain's key must work and
 * a second `rolecall rotate` must finish or roll back, leaving one key that IAM and STS accept.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { createKeychainStore } from '../../electron/core/keychain/keychain-store';
import { ROLECALL_BIN } from '../fixtures/cli-runs';
import { stsClientFor } from '../fixtures/loopback-sts/sdk';
import { createRotationWorld, USER_ARN, type RotationWorld } from '../fixtures/rotation-world';

let world: RotationWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Step boundaries, as the request the child is blocked on when it dies. */
const BOUNDARIES: Array<{ action: string; phase: 'before' | 'after'; nth?: number; what: string }> = [
  { action: 'ListAccessKeys', phase: 'before', what: 'before anything changed' },
  { action: 'CreateAccessKey', phase: 'before', what: 'journal written, key not yet created' },
  { action: 'CreateAccessKey', phase: 'after', what: 'IAM created the key, its secret never reached Rolecall' },
  { action: 'GetCallerIdentity', phase: 'before', nth: 2, what: 'new key stored, not yet verified' },
  { action: 'ListAccessKeys', phase: 'before', nth: 2, what: 'new key verified, old not yet deleted' },
  { action: 'DeleteAccessKey', phase: 'before', what: 'about to delete the old key' },
  { action: 'DeleteAccessKey', phase: 'after', what: 'old key deleted, journal not yet cleared' },
];

function startRotate(w: RotationWorld): { exited: Promise<{ code: number | null; signal: string | null; stderr: string }>; kill(): void } {
  const child = spawn(process.execPath, [ROLECALL_BIN, 'rotate', 'dev'], { env: w.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  child.stdin.end();
  return {
    exited: new Promise((done) => child.on('close', (code, signal) => done({ code, signal, stderr }))),
    kill: () => child.kill('SIGKILL'),
  };
}

async function keychainKey(w: RotationWorld) {
  const store = createKeychainStore({ service: w.env.ROLECALL_KEYCHAIN_SERVICE! });
  try {
    return { source: await store.getSource('dev'), journal: await store.getRotationJournal('dev') };
  } finally {
    store.close();
  }
}

async function arnOf(w: RotationWorld, keys: { accessKeyId: string; secretAccessKey: string }): Promise<string | undefined> {
  return (await stsClientFor(w.iam, keys).send(new GetCallerIdentityCommand({}))).Arn;
}

describe('rolecall rotate killed between steps', () => {
  for (const b of BOUNDARIES) {
    it(`${b.action} ${b.phase}${b.nth ? ` #${b.nth}` : ''} (${b.what}): the keychain key works, and rotate again ends with one good key`, async () => {
      world = await createRotationWorld();
      const w = world;
      const core = await w.core();
      await core.addSource({ name: 'dev', ...w.keys, verify: false });
      core.dispose();

      const held = w.iam.holdAt(b.action, b.phase, b.nth ?? 1);
      const child = startRotate(w);
      await held;
      child.kill();
      expect((await child.exited).signal).toBe('SIGKILL');

      const after = await keychainKey(w);
      expect(after.source).toBeDefined();
      // the key in the keychain is never one only IAM knows the secret of; STS may still be catching up
      expect(w.iam.secretOf(after.source!.accessKeyId)).toBe(after.source!.secretAccessKey);

      const again = startRotate(w);
      const result = await again.exited;
      expect(result.code, result.stderr).toBe(0);
      const final = await keychainKey(w);
      expect(final.journal).toBeUndefined();
      expect(w.iam.keyIds('dev-user')).toEqual([final.source!.accessKeyId]);
      expect(final.source!.accessKeyId).not.toBe(w.keys.accessKeyId);
      expect(await arnOf(w, final.source!)).toBe(USER_ARN);
      expect(result.stderr).not.toContain(final.source!.secretAccessKey);
    });
  }
});
