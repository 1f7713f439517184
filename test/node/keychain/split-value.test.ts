import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodedBytes, KEYCHAIN_LIMITS, MAX_VALUE_BYTES, nameFits, resolveKeychainLimits } from '../../../electron/core/keychain/platform-limits';
import { formatHeader, joinParts, partAccount, partOf, planEntries, readHeader, SplitRefusal } from '../../../electron/core/keychain/split-value';

const win = KEYCHAIN_LIMITS.win32;
const unbounded = KEYCHAIN_LIMITS['secret-service'];

/** Reassembles what planEntries wrote, as a reader would. */
function reread(entries: Array<{ account: string; value: string }>, account: string): string | undefined {
  const byName = new Map(entries.map((e) => [e.account, e.value]));
  const head = byName.get(account)!;
  const split = readHeader(head);
  if (!split) return head;
  if (!('header' in split)) return undefined;
  const parts = Array.from({ length: split.header.parts }, (_, i) => byName.get(partAccount(account, i + 1)) ?? null);
  const joined = joinParts(account, split.header, parts);
  return 'value' in joined ? joined.value : undefined;
}

describe('planEntries', () => {
  it('keeps a value that fits as one entry, exactly as given', () => {
    const value = JSON.stringify({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) });
    expect(planEntries(win, 'Rolecall', 'source:dev', value)).toEqual([{ account: 'source:dev', value }]);
    expect(planEntries(unbounded, 'Rolecall', 'source:dev', 'y'.repeat(60_000))).toHaveLength(1);
  });

  it('splits at the Windows limit: 1,280 UTF-16 code units fit, 1,281 do not', () => {
    expect(planEntries(win, 'Rolecall', 'a', 'x'.repeat(1_280))).toHaveLength(1);
    const split = planEntries(win, 'Rolecall', 'a', 'x'.repeat(1_281));
    expect(split.map((e) => e.account)).toEqual(['part:1:a', 'part:2:a', 'a']);
    expect(split.at(-1)!.value).toMatch(/^rolecall-split:1;parts=2;chars=1281;sha256=[0-9a-f]{64}$/);
  });

  it('round-trips any text: every entry within the limit, parts first, header last, never a lone surrogate', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 4_000 }), (value) => {
        const entries = planEntries(win, 'Rolecall', 'mfa-session:dev', value);
        for (const e of entries) {
          expect(encodedBytes(win, e.value)).toBeLessThanOrEqual(win.maxValueBytes);
          expect(Buffer.from(e.value, 'utf8').toString('utf8')).toBe(e.value); // survives a UTF-8 store
        }
        expect(entries.at(-1)!.account).toBe('mfa-session:dev');
        expect(entries.slice(0, -1).every((e) => partOf(e.account)?.account === 'mfa-session:dev')).toBe(true);
        expect(reread(entries, 'mfa-session:dev')).toBe(value);
      }),
      { numRuns: 100 },
    );
  });

  it('never stores a value that looks like a header as it is', () => {
    const lookalike = formatHeader({ parts: 1, chars: 1, sha256: '0'.repeat(64) });
    const entries = planEntries(unbounded, 'Rolecall', 'a', lookalike);
    expect(entries).toHaveLength(2);
    expect(reread(entries, 'a')).toBe(lookalike);
  });

  it('refuses a value over the 64 KiB ceiling, measured in UTF-8, without repeating it', () => {
    expect(planEntries(unbounded, 'Rolecall', 'a', 'x'.repeat(MAX_VALUE_BYTES))).toHaveLength(1);
    const refusal = (() => {
      try {
        planEntries(win, 'Rolecall', 'a', 'é'.repeat(MAX_VALUE_BYTES / 2 + 1));
      } catch (e) {
        return e;
      }
    })();
    expect(refusal).toBeInstanceOf(SplitRefusal);
    expect((refusal as SplitRefusal).reason).toBe('too-large');
    expect((refusal as SplitRefusal).message).toBe('a value of 65538 bytes is over the 65536-byte ceiling');
  });

  it('refuses names Windows Credential Manager would, for the header and for every part', () => {
    // comment "<a>@Rolecall:<a>.Rolecall (keyring v3.6.3)" ≤ 256 bytes → a ≤ 110 bytes
    expect(nameFits(win, 'Rolecall', 'a'.repeat(110))).toBe(true);
    expect(nameFits(win, 'Rolecall', 'a'.repeat(111))).toBe(false);
    expect(nameFits(unbounded, 'Rolecall', 'a'.repeat(10_000))).toBe(true);
    const account = `mfa-session:${'p'.repeat(95)}`; // fits alone (107 bytes), its parts do not
    expect(planEntries(win, 'Rolecall', account, '{}')).toHaveLength(1);
    expect(() => planEntries(win, 'Rolecall', account, 'x'.repeat(2_000))).toThrow(/too long for the win32 keychain/);
  });
});

