/**
 * Benchmark page (not part of the app bundle; built by bench/renderer.ts with React's profiling
 * build): fifty session cards on the shared ticker, each inside a <Profiler>, next to fifty naive
 * countdowns with a one-second interval each. The benchmark moves the page clock and reads how
 * many renders and timers each approach cost.
 */
import { Profiler, StrictMode, useEffect, useState, type ProfilerOnRenderCallback } from 'react';
import { createRoot } from 'react-dom/client';
import { formatTimeLeft } from '../contract';
import type { ActiveSession } from '../contract';
import { tickerStats } from '../lib/ticker';
import { SessionCard } from '../views/SessionsView';
import '../styles/theme.css';
import '../styles/app.css';

interface Counter {
  commits: Record<string, number>;
  durationMs: number;
}

const shared: Counter = { commits: {}, durationMs: 0 };
const naive: Counter = { commits: {}, durationMs: 0 };
let naiveTimers = 0;

const record =
  (counter: Counter): ProfilerOnRenderCallback =>
  (id, _phase, actualDuration) => {
    counter.commits[id] = (counter.commits[id] ?? 0) + 1;
    counter.durationMs += actualDuration;
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
  return <span className="countdown">{formatTimeLeft(Date.parse(expiresAt) - now)}</span>;
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
    status: 'active',
    notes: [],
  }));
}

function Bench({ sessions }: { sessions: ActiveSession[] }) {
  return (
    <main className="content">
      <ul className="cards">
        {sessions.map((s) => (
          <Profiler key={s.target} id={s.target} onRender={record(shared)}>
            <SessionCard session={s} totalMs={3_600_000} console={false} />
          </Profiler>
        ))}
      </ul>
      <ul>
        {sessions.map((s) => (
          <li key={s.target}>
            <Profiler id={s.target} onRender={record(naive)}>
              <NaiveCountdown expiresAt={s.expiresAt} />
            </Profiler>
          </li>
        ))}
      </ul>
    </main>
  );
}

const count = Number(new URLSearchParams(location.search).get('count') ?? 50);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Bench sessions={sessionsFrom(count, Date.now())} />
    </StrictMode>,
  );
}

Object.assign(window, {
  __bench: {
    reset() {
      shared.commits = {};
      shared.durationMs = 0;
      naive.commits = {};
      naive.durationMs = 0;
    },
    read() {
      const sum = (c: Counter) => Object.values(c.commits).reduce((a, b) => a + b, 0);
      return {
        shared: { commits: sum(shared), maxPerCard: Math.max(0, ...Object.values(shared.commits)), renderMs: shared.durationMs, ...tickerStats() },
        naive: { commits: sum(naive), maxPerCard: Math.max(0, ...Object.values(naive.commits)), renderMs: naive.durationMs, timers: naiveTimers },
      };
    },
  },
});
