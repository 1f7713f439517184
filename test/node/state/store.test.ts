import { mkdtemp, readdir, readFile, stat, writeFile, mkdir, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RolecallError } from '../../../electron/core/errors';
import type { SessionRecord } from '../../../electron/core/sessions/types';
import { defaultState } from '../../../electron/core/state/schema';
import { createStateStore, type StoredSession } from '../../../electron/core/state/store';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'rolecall-state-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const session: StoredSession = {
  profile: 'admin',
  target: 'default',
  identityArn: 'arn:aws:sts::111111111111:assumed-role/Admin/alice',
  account: '111111111111',
  expiresAt: '2030-01-01T00:00:00.000Z',
  sourceProfile: 'alice',
  mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
  kind: 'assumed-role-direct',
  region: 'eu-west-1',
  refreshableWithoutCode: true,
};

// An older Rolecall's session list is still read (ledger.ts describes old markers with it): same shape.
const asRecord: SessionRecord = session;
const asStored: StoredSession = asRecord;
void asStored;

const FIXED = new Date('2026-03-04T05:06:07.089Z');
const store = (dir = join(root, 'app')) => createStateStore(dir, { now: () => FIXED });
const POSIX = process.platform !== 'win32';

describe('createStateStore', () => {
  it('loads defaults, without a notice, when there is no file yet', async () => {
    const { state, notice } = await store().load();
    expect(notice).toBeUndefined();
    expect(state).toEqual(defaultState());
    expect(state.settings).toEqual({
      defaultTarget: 'default',
      leadTimeSeconds: 300,
      removeExpired: true,
      sessionDurationSeconds: 43_200,
      roleDurationSeconds: 3600,
      notifications: true,
      startAtLogin: false,
      keyMaxAgeDays: 90,
      signOutAtQuit: false,
      roleTargets: {},
      elevatedProfiles: [],
      baselines: {},
    });
    expect(state.sessions).toEqual([]);
  });

  it('round-trips settings, and never writes a session list (the markers are the record)', async () => {
    const s = store();
    const state = defaultState();
    state.settings.leadTimeSeconds = 120;
    state.settings.roleTargets = { admin: 'work' };
    state.sessions.push(session);
    await s.save(state);
    expect((await s.load()).state).toEqual({ ...state, sessions: [] });
    const written = JSON.parse(await readFile(s.file, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ version: 1 });
    expect(Object.keys(written).sort()).toEqual(['keyAgeNotified', 'settings', 'version']);
  });

  it.runIf(POSIX)('writes the file 0600 in a 0700 directory, leaving no temp files', async () => {
    const s = store(join(root, 'a', 'b'));
    await s.save(defaultState());
    expect((await stat(s.file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(root, 'a', 'b'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(root, 'a', 'b'))).toEqual(['state.json']);
  });

  it.runIf(POSIX)('replaces a group-readable file with an owner-only one', async () => {
    const dir = join(root, 'app');
    await mkdir(dir);
    await writeFile(join(dir, 'state.json'), '{}', { mode: 0o644 });
    await chmod(join(dir, 'state.json'), 0o644);
    await store(dir).save(defaultState());
    expect((await stat(join(dir, 'state.json'))).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['not JSON', '{"settings": {', /not valid JSON/],
    ['the wrong type', '{"settings": {"leadTimeSeconds": "soon"}}', /invalid value at settings\.leadTimeSeconds/],
    ['out of range', '{"settings": {"leadTimeSeconds": 99999999}}', /settings\.leadTimeSeconds/],
    ['a bad session', '{"sessions": [{"profile": "admin"}]}', /sessions\.0/],
    ['a prototype key', '{"settings": {"roleTargets": {"__proto__": "x"}}}', /roleTargets/],
    ['an array', '[]', /the top level/],
  ])('a file with %s: load gives defaults and a notice and writes nothing; the next update sets it aside', async (_label, text, why) => {
    const dir = join(root, 'app');
    await mkdir(dir);
    await writeFile(join(dir, 'state.json'), text);
    const notices: string[] = [];
    const s = createStateStore(dir, { now: () => FIXED, onNotice: (n) => notices.push(n) });
    const { state, notice } = await s.load();
    expect(state).toEqual(defaultState());
    expect(notice).toMatch(why);
    expect(await readdir(dir)).toEqual(['state.json']);
    expect(await readFile(join(dir, 'state.json'), 'utf8')).toBe(text);
    await s.update((st) => st);
    const aside = join(dir, 'state.json.corrupt-2026-03-04T05-06-07-089Z');
    expect(notices.join()).toContain(aside);
    expect(await readFile(aside, 'utf8')).toBe(text);
    expect((await readdir(dir)).sort()).toEqual(['state.json', 'state.json.corrupt-2026-03-04T05-06-07-089Z']);
  });

  it('drops unknown fields and fills missing ones with defaults', async () => {
    const dir = join(root, 'app');
    await mkdir(dir);
    const { account: _a, kind: _k, refreshableWithoutCode: _r, ...old } = session;
    await writeFile(
      join(dir, 'state.json'),
      JSON.stringify({ future: 1, settings: { notifications: false, secretAccessKey: 'oops' }, sessions: [{ ...old, sessionToken: 'oops' }] }),
    );
    const s = store(dir);
    const { state, notice } = await s.load();
    expect(notice).toBeUndefined();
    expect(state.settings).toEqual({ ...defaultState().settings, notifications: false });
    // an older record: account derived from the ARN, the most careful kind, never a silent refresh
    expect(state.sessions).toEqual([{ ...old, account: '111111111111', kind: 'assumed-role-chained', refreshableWithoutCode: false }]);
    await s.save(state);
    expect(await readFile(s.file, 'utf8')).not.toMatch(/oops|future/);
  });

  it('update() applies changes on top of the file and serialises concurrent updates', async () => {
    const s = store();
    await Promise.all([
      s.update((st) => {
        st.settings.leadTimeSeconds = 60;
      }),
      s.update((st) => ({ ...st, settings: { ...st.settings, notifications: false } })),
      s.update(async (st) => ({ ...st, settings: { ...st.settings, roleTargets: { admin: 'work' } } })),
    ]);
    const { state } = await s.load();
    expect(state.settings.leadTimeSeconds).toBe(60);
    expect(state.settings.notifications).toBe(false);
    expect(state.settings.roleTargets).toEqual({ admin: 'work' });
  });

  it('update() on a corrupt file reports the notice and carries on from defaults', async () => {
    const notices: string[] = [];
    const dir = join(root, 'app');
    await mkdir(dir);
    await writeFile(join(dir, 'state.json'), 'garbage');
    const s = createStateStore(dir, { onNotice: (n) => notices.push(n), now: () => FIXED });
    const next = await s.update((st) => ({ ...st, settings: { ...st.settings, leadTimeSeconds: 90 } }));
    expect(next.settings.leadTimeSeconds).toBe(90);
    expect(notices).toHaveLength(1);
    expect((await s.load()).state.settings.leadTimeSeconds).toBe(90);
  });

  it('refuses to save an invalid state, and a failed update leaves the file as it was', async () => {
    const s = store();
    await s.save(defaultState());
    const before = await readFile(s.file, 'utf8');
    const bad = defaultState();
    bad.settings.leadTimeSeconds = -5;
    await expect(s.save(bad)).rejects.toMatchObject({ code: 'InvalidInput' });
    await expect(s.update((st) => ({ ...st, settings: { ...st.settings, defaultTarget: '' } }))).rejects.toBeInstanceOf(RolecallError);
    expect(await readFile(s.file, 'utf8')).toBe(before);
    // the queue is not poisoned by a failed update
    await s.update((st) => ({ ...st, settings: { ...st.settings, startAtLogin: true } }));
    expect((await s.load()).state.settings.startAtLogin).toBe(true);
  });

  it('reports a write failure as FileWriteFailed', async () => {
    const notADir = join(root, 'file');
    await writeFile(notADir, 'x');
    const err = await store(notADir).save(defaultState()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FileWriteFailed' });
    expect((err as Error).message).toContain(join(notADir, 'state.json'));
  });
});
