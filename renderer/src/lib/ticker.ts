/**
 * The one clock of the renderer (style.md §7): every countdown on screen shares a single timer.
 *
 * Each subscriber says when its own display next changes (the next minute boundary while minutes
 * are shown, the next second in the last minute, the next step of its bar); the ticker sleeps
 * until the earliest of those, wakes everyone, and React re-renders only the countdowns whose
 * derived text actually changed. Fifty sessions showing minutes cost about one wake-up a minute,
 * not fifty intervals firing every second.
 */

export interface TickSubscriber {
  /** Called on every tick; the subscriber re-reads the time and decides whether it changed. */
  notify(): void;
  /** Milliseconds from `now` until this subscriber's display changes; undefined when it never will. */
  nextChangeIn(now: number): number | undefined;
}

/** Upper bound between ticks: a sleeping laptop or a throttled background window catches up soon. */
const MAX_SLEEP_MS = 60_000;
/** Lower bound, so a subscriber that miscounts cannot spin the CPU. */
const MIN_SLEEP_MS = 50;

const subscribers = new Set<TickSubscriber>();
let timer: ReturnType<typeof setTimeout> | undefined;
let ticks = 0;

function schedule(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  if (subscribers.size === 0) return;
  const now = Date.now();
  let sleep: number | undefined;
  for (const s of subscribers) {
    const next = s.nextChangeIn(now);
    if (next !== undefined && (sleep === undefined || next < sleep)) sleep = next;
  }
  // every countdown on screen has expired: nothing will change until one is replaced
  if (sleep === undefined) return;
  timer = setTimeout(tick, Math.min(MAX_SLEEP_MS, Math.max(MIN_SLEEP_MS, sleep)));
}

function tick(): void {
  timer = undefined;
  ticks++;
  for (const s of [...subscribers]) s.notify();
  schedule();
}

/** Adds a countdown to the shared clock; returns the unsubscribe function. */
export function subscribeTick(subscriber: TickSubscriber): () => void {
  subscribers.add(subscriber);
  schedule();
  return () => {
    subscribers.delete(subscriber);
    schedule();
  };
}

/** Diagnostics for tests and the benchmark: how many subscribers, whether a timer is pending, ticks so far. */
export function tickerStats(): { subscribers: number; timerPending: boolean; ticks: number } {
  return { subscribers: subscribers.size, timerPending: timer !== undefined, ticks };
}
