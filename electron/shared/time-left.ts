/**
 * How long a session has left, in words, for the tray and the renderer alike, plus when that text
 * next changes. Counting down from `expiresAt` with `Math.floor` means a display never claims more
 * time than is left, and knowing the next change lets one timer serve every countdown (no
 * per-second work while minutes are shown).
 */

const MINUTE = 60_000;
const SECOND = 1000;

/** "2 h 05 min", "42 min", "42 s", or "expired". */
export function formatTimeLeft(ms: number): string {
  if (!(ms > 0)) return 'expired';
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Compact form for the macOS menu-bar title: "2h05m", "42m", "42s", or "expired". */
export function formatCompactTimeLeft(ms: number): string {
  if (!(ms > 0)) return 'expired';
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)}s`;
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * Milliseconds until the text for `ms` left changes: at the next minute boundary while minutes
 * are shown, at the next second in the last minute; undefined once expired (nothing left to count).
 */
export function msUntilTextChanges(ms: number): number | undefined {
  if (!(ms > 0)) return undefined;
  const unit = ms < MINUTE ? SECOND : MINUTE;
  return (ms % unit) + 1;
}
