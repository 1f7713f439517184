/**
 * The app's background key check (main/rotation-startup.ts): nothing before the keychain has
 * answered, once per healthy listing while due, never two at a time, quiet and retried when it fails
 * or misses its own deadline. Time is the manual timers', never the wall clock.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KEY_CHECK_INTERVAL_MS, KEY_CHECK_TIMEOUT_MS, RotationStartup } from '../../../electron/main/rotation-startup';
import { RolecallError } from '../../../electron/core/errors';
import type { KeyAge } from '../../../electron/core/rotation/key-age';
import { manualTimers } from './fakes';

const OLD: KeyAge = { source: 'dev', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', createdAt: '2029-01-01T00:00:00.000Z', ageDays: 365, old: true, rotationPending: false };
const HEALTHY = {};
const LOCKED = { keychainProblem: { code: 'KeychainTimeout', message: 'The keychain did not answer.' } };

function setUp() {
  const t = manualTimers();
  const calls: string[] = [];
  const notices: Array<[string, string]> = [];
  let resume: () => Promise<string[]> = async () => ['Finished an interrupted key rotation of "dev" (now AKIAIOSFODNN7NEWKEY1).'];
  let take: () => Promise<KeyAge[]> = async () => [OLD];
  const startup = new RotationStartup({
    core: {
      resumeRotations: () => (calls.push('resume'), resume()),
      takeKeyAgeNotices: () => (calls.push('take'), take()),
    },
    notice: (title, message) => notices.push([title, message]),
    now: t.now,
    timers: t.timers,
  });
  const settle = () => new Promise<void>((r) => setImmediate(r));
  return { t, calls, notices, startup, settle, setResume: (f: typeof resume) => (resume = f), setTake: (f: typeof take) => (take = f) };
}

describe('RotationStartup', () => {
  it('starts nothing until a listing in which the keychain answered', async () => {
    const { startup, calls, settle } = setUp();
    startup.afterListing(LOCKED);
    await settle();
    expect(calls).toEqual([]);
    startup.afterListing(HEALTHY);
    await settle();
    expect(calls).toEqual(['resume', 'take']);
  });

  it('tells the user about finished rotations and old keys, naming the UI action and the CLI command', async () => {
    const { startup, notices, settle } = setUp();
    startup.afterListing(HEALTHY);
    await settle();
    expect(notices).toEqual([
      ['Key rotation', 'Finished an interrupted key rotation of "dev" (now AKIAIOSFODNN7NEWKEY1).'],
      ['Old access key', 'The access key of “dev” (AKIAIOSFODNN7EXAMPLE) is 365 days old. Rotate it: Profiles › dev › Rotate keys…, or "rolecall rotate dev".'],
    ]);
  });

  it('never runs two checks at once, however many listings arrive', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20 }), async (listings) => {
        const { startup, calls, settle, setResume } = setUp();
        let release!: (v: string[]) => void;
        setResume(() => new Promise((r) => (release = r)));
        for (let i = 0; i < listings; i++) startup.afterListing(HEALTHY);
        expect(calls).toEqual(['resume']);
        release([]);
        await settle();
        expect(calls).toEqual(['resume', 'take']);
      }),
    );
  });

  it('a failed check says nothing and runs again at the next healthy listing', async () => {
    const { startup, calls, notices, settle, setTake } = setUp();
    setTake(() => Promise.reject(new RolecallError('KeychainTimeout', 'The keychain did not answer within 10 s.')));
    startup.afterListing(HEALTHY);
    await settle();
    expect(startup.isRunning()).toBe(false);
    setTake(async () => []);
    startup.afterListing(HEALTHY);
    await settle();
    expect(calls).toEqual(['resume', 'take', 'resume', 'take']);
    expect(notices.filter(([t]) => t === 'Old access key')).toEqual([]);
  });

  it('a check that hangs is given up at its own deadline, and a later listing starts a new one', async () => {
    const { t, startup, calls, settle, setResume } = setUp();
    setResume(() => new Promise(() => undefined));
    startup.afterListing(HEALTHY);
    await settle();
    expect(startup.isRunning()).toBe(true);
    expect(t.pending()).toEqual([KEY_CHECK_TIMEOUT_MS]);
    t.advance(KEY_CHECK_TIMEOUT_MS);
    await settle();
    expect(startup.isRunning()).toBe(false);
    startup.afterListing(HEALTHY);
    expect(calls).toEqual(['resume', 'resume']);
  });

  it('after a check that finished, the next one is due a day later (the weekly rule itself is the core’s)', async () => {
    const { t, startup, calls, settle } = setUp();
    startup.afterListing(HEALTHY);
    await settle();
    expect(t.pending()).toEqual([]); // its deadline was cleared
    t.advance(KEY_CHECK_INTERVAL_MS - 1);
    startup.afterListing(HEALTHY);
    await settle();
    expect(calls).toEqual(['resume', 'take']);
    t.advance(1);
    startup.afterListing(HEALTHY);
    await settle();
    expect(calls).toEqual(['resume', 'take', 'resume', 'take']);
  });
});
