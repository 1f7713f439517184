/**
 * How long a session has left, in words, for the tray, notifications and the renderer alike, plus
 * when that text next changes (so one timer serves every countdown: no per-second work while
 * minutes are shown).
 *
 * Minutes count down with `Math.floor`, so "42 min" never claims a minute that is not there. The
 * last minute counts seconds rounded *up*: a countdown reads "1 s" for its final second and
 * "expired" exactly at expiry, never "0 s" while time remains (a "0 s" next to a live session, or
 * "Next code in 0 s", reads as a bug). The seconds phase starts once 59 s or less are left;
 * between 60 s and 59 s the text still says "1 min".
 */

const MINUTE = 60_000;
const SECOND = 1000;
/** The longest time left that is shown in seconds. */
const LAST_SECONDS = 59 * SECOND;

type Reading = { seconds: number } | { minutes: number } | 'expired';

function read(ms: number): Reading {
  if (!(ms > 0)) return 'expired';
  if (ms <= LAST_SECONDS) return { seconds: Math.ceil(ms / SECOND) };
  return { minutes: Math.max(1, Math.floor(ms / MINUTE)) };
}

/** "2 h 05 min", "42 min", "42 s", or "expired". */
export function formatTimeLeft(ms: number): string {
  const r = read(ms);
  if (r === 'expired') return 'expired';
  if ('seconds' in r) return `${r.seconds} s`;
  if (r.minutes < 60) return `${r.minutes} min`;
  return `${Math.floor(r.minutes / 60)} h ${String(r.minutes % 60).padStart(2, '0')} min`;
}

/** Compact form for the macOS menu-bar title: "2h05m", "42m", "42s", or "expired". */
export function formatCompactTimeLeft(ms: number): string {
  const r = read(ms);
  if (r === 'expired') return 'expired';
  if ('seconds' in r) return `${r.seconds}s`;
  if (r.minutes < 60) return `${r.minutes}m`;
  return `${Math.floor(r.minutes / 60)}h${String(r.minutes % 60).padStart(2, '0')}m`;
}

/**
 * Milliseconds until the text for `ms` left changes — exactly: at `ms − result` the text differs,
 * at `ms − result + 1` it does not. Undefined once expired (nothing left to count).
 */
export function msUntilTextChanges(ms: number): number | undefined {
  const r = read(ms);
  if (r === 'expired') return undefined;
  // "N s" lasts while (N−1) s < left ≤ N s
  if ('seconds' in r) return ms - (r.seconds - 1) * SECOND;
  // "1 min" lasts until the seconds phase begins
  if (r.minutes === 1) return ms - LAST_SECONDS;
  return (ms % MINUTE) + 1;
}
