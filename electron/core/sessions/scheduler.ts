/**
 * One scheduler for every session deadline (style.md §7): a single timer armed for the earliest
 * deadline, rather than an interval per session. Re-arming is cheap, so callers simply `set` and
 * `delete` keys as sessions change.
 */
import type { Clock } from './clock';

export class DeadlineScheduler {
  private deadlines = new Map<string, { at: number; run: () => void }>();
  private timer: unknown;
  private armedFor: number | undefined;

  constructor(private readonly clock: Clock) {}

  /** Runs `run` at time `at` (epoch ms) under `key`, replacing any earlier deadline of that key. */
  set(key: string, at: number, run: () => void): void {
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
    for (const [, d] of due) d.run();
    this.rearm();
  }
}
