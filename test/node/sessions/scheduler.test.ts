import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/sessions/clock';
import { DeadlineScheduler } from '../../../electron/core/sessions/scheduler';

describe('DeadlineScheduler', () => {
  it('keeps one timer for all deadlines and fires them in order', async () => {
    const clock = new ManualClock(0);
    const s = new DeadlineScheduler(clock);
    const fired: string[] = [];
    s.set('b', 2000, () => fired.push('b'));
    s.set('a', 1000, () => fired.push('a'));
    s.set('c', 3000, () => fired.push('c'));
    expect(clock.pendingTimers()).toBe(1);
    expect(s.next()).toEqual({ key: 'a', at: 1000 });
    await clock.advance(2500);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.pendingTimers()).toBe(1);
    s.delete('c');
    await clock.advance(10_000);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('replaces a key’s deadline and fires overdue ones at once', async () => {
    const clock = new ManualClock(10_000);
    const s = new DeadlineScheduler(clock);
    const fired: number[] = [];
    s.set('x', 20_000, () => fired.push(1));
    s.set('x', 15_000, () => fired.push(2));
    s.set('late', 5_000, () => fired.push(3));
    await clock.advance(0);
    expect(fired).toEqual([3]);
    await clock.advance(6_000);
    expect(fired).toEqual([3, 2]);
  });

  it('idle() waits for the work its deadlines started, including work that schedules more and fails', async () => {
    const clock = new ManualClock(0);
    const s = new DeadlineScheduler(clock);
    const done: string[] = [];
    // a refresh that takes several turns, fails, and schedules an immediate retry that also takes turns
    const slow = async (label: string, turns: number) => {
      for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
      done.push(label);
    };
    s.set('refresh', 1000, async () => {
      await slow('first', 5);
      s.set('retry', clock.now(), () => slow('retry', 7));
      await clock.advance(0);
      throw new Error('refused');
    });
    s.set('later', 50_000, () => done.push('later'));
    await clock.advance(1000);
    expect(done).toEqual([]);
    await s.idle();
    expect(done).toEqual(['first', 'retry']);
    await s.idle(); // nothing running: resolves at once, and a future deadline is not waited for
    expect(done).toEqual(['first', 'retry']);
  });
});
