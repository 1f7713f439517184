/**
 * Workflow W4, "read-only by default, escalate only when needed": the rules of baselines and
 * elevation, in one place for the manager, the CLI and the UI.
 *
 * - A session is **elevated** when its profile is marked so in Settings, or when it was switched
 *   time-boxed (`switch admin --for 30m`). Names that look privileged are only *suggested*: marking
 *   is the user's decision, never made silently.
 * - A target's **baseline** is the session signing out falls back to: the one chosen for the target
 *   in Settings, else the session the target held before something else was switched onto it (the
 *   first since it was last empty — an elevated session is never a baseline). Switching the baseline
 *   itself onto the target ends the chain: signing out of the baseline empties the target, as before.
 */
import { RolecallError } from '../errors';
import type { ManagerSettings } from './manager-deps';
import type { SessionRecord } from './types';

/** Time-boxed elevations last at least this long… */
export const MIN_ELEVATION_SECONDS = 60;
/** …and at most this long (a working day); longer is not a time box. */
export const MAX_ELEVATION_SECONDS = 12 * 3600;
/** Shared with the tray and the renderer: one home in electron/shared/elevation-rules.ts. */
export { DEFAULT_EXTENSION_SECONDS, ELEVATION_WARNING_SECONDS, fallbackFor, looksElevated } from '../../shared/elevation-rules';

type ElevationSettings = Pick<ManagerSettings, 'elevatedProfiles' | 'baselines'>;

export function isElevated(session: Pick<SessionRecord, 'profile' | 'fallsBackAt'>, settings: ElevationSettings): boolean {
  return session.fallsBackAt !== undefined || settings.elevatedProfiles.includes(session.profile);
}

/**
 * The baseline a session of `next` gets when it is switched onto `target`, which holds `current`
 * (undefined: empty). A re-switch of the same profile keeps what its session had.
 */
export function baselineAfter(target: string, current: Pick<SessionRecord, 'profile' | 'baseline' | 'fallsBackAt'> | undefined, next: string, settings: ElevationSettings): string | undefined {
  const chosen = settings.baselines[target];
  const inherited = chosen ?? (current === undefined ? undefined : current.profile === next ? current.baseline : (current.baseline ?? (isElevated(current, settings) ? undefined : current.profile)));
  return inherited === next ? undefined : inherited;
}

/** A baseline is where elevation ends: a profile marked elevated cannot be one (Settings refuses it). */
export function assertBaselinesNotElevated(settings: ElevationSettings): void {
  for (const [target, profile] of Object.entries(settings.baselines)) {
    if (settings.elevatedProfiles.includes(profile)) {
      throw new RolecallError('InvalidInput', `${profile} is marked elevated, so it cannot be the baseline of "${target}".`, {
        action: `Choose a read-only profile as the baseline, or unmark ${profile} as elevated first.`,
      });
    }
  }
}

/**
 * Parses an elevation length: `30m`, `1h`, `1h30m`, `90s`, or bare minutes (`45`). Undefined when
 * it is not one (the caller says what is allowed).
 */
export function parseElevationLength(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d{1,4}$/u.test(t)) return Number(t) * 60;
  const m = /^(?:(\d{1,3})h)?(?:(\d{1,4})m)?(?:(\d{1,5})s)?$/u.exec(t);
  if (m === null || t === '') return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
