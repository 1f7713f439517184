/**
 * Benchmark page (not part of the app bundle; built by bench/renderer.ts with React's profiling
 * build): `?mode=shared` renders fifty session cards on the shared ticker, `?mode=naive` fifty
 * countdowns with a one-second interval each, every one inside a <Profiler>. The benchmark moves
 * the page clock and reads how many renders and timers each approach cost.
 */
import { Profiler, StrictMode, useEffect, useState, type ProfilerOnRenderCallback } from 'react';
import { createRoot } from 'react-dom/client';
import type { ActiveSession } from '../contract';
import { tickerStats } from '../lib/ticker';
import { timeLeftAt } from '../lib/use-time-left';
import { SessionCard } from '../views/SessionsView';
import '../styles/theme.css';
import '../styles/app.css';
import '../styles/rows.css';
import '../styles/forms.css';
import '../styles/feedback.css';

interface Counter {
  commits: Record<string, number>;
}

const shared: Counter = { commits: {} };
const naive: Counter = { commits: {} };
let naiveTimers = 0;

const record =
  (counter: Counter): ProfilerOnRenderCallback =>
  (id) => {
    // durations are not kept: the page clock (and so performance.now) is frozen during a run
    counter.commits[id] = (counter.commits[id] ?? 0) + 1;
  };

/** The approach the shared ticker replaces: a timer and a state update per countdown per second. */
function NaiveCountdown({ expiresAt }: { expiresAt: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    naiveTimers++;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      naiveTimers--;
      clearInterval(t);
    };
  }, []);
  const left = timeLeftAt(Date.parse(expiresAt), 3_600_000, now);
  return (
    <li className="card">
      <div className="countdown-block" data-level={left.level}>
        <span className="countdown" role="timer">
          {left.text}
        </span>
        <span className="bar" aria-hidden="true">
          <span className="bar__fill" style={{ width: `${left.percent}%` }} />
        </span>
      </div>
    </li>
  );
}

function sessionsFrom(count: number, start: number): ActiveSession[] {
  return Array.from({ length: count }, (_, i) => ({
    profile: `role-${i}`,
    target: `target-${i}`,
    identityArn: `arn:aws:sts::123456789012:assumed-role/Role${i}/rolecall`,
    account: '123456789012',
    // spread over the next hour; the first few reach their last minute during a run
    expiresAt: new Date(start + (i + 1) * 60_000 + 30_000).toISOString(),
    sourceProfile: 'dev',
    kind: 'assumed-role-direct',
    refreshableWithoutCode: true,
    heldBy: 'app' as const,
    elevated: false,
    status: 'active',
    notes: [],
  }));
}

function Bench({ sessions, mode }: { sessions: ActiveSession[]; mode: string }) {
  return (
    <main className="content">
      <ul className="cards">
        {mode === 'naive'
          ? sessions.map((s) => (
              <Profiler key={s.target} id={s.target} onRender={record(naive)}>
                <NaiveCountdown expiresAt={s.expiresAt} />
              </Profiler>
            ))
          : sessions.map((s) => (
              <Profiler key={s.target} id={s.target} onRender={record(shared)}>
                <SessionCard session={s} totalMs={3_600_000} console={false} />
              </Profiler>
            ))}
      </ul>
    </main>
  );
}

const params = new URLSearchParams(location.search);
const count = Number(params.get('count') ?? 50);
const mode = params.get('mode') ?? 'shared';
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Bench sessions={sessionsFrom(count, Date.now())} mode={mode} />
    </StrictMode>,
  );
}

Object.assign(window, {
  __bench: {
    reset() {
      shared.commits = {};
      naive.commits = {};
    },
    read() {
      const sum = (c: Counter) => Object.values(c.commits).reduce((a, b) => a + b, 0);
      return {
        shared: { commits: sum(shared), maxPerCard: Math.max(0, ...Object.values(shared.commits)), ...tickerStats() },
        naive: { commits: sum(naive), maxPerCard: Math.max(0, ...Object.values(naive.commits)), timers: naiveTimers },
      };
    },
  },
});
