/** The live sessions, on top of the Profiles view: what is in which target and for how long. */
import { memo } from 'react';
import type { ActiveSession } from '../../contract';
import { Countdown } from '../../components/Countdown';
import { useStore } from '../../lib/store';
import { routeHref } from '../../lib/router';
import { sessionLength, sessionsStore } from '../../stores/sessions';

const ActiveItem = memo(function ActiveItem({ session, totalMs }: { session: ActiveSession; totalMs: number | undefined }) {
  return (
    <li className="active-item" data-target={session.target}>
      <span className="active-item__what">
        <strong>{session.target}</strong> ← {session.profile}
      </span>
      <Countdown expiresAt={session.expiresAt} totalMs={totalMs} label={`Time left in ${session.target}`} />
    </li>
  );
});

export function ActiveStrip() {
  const state = useStore(sessionsStore);
  if (state.sessions.length === 0) return null;
  return (
    <section className="panel active-strip" aria-labelledby="active-title">
      <div className="panel__head">
        <h2 id="active-title">Active sessions</h2>
        <a href={routeHref({ name: 'sessions' })}>Manage sessions</a>
      </div>
      <ul className="active-list">
        {state.sessions.map((s) => (
          <ActiveItem key={s.target} session={s} totalMs={sessionLength(state, s)} />
        ))}
      </ul>
    </section>
  );
}
