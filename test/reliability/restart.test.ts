/**
 * Restarts: the app's core killed mid-session (SIGKILL, a real process on the real keychain) or
 * simply gone without signing out, then started again on the same folders. It must find its
 * sessions and keep refreshing them; sessions that expired meanwhile are removed or kept per the
 * setting, with a notice; a corrupt state file is set aside with a notice, never a crash.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../electron/core/doctor';
import { MemorySecretStore } from '../../electron/core/keychain/memory-store';
import type { SessionEvent } from '../../electron/core/sessions/types';
import { missing } from '../fixtures/components';
import { MFA_SERIAL, createWorld, type World } from '../fixtures/core-harness';
import { until } from './helpers';

const CHILD = join(__dirname, 'restart-child.ts');
const USER = '# mine\n[keep]\nregion = eu-west-1\n';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const targets = (text: string) => [...text.matchAll(/^\[([^\]]+)\]\n# rolecall:managed/gm)].map((m) => m[1]).sort();

describe.skipIf(missing('keyring'))('an app killed mid-session', () => {
  it('SIGKILLed with two sessions: the next start finds both, on the file and in the state, and keeps refreshing them', async () => {
    world = await createWorld({ credentials: USER });
    const w = world;
    const first = await w.core();
    await first.addSource({ name: 'dev', ...w.keys, mfaSerial: MFA_SERIAL });
    first.dispose();

    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, w.sts.totp(MFA_SERIAL)], { env: { ...process.env, ...w.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`app exited (${code}): ${err}`)));
    });
    const dead = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await dead;
    const onDisk = w.read('credentials');
    expect(targets(onDisk)).toEqual(['ro', 'work']);

    const core = await w.core();
    const events: SessionEvent[] = [];
    core.on((e) => events.push(e));
    expect(core.sessions().map((s) => [s.target, s.profile, s.status]).sort()).toEqual([
      ['ro', 'readonly', 'active'],
      ['work', 'admin', 'active'],
    ]);
    expect(core.startupNotices()).toEqual([]);
    expect(w.read('credentials')).toBe(onDisk);
    // the restarted scheduler refreshes both from the MFA session the killed app cached in the keychain
    await w.clock.advance(56 * 60_000);
    await until(() => events.filter((e) => e.type === 'session-refreshed').length === 2, 15_000, 'both refreshes');
    expect(core.pendingMfa()).toEqual([]);
    expect(w.read('credentials')).not.toBe(onDisk);
    expect(w.read('credentials').startsWith(USER)).toBe(true);
    await core.signOutAll();
  });
});

describe('starting again after the app went away', () => {
  async function twoSessions(removeExpired: boolean) {
    const store = new MemorySecretStore(); // the keychain outlives the app
    world = await createWorld({ secrets: store, credentials: USER });
    const core = await world.core();
    await core.updateSettings({ removeExpired });
    await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
    await core.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL) });
    await core.switchTo('readonly', { target: 'ro' });
    core.dispose(); // no sign-out: the sections stay for other tools
    return world;
  }

  it('still valid: both sessions restored as they were', async () => {
    const w = await twoSessions(true);
    const before = w.read('credentials');
    await w.clock.advance(10 * 60_000);
    const core = await w.core();
    expect(core.sessions().map((s) => s.target).sort()).toEqual(['ro', 'work']);
    expect(core.startupNotices()).toEqual([]);
    expect(w.read('credentials')).toBe(before);
  });

  it('expired meanwhile, removeExpired on: sections removed, sessions dropped, a notice says so', async () => {
    const w = await twoSessions(true);
    await w.clock.advance(61 * 60_000);
    const core = await w.core();
    expect(core.sessions()).toEqual([]);
    expect(core.startupNotices()).toEqual(['2 session(s) expired while Rolecall was not running and were removed from the credentials file.']);
    expect(w.read('credentials')).toBe(USER);
  });

  it('expired meanwhile, removeExpired off: sections kept, not restored, and doctor points at them', async () => {
    const w = await twoSessions(false);
    const before = w.read('credentials');
    await w.clock.advance(61 * 60_000);
    const core = await w.core();
    expect(core.sessions()).toEqual([]);
    expect(core.startupNotices()).toEqual(['2 session(s) expired while Rolecall was not running.']);
    expect(w.read('credentials')).toBe(before);
    const checks = await runDoctor({ env: {}, paths: core.paths, secrets: new MemorySecretStore(), settings: core.getSettings(), now: () => w.clock.now(), skipClock: true });
    expect(checks.filter((c) => c.id.startsWith('expired-section:')).map((c) => c.id).sort()).toEqual(['expired-section:ro', 'expired-section:work']);
  });

  it('a corrupt state file is set aside with a notice; the app starts on default settings and still holds its sessions (the markers record them)', async () => {
    const w = await twoSessions(true);
    const file = join(w.appDataDir, 'state.json');
    const garbage = '{"settings": {"defaultTarget": "work"}, "sessions": [ {"profile": "admin", "target": ';
    writeFileSync(file, garbage);
    const core = await w.core();
    const notices = core.startupNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^Rolecall's state file was not valid JSON, so it was moved to .*state\.json\.corrupt-.* Settings are back to their defaults\.$/);
    const aside = readdirSync(w.appDataDir).filter((f) => f.startsWith('state.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(w.appDataDir, aside[0]!), 'utf8')).toBe(garbage);
    expect(core.sessions().map((x) => [x.profile, x.target, x.heldBy]).sort()).toEqual([['admin', 'work', 'app'], ['readonly', 'ro', 'app']]);
    expect(core.getSettings().defaultTarget).toBe('default');
    // its own (still marked) section is Rolecall's: switching writes there again without a take-over
    const s = await core.switchTo('admin', { target: 'work' });
    expect(s.status).toBe('active');
    expect(targets(w.read('credentials'))).toEqual(['ro', 'work']);
  });
});
