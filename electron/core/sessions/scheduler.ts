/**
 * One scheduler for every session deadline (style.md §7): a single timer armed for the earliest
 * deadline, rather than an interval per session. Re-arming is cheap, so callers simply `set` and
 * `delete` keys as sessions change.
 *
 * It also knows which work its deadlines started and has not finished (a refresh's STS calls and
 * writes, an expiry's removal), so a quit — or a test that just moved a ManualClock — can wait for
 * exactly that work instead of guessing how long it takes.
 */
import type { Clock } from './clock';

export class DeadlineScheduler {
  private deadlines = new Map<string, { at: number; run: () => unknown }>();
  private running = new Set<Promise<unknown>>();
  private timer: unknown;
  private armedFor: number | undefined;

  constructor(private readonly clock: Clock) {}

  /**
   * Runs `run` at time `at` (epoch ms) under `key`, replacing any earlier deadline of that key.
   * A promise `run` returns counts as running work until it settles (see `idle`).
   */
  set(key: string, at: number, run: () => unknown): void {
    this.deadlines.set(key, { at, run });
    this.rearm();
  }

  delete(key: string): void {
    if (this.deadlines.delete(key)) this.rearm();
  }

  clear(): void {
    this.deadlines.clear();
    this.rearm();
  }

  /**
   * Resolves once no work started by a deadline is running, including work that finishes by
   * starting more (a refresh that fails and schedules its retry). Deadlines still in the future
   * are not waited for.
   */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** The next deadline, for display and tests. */
  next(): { key: string; at: number } | undefined {
    let best: { key: string; at: number } | undefined;
    for (const [key, d] of this.deadlines) if (!best || d.at < best.at) best = { key, at: d.at };
    return best;
  }

  private rearm(): void {
    const next = this.next();
    if (next?.at === this.armedFor && this.timer !== undefined) return;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.armedFor = undefined;
    if (!next) return;
    this.armedFor = next.at;
    this.timer = this.clock.setTimer(() => this.fire(), next.at - this.clock.now());
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = undefined;
    const now = this.clock.now();
    const due = [...this.deadlines].filter(([, d]) => d.at <= now).sort((a, b) => a[1].at - b[1].at);
    for (const [key] of due) this.deadlines.delete(key);
    for (const [, d] of due) this.track(d.run());
    this.rearm();
  }

  private track(result: unknown): void {
    if (!(result instanceof Promise)) return;
    const settled: Promise<unknown> = result.then(
      () => this.running.delete(settled),
      () => this.running.delete(settled),
    );
    this.running.add(settled);
  }
}
