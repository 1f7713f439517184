/**
 * `sources:rotate` and `sources:keyAges` through main's handler map and its untrusted-caller path
 * (`dispatch`: schema, then handler), over the real core, the real keychain and the loopback IAM
 * (SigV4, session tokens, the two-key limit). What crosses IPC is checked as a renderer would see it:
 * the progress events and every reply carry no secret, except the one deliberate case — the keychain
 * failing after IAM made the new key — whose reply (and nothing else) carries that key once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RolecallError } from '../../../electron/core/errors';
import type { CoreOptions } from '../../../electron/core/facade/app-core';
import { createKeychainStore, type KeychainStore } from '../../../electron/core/keychain/keychain-store';
import { ManualClock } from '../../../electron/core/sessions/clock';
import { dispatch } from '../../../electron/main/ipc-dispatch';
import { createHandlers } from '../../../electron/main/ipc-handlers';
import type { Handlers, RotateResponse } from '../../../electron/shared/ipc';
import { missing } from '../../fixtures/components';
import { createKeyAs } from '../../fixtures/loopback-iam/iam-sdk';
import { createRotationWorld, ROTATION_MFA_SERIAL, USER_ARN, type RotationWorld } from '../../fixtures/rotation-world';

let world: RotationWorld | undefined;
let store: KeychainStore | undefined;
afterEach(async () => {
  for (const name of (await store?.listSources().catch(() => [] as string[])) ?? []) {
    await store?.deleteSource(name).catch(() => false);
    await store?.deleteMfaSession(name).catch(() => false);
    await store?.deleteRotationJournal(name).catch(() => false);
  }
  store?.close();
  store = undefined;
  await world?.close();
  world = undefined;
});

async function setUp(opts: Parameters<typeof createRotationWorld>[0] = {}, coreOpts: Partial<CoreOptions> = {}) {
  world = await createRotationWorld(opts);
  store = createKeychainStore({ service: world.env.ROLECALL_KEYCHAIN_SERVICE! });
  const core = await world.core({ secrets: store, ...coreOpts });
  await core.addSource({ name: 'dev', ...world.keys, verify: false });
  const events: Array<{ wire: string; payload: unknown }> = [];
  const handlers: Handlers = createHandlers(core, {
    appInfo: () => ({ name: 'Rolecall', version: '0', platform: 'linux', versions: { electron: '', chrome: '', node: '' }, paths: { configFile: '', credentialsFile: '', appDataDir: '' } }),
    capabilities: { console: false },
    broadcast: (wire, payload) => events.push({ wire, payload }),
  });
  return { w: world, core, handlers, events, secrets: store };
}

async function rotate(handlers: Handlers, payload: unknown): Promise<RotateResponse> {
  const r = await dispatch(handlers, 'sources:rotate', payload);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as RotateResponse;
}

describe.skipIf(missing('keyring'))('sources:rotate over IPC (real keychain, loopback IAM)', () => {
  it('rotates: the progress events name each step and carry no secret; the reply carries none either', async () => {
    const { w, handlers, events, secrets } = await setUp({ newKeyRefusals: 2 });
    const r = await rotate(handlers, { source: 'dev' });
    const stored = (await secrets.getSource('dev'))!;
    expect(r).toEqual({ status: 'rotated', oldAccessKeyId: w.keys.accessKeyId, newAccessKeyId: stored.accessKeyId, identityArn: USER_ARN, alsoDeleted: [] });
    expect(stored.secretAccessKey).toBe(w.iam.secretOf(stored.accessKeyId));
    expect(w.iam.keyIds('dev-user')).toEqual([stored.accessKeyId]);
    const lines = events.map((e) => (e.payload as { message: string }).message);
    expect(events.every((e) => e.wire === 'event:rotation-progress' && (e.payload as { source: string }).source === 'dev')).toBe(true);
    expect(lines.some((l) => l.startsWith('Creating a new access key'))).toBe(true);
    expect(lines.some((l) => l.startsWith(`Storing ${stored.accessKeyId}`))).toBe(true);
    expect(lines.filter((l) => l.includes('not made the new key known'))).toHaveLength(2);
    expect(lines.some((l) => l.startsWith('Deleting the old key'))).toBe(true);
    const wire = JSON.stringify([events, r]);
    expect(wire).not.toContain(stored.secretAccessKey);
    expect(wire).not.toContain(w.keys.secretAccessKey);
  });

  it('with two keys: answers confirm-delete naming the other key and changes nothing, rotates once that key is confirmed', async () => {
    const { w, handlers, secrets } = await setUp();
    const made = await createKeyAs(w.iam, w.keys);
    const ask = await rotate(handlers, { source: 'dev' });
    expect(ask).toEqual({ status: 'confirm-delete', keyToDelete: { accessKeyId: made, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });
    expect(w.iam.keyIds('dev-user')).toEqual([w.keys.accessKeyId, made]);
    // naming another key is no confirmation
    expect(await rotate(handlers, { source: 'dev', deleteKeyId: 'AKIAIOSFODNN7OTHER01' })).toEqual(ask);
    expect(w.iam.keyIds('dev-user')).toEqual([w.keys.accessKeyId, made]);
    const done = await rotate(handlers, { source: 'dev', deleteKeyId: made });
    expect(done).toMatchObject({ status: 'rotated', alsoDeleted: [made] });
    expect(w.iam.keyIds('dev-user')).toEqual([(await secrets.getSource('dev'))!.accessKeyId]);
  });

  it('keychain failing after IAM made the key: the reply (only) carries the new key once; events and error text do not', async () => {
    const { w, handlers, events, secrets } = await setUp();
    const realSet = secrets.setRotationJournal.bind(secrets);
    let n = 0;
    secrets.setRotationJournal = async (name, j) => {
      if (++n === 2) throw new RolecallError('KeychainLocked', 'The keychain is locked.', { action: 'Unlock it.' });
      return realSet(name, j);
    };
    const r = await rotate(handlers, { source: 'dev' });
    if (r.status !== 'keychain-failed') throw new Error(`unexpected ${r.status}`);
    expect(r.unsavedKey.secretShownOnce).toBe(w.iam.secretOf(r.unsavedKey.accessKeyId));
    expect(Object.keys(r.error).sort()).toEqual(['action', 'code', 'message']);
    expect(r.error.code).toBe('RotationInterrupted');
    expect(JSON.stringify(r.error)).not.toContain(r.unsavedKey.secretShownOnce);
    expect(JSON.stringify(events)).not.toContain(r.unsavedKey.secretShownOnce);
    // the old key still works from the keychain, and the next rotation deletes the unsaved one
    expect((await secrets.getSource('dev'))?.accessKeyId).toBe(w.keys.accessKeyId);
    secrets.setRotationJournal = realSet;
    const next = await rotate(handlers, { source: 'dev' });
    expect(next).toMatchObject({ status: 'rotated', alsoDeleted: [r.unsavedKey.accessKeyId] });
    expect(JSON.stringify(next)).not.toContain(r.unsavedKey.secretShownOnce);
  });

  it('asks the MFA code through the core’s prompt (mfa-required) when IAM needs MFA, then rotates with that session', async () => {
    const { w, core, handlers, secrets } = await setUp({ mfa: true, iamRequiresMfa: true });
    const off = core.on((e) => {
      if (e.type === 'mfa-required') void core.submitMfaCode(e.request.mfaSerial, w.iam.totp(ROTATION_MFA_SERIAL));
    });
    try {
      const r = await rotate(handlers, { source: 'dev' });
      expect(r).toMatchObject({ status: 'rotated', identityArn: USER_ARN });
    } finally {
      off();
    }
    expect(w.iam.calls.find((c) => c.action === 'CreateAccessKey')).toMatchObject({ status: 200, accessKeyId: expect.stringMatching(/^ASIA/) });
    expect(await secrets.getMfaSession('dev')).toBeUndefined(); // made from the old key: dropped
  });

  it('refuses a second rotation of the same source while one runs (one new key, not two)', async () => {
    const { w, handlers } = await setUp();
    const hold = w.iam.holdAt('CreateAccessKey', 'before');
    const first = rotate(handlers, { source: 'dev' });
    await hold;
    const second = await dispatch(handlers, 'sources:rotate', { source: 'dev' });
    expect(second).toEqual({ ok: false, error: { code: 'InvalidInput', message: 'A rotation of “dev” is already running.', action: 'Wait for it to finish.' } });
    void first.catch(() => undefined);
  });

  it('sources:keyAges lists each keychain source’s key age, with no secret', async () => {
    // the core's clock is fixed: 120 days after the key was made, past the default 90
    const clock = new ManualClock(Date.parse('2030-01-01T00:00:00Z'));
    const created = new Date('2029-09-03T00:00:00Z');
    const { w, handlers } = await setUp({ keyCreateDate: created }, { clock });
    const r = await dispatch(handlers, 'sources:keyAges', null);
    expect(r).toEqual({ ok: true, value: [expect.objectContaining({ source: 'dev', accessKeyId: w.keys.accessKeyId, createdAt: created.toISOString(), ageDays: 120, old: true, rotationPending: false })] });
    expect(JSON.stringify(r)).not.toContain(w.keys.secretAccessKey);
  });
});

describe('sources:rotate refuses bad input before any handler runs', () => {
  const handlers = new Proxy({} as Handlers, {
    get: () => () => {
      throw new Error('a handler ran');
    },
  });
  const bad: Array<[string, unknown, RegExp]> = [
    ['no payload', null, /must be an object/],
    ['no source', {}, /source is required/],
    ['a number as source', { source: 7 }, /source must be a string/],
    ['a section-breaking name', { source: 'dev]\n[x' }, /source is not a usable profile name/],
    ['a lower-case key id', { source: 'dev', deleteKeyId: 'akiaiosfodnn7example' }, /deleteKeyId is not an access key id/],
    ['an MFA code field', { source: 'dev', mfaCode: '123456' }, /unexpected fields/],
    ['a prototype key', JSON.parse('{"source":"dev","__proto__":{"x":1}}') as unknown, /forbidden key/],
  ];
  it.each(bad)('%s', async (_what, payload, message) => {
    const r = await dispatch(handlers, 'sources:rotate', payload);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('InvalidInput');
      expect(r.error.message).toMatch(message);
    }
  });

  it('never echoes what was sent, whatever the string', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 20, maxLength: 60 }), async (s) => {
        const r = await dispatch(handlers, 'sources:rotate', { source: 'dev', deleteKeyId: `${s}!` });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.message).not.toContain(`${s}!`);
      }),
    );
  });

  it('keyAges takes no payload', async () => {
    const r = await dispatch(handlers, 'sources:keyAges', { all: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
  });
});
