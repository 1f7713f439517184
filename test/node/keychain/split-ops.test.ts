/**
 * The worker's ops with values of any size, over the counting fake binding held to the Windows
 * limits (limited-binding.ts), so a part over 2,560 bytes fails here as it would on Windows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withLimits } from '../../../electron/core/keychain/limited-binding';
import { KEYCHAIN_LIMITS } from '../../../electron/core/keychain/platform-limits';
import { KeychainOps, runRequest, WorkerOpFailure } from '../../../electron/core/keychain/worker-ops';
import { createKeychainOps } from '../../../electron/core/keychain/worker-serve';
import { fakeBinding } from './fake-binding';

const win = KEYCHAIN_LIMITS.win32;
const S = 'Rolecall';
const small = JSON.stringify({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's'.repeat(40) });
const big = (n: number, c = 't') => JSON.stringify({ sessionToken: c.repeat(n) });

function setup(linux: boolean) {
  const fake = fakeBinding();
  const ops = new KeychainOps(withLimits(fake.binding, win), linux, win);
  const names = () => [...fake.stores['secret-service'].keys()].map((k) => k.slice(S.length + 1)).sort();
  return { ...fake, ops, names };
}

function failure(fn: () => unknown): WorkerOpFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof WorkerOpFailure) return e;
    throw e;
  }
  throw new Error('expected a WorkerOpFailure');
}

describe.each([true, false])('split values (linux=%s)', (linux) => {
  it('a value that fits costs what it always did: get = 1 read, set = 1 write (+ the Linux read-back, or elsewhere 1 read)', () => {
    const { ops, storeCalls } = setup(linux);
    ops.set(S, 'source:dev', small);
    expect(storeCalls()).toEqual(linux ? { reads: 0, writes: 1, deletes: 0, finds: 1 } : { reads: 1, writes: 1, deletes: 0, finds: 0 });
    const before = storeCalls();
    expect(ops.get(S, 'source:dev')).toBe(small);
    expect(storeCalls().reads - before.reads).toBe(1);
    expect(storeCalls().finds - before.finds).toBe(0);
    expect(storeCalls().writes - before.writes).toBe(0);
  });

  it('splits a 3,000-character session token across parts within 2,560 bytes each and reads it back whole', () => {
    const { ops, names } = setup(linux);
    const value = big(3_000);
    ops.set(S, 'mfa-session:dev', value);
    expect(names()).toEqual(['mfa-session:dev', 'part:1:mfa-session:dev', 'part:2:mfa-session:dev', 'part:3:mfa-session:dev']);
    expect(ops.get(S, 'mfa-session:dev')).toBe(value);
    expect(ops.list(S)).toEqual(['mfa-session:dev']);
  });

  it('shrinking removes the stale parts; growing back and deleting leave nothing behind', () => {
    const { ops, names } = setup(linux);
    ops.set(S, 'mfa-session:dev', big(6_000));
    expect(names()).toHaveLength(6);
    ops.set(S, 'mfa-session:dev', big(2_000));
    expect(names()).toEqual(['mfa-session:dev', 'part:1:mfa-session:dev', 'part:2:mfa-session:dev']);
    ops.set(S, 'mfa-session:dev', small);
    expect(names()).toEqual(['mfa-session:dev']);
    expect(ops.get(S, 'mfa-session:dev')).toBe(small);
    ops.set(S, 'mfa-session:dev', big(4_000));
    expect(ops.delete(S, 'mfa-session:dev')).toBe(true);
    expect(names()).toEqual([]);
    expect(ops.get(S, 'mfa-session:dev')).toBeNull();
  });

  it('a missing part reads as incomplete, a mixed set as corrupt: absent, never a truncated value', () => {
    const { ops, stores } = setup(linux);
    ops.set(S, 'mfa-session:dev', big(3_000, 'a'));
    const store = stores['secret-service'];
    const part2 = store.get(`${S}/part:2:mfa-session:dev`)!;
    store.delete(`${S}/part:2:mfa-session:dev`);
    expect(ops.get(S, 'mfa-session:dev')).toEqual({ problem: { kind: 'incomplete', account: 'mfa-session:dev', partsExpected: 3, partsFound: 2 } });
    store.set(`${S}/part:2:mfa-session:dev`, part2.replace('a', 'b'));
    expect(ops.get(S, 'mfa-session:dev')).toEqual({ problem: { kind: 'corrupt', account: 'mfa-session:dev', partsExpected: 3, partsFound: 3 } });
    ops.set(S, 'mfa-session:dev', big(3_000, 'c')); // the next write repairs it
    expect(ops.get(S, 'mfa-session:dev')).toBe(big(3_000, 'c'));
  });

  it('refuses an absurd value and a name Windows would refuse, before writing anything', () => {
    const { ops, names } = setup(linux);
    expect(failure(() => ops.set(S, 'mfa-session:dev', 'x'.repeat(70_000))).reason).toBe('too-large');
    expect(failure(() => ops.set(S, `source:${'n'.repeat(120)}`, small)).reason).toBe('name-too-long');
    expect(failure(() => ops.get(S, `source:${'n'.repeat(120)}`)).reason).toBe('name-too-long');
    expect(names()).toEqual([]);
  });
});

describe.each([true, false])('any sequence of writes and deletes (linux=%s)', (linux) => {
  it('reads back the last value and leaves exactly its entries: no stale part, ever', () => {
    const step = fc.oneof(fc.integer({ min: 0, max: 9_000 }).map((n) => ({ set: n })), fc.constant({ set: -1 }));
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const { ops, names } = setup(linux);
        let last: string | null = null;
        for (const [i, s] of steps.entries()) {
          if (s.set < 0) {
            expect(ops.delete(S, 'mfa-session:dev')).toBe(last !== null);
            last = null;
          } else {
            last = big(s.set, String.fromCharCode(97 + (i % 26)));
            ops.set(S, 'mfa-session:dev', last);
          }
          expect(ops.get(S, 'mfa-session:dev')).toBe(last);
          const parts = last === null || last.length <= 1_280 ? 0 : Math.ceil(last.length / 1_280);
          expect(names()).toHaveLength(last === null ? 0 : parts + 1);
          expect(ops.list(S)).toEqual(last === null ? [] : ['mfa-session:dev']);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('split values on Linux only', () => {
  it('parts whose header was never written (a first write cut short) read as orphaned, and are cleared by the next write', () => {
    const { ops, stores, names } = setup(true);
    ops.set(S, 'mfa-session:dev', big(3_000));
    stores['secret-service'].delete(`${S}/mfa-session:dev`);
    expect(ops.get(S, 'mfa-session:dev')).toEqual({ problem: { kind: 'orphaned', account: 'mfa-session:dev', partsFound: 3 } });
    ops.set(S, 'mfa-session:dev', small);
    expect(names()).toEqual(['mfa-session:dev']);
  });

  it('a set that did not land removes every entry it wrote', () => {
    const fake = fakeBinding({ ignorePin: true });
    const ops = new KeychainOps(withLimits(fake.binding, win), true, win);
    expect(failure(() => ops.set(S, 'mfa-session:dev', big(3_000))).reason).toBe('not-persisted');
    expect(fake.stores.keyutils.size).toBe(0);
  });
});

describe('the win32 emulation', () => {
  it('refuses what Windows refuses, with keyring-rs’s text', () => {
    const fake = fakeBinding();
    const limited = withLimits(fake.binding, win);
    expect(() => new limited.Entry(S, 'a').setPassword('x'.repeat(1_281))).toThrow("Attribute 'password encoded as UTF-16' is longer than platform limit of 2560 chars");
    expect(() => new limited.Entry(S, 'a'.repeat(111))).toThrow("Attribute 'comment' is longer than platform limit of 256 chars");
    expect(() => new limited.Entry(S, 'a'.repeat(600))).toThrow("Attribute 'user' is longer than platform limit of 513 chars");
    new limited.Entry(S, 'a').setPassword('x'.repeat(1_280));
  });

  it('is switched on by ROLECALL_KEYCHAIN_LIMITS=win32 and reports a value it does not know', () => {
    const fake = fakeBinding();
    const ops = createKeychainOps(fake.binding, { ROLECALL_KEYCHAIN_LIMITS: 'win32' }, 'linux');
    ops.set(S, 'mfa-session:dev', big(3_000));
    expect(fake.stores['secret-service'].size).toBe(4);
    const plain = fakeBinding();
    createKeychainOps(plain.binding, {}, 'linux').set(S, 'mfa-session:dev', big(3_000));
    expect(plain.stores['secret-service'].size).toBe(1);
    const reply = runRequest(() => createKeychainOps(fake.binding, { ROLECALL_KEYCHAIN_LIMITS: 'huge' }, 'linux'), { id: 1, op: 'list', service: S });
    expect(reply).toMatchObject({ ok: false, error: { reason: 'bad-limits' } });
  });
});
