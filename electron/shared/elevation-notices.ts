/**
 * The words of workflow W4's notifications (notifications.ts shows them): the warning before a
 * time-boxed elevation falls back, the fallback itself, and the outcome of a tray "Sign out".
 * Pure and shared: the window's notices after a sign-out say the same as the desktop's.
 */
import type { ErrorInfo } from '../core/errors';
import type { SessionEvent, SignOutResult } from '../core/sessions/types';
import { DEFAULT_EXTENSION_SECONDS } from './elevation-rules';
import { formatTimeLeft } from './time-left';

type Event<T extends SessionEvent['type']> = Extract<SessionEvent, { type: T }>;

export interface NoticeText {
  title: string;
  body: string;
}

const extendLabel = `Extend ${formatTimeLeft(DEFAULT_EXTENSION_SECONDS * 1000)}`;

/** "admin on default falls back to me in 2 min", with what "Extend" does. */
export function elevationEnding(e: Event<'elevation-ending'>): NoticeText {
  // the warning comes ELEVATION_WARNING_SECONDS before, give or take the moment it took to fire:
  // 119 s left is announced as "2 min", not as the "1 min" a countdown (which floors) would show
  const left = formatTimeLeft((e.secondsLeft >= 60 ? Math.ceil(e.secondsLeft / 60) * 60 : e.secondsLeft) * 1000);
  return {
    title: e.baseline !== undefined ? `${e.profile} on ${e.target} falls back to ${e.baseline} in ${left}` : `${e.profile} on ${e.target} ends in ${left}`,
    body: e.baseline !== undefined ? `Choose “${extendLabel}” to stay elevated longer.` : `Its credentials are then removed from the "${e.target}" profile. Choose “${extendLabel}” to keep them longer.`,
  };
}
elevationEnding.actionLabel = extendLabel;

/** Why a target is empty after its fallback failed: the baseline needs a code, or the error's own words. */
function emptyBecause(target: string, baseline: string, error: ErrorInfo): NoticeText {
  if (error.code === 'MfaRequired') return { title: `${target} is empty: ${baseline} needs an MFA code`, body: `Switch to ${baseline} and enter a code to use it again.` };
  return { title: `${target} is empty: ${baseline} could not be restored`, body: error.action ? `${error.message} ${error.action}` : error.message };
}

/** A time-boxed elevation ended: "default is back on me" (or why it is empty). */
export function fellBack(e: Event<'fell-back'>): NoticeText {
  if (e.baseline === undefined) return { title: `${e.profile} on ${e.target} ended`, body: `Its time was up; the "${e.target}" profile has no credentials now.` };
  if (e.error) return emptyBecause(e.target, e.baseline, e.error);
  return { title: `${e.target} is back on ${e.baseline}`, body: `${e.profile}'s time was up.${e.restored ? `\n${e.restored.identityArn}` : ''}` };
}

/** One notice per target a tray "Sign out" put back on its baseline (or left empty). */
export function signOutOutcomes(result: SignOutResult): NoticeText[] {
  return result.fallbacks.map((f) =>
    f.error ? emptyBecause(f.target, f.baseline, f.error) : { title: `${f.target} is back on ${f.baseline}`, body: `Signed out of ${f.from}.${f.restored ? `\n${f.restored.identityArn}` : ''}` },
  );
}
