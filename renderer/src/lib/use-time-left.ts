/**
 * A live countdown derived from an absolute `expiresAt`, on the shared ticker.
 *
 * Derived, never decremented: the value is always "expiresAt − now", so a sleeping laptop, a
 * throttled window or a refreshed session can never leave a countdown drifting. The snapshot is
 * the displayed text, bar step and colour level; React compares it and skips the render when a
 * tick changed nothing this countdown shows.
 */
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { formatTimeLeft, msUntilTextChanges } from '../contract';
import { subscribeTick } from './ticker';

export type TimeLeftLevel = 'ok' | 'warn' | 'critical' | 'expired';

export interface TimeLeft {
  /** "2 h 05 min", "42 min", "42 s", "expired". */
  text: string;
  /** Share of the session left, in whole percent (0–100): the bar moves in visible steps only. */
  percent: number;
  level: TimeLeftLevel;
}

const MINUTE = 60_000;
/** The bar turns amber in the last ten minutes and red in the last two. */
export const WARN_MS = 10 * MINUTE;
export const CRITICAL_MS = 2 * MINUTE;

export function levelFor(ms: number): TimeLeftLevel {
  if (!(ms > 0)) return 'expired';
  if (ms <= CRITICAL_MS) return 'critical';
  if (ms <= WARN_MS) return 'warn';
  return 'ok';
}

function percentFor(ms: number, totalMs: number): number {
  if (!(ms > 0) || !(totalMs > 0)) return 0;
  return Math.min(100, Math.ceil((ms / totalMs) * 100));
}

/** Milliseconds until the bar drops a step (`percent` changes), for the ticker's sleep. */
function msUntilStep(ms: number, totalMs: number): number | undefined {
  if (!(ms > 0) || !(totalMs > 0)) return undefined;
  // above the full length the bar is pinned at 100 % until the time left drops to it
  if (ms > totalMs) return Math.ceil(ms - totalMs);
  const step = totalMs / 100;
  const percent = Math.ceil(ms / step);
  return Math.max(1, Math.ceil(ms - (percent - 1) * step));
}

/** The pure part of the hook: what `expiresAt` looks like at `now`. */
export function timeLeftAt(expiresAtMs: number, totalMs: number, now: number): TimeLeft {
  const ms = expiresAtMs - now;
  return { text: formatTimeLeft(ms), percent: percentFor(ms, totalMs), level: levelFor(ms) };
}

/**
 * @param expiresAt ISO-8601 expiry.
 * @param totalMs the session's full length, for the bar (defaults to one hour).
 */
export function useTimeLeft(expiresAt: string, totalMs: number = 60 * MINUTE): TimeLeft {
  const at = Date.parse(expiresAt);
  const cache = useRef<{ key: string; value: TimeLeft } | undefined>(undefined);

  const getSnapshot = useCallback((): TimeLeft => {
    const value = timeLeftAt(at, totalMs, Date.now());
    // the key is what the user sees: a tick that changes none of it returns the cached object
    const key = `${value.text}|${value.percent}|${value.level}`;
    if (cache.current?.key === key) return cache.current.value;
    cache.current = { key, value };
    return value;
  }, [at, totalMs]);

  const subscribe = useCallback(
    (onChange: () => void) =>
      subscribeTick({
        notify: onChange,
        nextChangeIn(now) {
          const ms = at - now;
          const text = msUntilTextChanges(ms);
          const bar = msUntilStep(ms, totalMs);
          if (text === undefined) return bar;
          return bar === undefined ? text : Math.min(text, bar);
        },
      }),
    [at, totalMs],
  );

  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
