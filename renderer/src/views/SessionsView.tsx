/**
 * Every active session as a card: whose identity, in which target profile, a live countdown with
 * its bar, and refresh / sign out. Console sign-in appears only when main says it can do it.
 * Cards are memoised on the session object; the countdowns share one timer.
 */
import { memo, useState } from 'react';
import type { ActiveSession, ErrorInfo } from '../contract';
import { consoleAction, consoleApi, refreshSession, signOutAll } from '../api/actions';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Countdown } from '../components/Countdown';
import { ErrorMessage } from '../components/ErrorMessage';
import { routeHref } from '../lib/router';
import { useStore } from '../lib/store';
import { cardStatesStore, sessionLength, sessionsStore, setCardState } from '../stores/sessions';
import { settingsStore } from '../stores/settings';
import { ElevatedBadge, FallbackCountdown, SignOutButtons, useFallback } from './SessionElevation';

const KIND: Record<ActiveSession['kind'], string> = {
  'session-token': 'MFA session (GetSessionToken)',
  'assumed-role-direct': 'Role (AssumeRole with your keys)',
  'assumed-role-chained': 'Role (chained, at most 1 h)',
};

const STATUS: Record<ActiveSession['status'], string> = {
  active: 'Active',
  refreshing: 'Refreshing…',
  'waiting-for-mfa': 'Waiting for an MFA code',
  error: 'Refresh failed',
};

export const SessionCard = memo(function SessionCard({ session, totalMs, console: withConsole }: { session: ActiveSession; totalMs: number | undefined; console: boolean }) {
  const state = useStore(cardStatesStore, (s) => s[session.target]);
  const busy = state?.status === 'busy' ? state.action : undefined;
  const titleId = `session-${session.target}`;
  const baseline = useFallback(session);
  return (
    <li className={`card${session.elevated ? ' card--elevated' : ''}`} data-target={session.target} data-elevated={session.elevated}>
      <div className="card__head">
        <h2 id={titleId} className="card__title">
          {session.target}
        </h2>
        <ElevatedBadge session={session} />
        <span className={`badge badge--${session.status}`}>{STATUS[session.status]}</span>
      </div>
      {session.fallsBackAt && <FallbackCountdown fallsBackAt={session.fallsBackAt} baseline={baseline} target={session.target} />}
      <Countdown expiresAt={session.expiresAt} totalMs={totalMs} label={`Time left in ${session.target}`} />
      <dl className="facts">
        <dt>Identity</dt>
        <dd className="mono identity">{session.identityArn}</dd>
        <dt>Profile</dt>
        <dd>
          {session.profile}
          {session.sourceProfile !== session.profile && <> (keys of {session.sourceProfile})</>}
        </dd>
        <dt>Kind</dt>
        <dd>{KIND[session.kind]}</dd>
        {session.region && (
          <>
            <dt>Region</dt>
            <dd>{session.region}</dd>
          </>
        )}
        <dt>Expires</dt>
        <dd>
          <time dateTime={session.expiresAt}>{new Date(session.expiresAt).toLocaleString()}</time>
        </dd>
      </dl>
      {session.notes.length > 0 && (
        <ul className="notes">
          {session.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {session.lastError && state?.status !== 'error' && <ErrorMessage error={session.lastError} />}
      {state?.status === 'error' && <ErrorMessage error={state.error} onDismiss={() => setCardState(session.target, undefined)} />}
      <div className="button-row">
        <button type="button" className="button button--primary" aria-label={`Refresh now (${session.target})`} disabled={busy !== undefined} onClick={() => void refreshSession(session.target)}>
          {busy === 'refresh' ? 'Refreshing…' : 'Refresh now'}
        </button>
        <SignOutButtons session={session} baseline={baseline} busy={busy} />
        {withConsole && session.kind !== 'session-token' && (
          <>
            <button type="button" className="button" disabled={busy !== undefined} onClick={() => void consoleAction('open', session)}>
              Open console
            </button>
            <button type="button" className="button button--quiet" disabled={busy !== undefined} onClick={() => void consoleAction('copyUrl', session)}>
              Copy console URL
            </button>
          </>
        )}
      </div>
    </li>
  );
});

export function SessionsView() {
  const state = useStore(sessionsStore);
  const consoleCapable = useStore(settingsStore, (s) => s.appInfo?.capabilities.console === true) && consoleApi() !== undefined;
  const [confirmAll, setConfirmAll] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();

  async function endAll(): Promise<void> {
    setConfirmAll(false);
    setError(await signOutAll());
  }

  return (
    <div className="view">
      <div className="view__head">
        <h1>Sessions</h1>
        {state.sessions.length > 0 && (
          <button type="button" className="button button--danger" onClick={() => setConfirmAll(true)}>
            Sign out of all
          </button>
        )}
      </div>
      {error && <ErrorMessage error={error} onDismiss={() => setError(undefined)} />}
      {state.sessions.length === 0 ? (
        <p className="empty">
          No active session. <a href={routeHref({ name: 'profiles' })}>Switch to a role</a> to start one.
        </p>
      ) : (
        <ul className="cards">
          {state.sessions.map((s) => (
            <SessionCard key={s.target} session={s} totalMs={sessionLength(state, s)} console={consoleCapable} />
          ))}
        </ul>
      )}
      {confirmAll && (
        <ConfirmDialog title="Sign out of every session?" confirmLabel="Sign out of all" danger onConfirm={() => void endAll()} onCancel={() => setConfirmAll(false)}>
          <p>Rolecall removes its sections from the credentials file and forgets cached MFA sessions; the next switch asks for a code again.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
