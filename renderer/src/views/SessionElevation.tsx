/**
 * A session card's part of workflow W4: the ELEVATED badge (a sign and a word, not colour alone),
 * "falls back to X in N min" for a time-boxed elevation with its Extend button, and the two ways
 * out — "Sign out (back to X)", which puts the target back on its baseline, and "Sign out
 * completely". The baseline shown is the one main falls back to (Settings first, then the session's).
 */
import { memo } from 'react';
import type { ActiveSession } from '../contract';
import { DEFAULT_EXTENSION_SECONDS, fallbackFor, formatTimeLeft } from '../contract';
import { extendElevation, signOut } from '../api/actions';
import { useStore } from '../lib/store';
import { useTimeLeft } from '../lib/use-time-left';
import { settingsStore } from '../stores/settings';

const EXTEND = `Extend ${formatTimeLeft(DEFAULT_EXTENSION_SECONDS * 1000)}`;
const NO_BASELINES: Record<string, string> = {};

/** Where signing out of `session` puts its target, read from the settings main uses too. */
export function useFallback(session: ActiveSession): string | undefined {
  const baselines = useStore(settingsStore, (s) => s.settings?.baselines) ?? NO_BASELINES;
  return fallbackFor(session, { baselines });
}

export function ElevatedBadge({ session }: { session: ActiveSession }) {
  if (!session.elevated) return null;
  return (
    <span className="badge badge--elevated" title="This session has elevated rights: sign out when you are done.">
      <span aria-hidden="true">⚠ </span>Elevated
    </span>
  );
}

/** "Falls back to me in 28 min" (or "Ends in 28 min" with no baseline), live on the shared ticker. */
export const FallbackCountdown = memo(function FallbackCountdown({ fallsBackAt, baseline, target }: { fallsBackAt: string; baseline: string | undefined; target: string }) {
  const left = useTimeLeft(fallsBackAt, DEFAULT_EXTENSION_SECONDS * 1000);
  const when = left.level === 'expired' ? 'now' : `in ${left.text}`;
  return (
    <p className="fallback" data-level={left.level} role="timer" aria-label={`${target}: ${baseline ? `falls back to ${baseline}` : 'ends'} ${when}`}>
      {baseline ? (
        <>
          Falls back to <strong>{baseline}</strong> {when}
        </>
      ) : (
        <>Ends {when}; the profile is emptied then</>
      )}
    </p>
  );
});

type Busy = 'refresh' | 'signOut' | 'signOutCompletely' | 'extend' | 'console' | undefined;

/** Extend (time-boxed only), Sign out (back to X), Sign out completely (only when there is a baseline). */
export function SignOutButtons({ session, baseline, busy }: { session: ActiveSession; baseline: string | undefined; busy: Busy }) {
  const t = session.target;
  return (
    <>
      {session.fallsBackAt !== undefined && (
        <button type="button" className="button" aria-label={`${EXTEND} (${t})`} disabled={busy !== undefined} onClick={() => void extendElevation(t)}>
          {busy === 'extend' ? 'Extending…' : EXTEND}
        </button>
      )}
      <button type="button" className="button" aria-label={baseline ? `Sign out of ${t}, back to ${baseline}` : `Sign out of ${t}`} disabled={busy !== undefined} onClick={() => void signOut(t)}>
        {busy === 'signOut' ? 'Signing out…' : baseline ? `Sign out (back to ${baseline})` : 'Sign out'}
      </button>
      {baseline && (
        <button type="button" className="button button--quiet" aria-label={`Sign out of ${t} completely`} disabled={busy !== undefined} onClick={() => void signOut(t, true)}>
          {busy === 'signOutCompletely' ? 'Signing out…' : 'Sign out completely'}
        </button>
      )}
    </>
  );
}
