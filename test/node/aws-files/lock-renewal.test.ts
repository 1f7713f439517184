/**
 * #13 low: a held lock renews its mtime, so an edit slower than the staleness window is never taken
 * over by a second writer; once released (or after its holder stops renewing) it can be taken.
 * Time is the ManualClock for both the renewal timers and the staleness decisions.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, lockPathFor } from '../../../electron/core/aws-files/file-lock';
import { ManualClock } from '../../../electron/core/sessions/clock';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rc-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('lock renewal', () => {
  it('a lock held three times longer than staleMs is still not stale to another writer', async () => {
    const clock = new ManualClock(new Date(Date.now()));
    const file = join(dir, 'credentials');
    const opts = { staleMs: 10_000, now: () => clock.now(), timers: clock };
    const held = await acquireLock(file, opts);
    for (let t = 0; t < 30_000; t += 2_000) {
      await clock.advance(2_000);
      await held.renewed();
      await expect(acquireLock(file, { ...opts, timeoutMs: 0 })).rejects.toMatchObject({ code: 'FileLocked' });
    }
    expect(Math.abs(statSync(lockPathFor(file)).mtimeMs - clock.now())).toBeLessThan(4_000);
    await held.release();
    const next = await acquireLock(file, { ...opts, timeoutMs: 0 });
    await next.release();
  });

  it('after release nothing renews: the timer is gone and the lock file too', async () => {
    const clock = new ManualClock(new Date(Date.now()));
    const file = join(dir, 'config');
    const held = await acquireLock(file, { staleMs: 9_000, now: () => clock.now(), timers: clock });
    await held.release();
    await clock.advance(60_000);
    expect(() => statSync(lockPathFor(file))).toThrow();
  });
});