describe('reading a split value back', () => {
  const entries = planEntries(win, 'Rolecall', 'a', 'v'.repeat(3_000));
  const header = (readHeader(entries.at(-1)!.value) as { header: { parts: number; chars: number; sha256: string } }).header;
  const parts = entries.slice(0, -1).map((e) => e.value);

  it('reports missing parts as incomplete, with counts', () => {
    expect(joinParts('a', header, [parts[0]!, null, parts[2]!])).toEqual({ problem: { kind: 'incomplete', account: 'a', partsExpected: 3, partsFound: 2 } });
  });

  it('reports parts that do not add up (an overwrite cut short) as corrupt, never as a value', () => {
    const other = planEntries(win, 'Rolecall', 'a', 'w'.repeat(3_000)).slice(0, -1).map((e) => e.value);
    expect(joinParts('a', header, [other[0]!, parts[1]!, parts[2]!])).toEqual({ problem: { kind: 'corrupt', account: 'a', partsExpected: 3, partsFound: 3 } });
    expect(joinParts('a', header, [parts[0]!, parts[1]!, parts[2]!.slice(1)])).toMatchObject({ problem: { kind: 'corrupt' } });
  });

  it('tells a newer or damaged header apart from a plain value', () => {
    expect(readHeader('{"accessKeyId":"x"}')).toBeUndefined();
    expect(readHeader('rolecall-split:2;parts=9')).toEqual({ problem: 'unsupported' });
    expect(readHeader('rolecall-split:1;parts=x')).toEqual({ problem: 'corrupt' });
  });
});

describe('resolveKeychainLimits', () => {
  it('uses the platform’s limits unless ROLECALL_KEYCHAIN_LIMITS=win32 asks for the Windows ones', () => {
    expect(resolveKeychainLimits({}, 'linux')).toEqual({ limits: unbounded, emulated: false });
    expect(resolveKeychainLimits({}, 'darwin').limits.backend).toBe('darwin');
    expect(resolveKeychainLimits({}, 'win32')).toEqual({ limits: win, emulated: false });
    expect(resolveKeychainLimits({ ROLECALL_KEYCHAIN_LIMITS: 'win32' }, 'linux')).toEqual({ limits: win, emulated: true });
    expect(resolveKeychainLimits({ ROLECALL_KEYCHAIN_LIMITS: 'win32' }, 'win32')).toEqual({ limits: win, emulated: false });
    expect(resolveKeychainLimits({ ROLECALL_KEYCHAIN_LIMITS: '' }, 'linux').emulated).toBe(false);
  });

  it('refuses a value it does not know instead of ignoring it', () => {
    expect(() => resolveKeychainLimits({ ROLECALL_KEYCHAIN_LIMITS: 'windows' }, 'linux')).toThrow('ROLECALL_KEYCHAIN_LIMITS is set to "windows", which Rolecall does not know');
  });
});
