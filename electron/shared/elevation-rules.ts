/**
 * The parts of workflow W4's rules (electron/core/sessions/elevation.ts) that the tray, the
 * notifications and the renderer must agree with the core on, in one place: which names look
 * privileged, where signing out falls back to, how long "Extend" adds, when the warning comes, and
 * the time boxes offered. Plain
 * TypeScript (no Node built-ins), so the renderer imports it too; the core re-exports it.
 */

/** The warning before a time-boxed elevation falls back (a notification with "Extend"). */
export const ELEVATION_WARNING_SECONDS = 120;
/** What "Extend" adds when the caller names no length. */
export const DEFAULT_EXTENSION_SECONDS = 15 * 60;

/** The time boxes the tray and the window offer ("Switch to admin for 15 min / 30 min / 1 h"). */
export const TIME_BOXES: ReadonlyArray<{ label: string; seconds: number }> = [
  { label: '15 min', seconds: 15 * 60 },
  { label: '30 min', seconds: 30 * 60 },
  { label: '1 h', seconds: 60 * 60 },
];

/** Words in a profile or role name that suggest elevated rights (a suggestion the user confirms). */
const PRIVILEGED = /admin|administrator|poweruser|power-user|superuser|root|owner|full-?access|break-?glass|write/iu;

/** Whether `profile` (or the role it assumes, e.g. `…:role/AdministratorAccess`) looks elevated. */
export function looksElevated(profile: string, roleArn?: string): boolean {
  const roleName = roleArn?.split('/').at(-1) ?? '';
  return PRIVILEGED.test(profile) || PRIVILEGED.test(roleName);
}

/** The baseline signing out of `session` falls back to, if any (Settings first, then its record). */
export function fallbackFor(session: { profile: string; target: string; baseline?: string | undefined }, settings: { baselines: Record<string, string> }): string | undefined {
  const baseline = settings.baselines[session.target] ?? session.baseline;
  return baseline === session.profile ? undefined : baseline;
}
