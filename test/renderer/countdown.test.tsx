import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { Countdown } from '../../renderer/src/components/Countdown';
import { tickerStats } from '../../renderer/src/lib/ticker';
import { timeLeftAt, useTimeLeft } from '../../renderer/src/lib/use-time-left';
import { resetStores } from './helpers';

const T0 = new Date('2030-01-01T12:00:00Z').getTime();
const iso = (ms: number) => new Date(ms).toISOString();
const advance = (ms: number) =>
  act(async () => {
    vi.advanceTimersByTime(ms);
  });

function Probe({ expiresAt, totalMs, onRender }: { expiresAt: string; totalMs?: number; onRender(): void }) {
  const left = useTimeLeft(expiresAt, totalMs);
  onRender();
  return (
    <span data-testid="probe" data-level={left.level} data-percent={left.percent}>
      {left.text}
    </span>
  );
}

describe('useTimeLeft (one shared ticker)', () => {
  beforeEach(() => {
    resetStores();
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    resetStores();
    vi.useRealTimers();
  });

  it('derives the text from expiresAt and renders only when it changes', async () => {
    const renders = vi.fn();
    render(<Probe expiresAt={iso(T0 + 3 * 60_000 + 30_000)} totalMs={3_600_000} onRender={renders} />);
    const probe = () => screen.getByTestId('probe');
    expect(probe().textContent).toBe('3 min');
    const initial = renders.mock.calls.length;
    await advance(20_000); // 3:10 left: same text
    expect(probe().textContent).toBe('3 min');
    expect(renders.mock.calls.length).toBe(initial);
    await advance(15_000); // 2:55 left
    expect(probe().textContent).toBe('2 min');
    expect(probe().dataset.level).toBe('warn');
    await advance(56_000); // 1:59 left: red from two minutes
    expect(probe().dataset.level).toBe('critical');
    await advance(60_000); // 59 s: seconds now
    expect(probe().textContent).toBe('59 s');
    await advance(1000);
    expect(probe().textContent).toBe('58 s');
    await advance(60_000);
    expect(probe().textContent).toBe('expired');
    expect(probe().dataset.level).toBe('expired');
    // expired: nothing left to count, so no timer stays behind
    expect(tickerStats().timerPending).toBe(false);
  });

  it('serves fifty countdowns with one timer and re-renders only the ones whose display changed', async () => {
    const commits = new Map<string, number>();
    const expiries = Array.from({ length: 50 }, (_, i) => iso(T0 + (i + 5) * 60_000 + 30_000));
    const { container } = render(
      <>
        {expiries.map((e, i) => (
          <Profiler key={e} id={`c${i}`} onRender={(id) => commits.set(id, (commits.get(id) ?? 0) + 1)}>
            <Countdown expiresAt={e} totalMs={3 * 3_600_000} label={`session ${i}`} />
          </Profiler>
        ))}
      </>,
    );
    const shown = () =>
      [...container.querySelectorAll<HTMLElement>('.countdown-block')].map((b) => `${b.textContent}|${b.dataset.level}|${(b.querySelector('.bar__fill') as HTMLElement).style.width}`);
    expect(vi.getTimerCount()).toBe(1);
    expect(tickerStats().subscribers).toBe(50);
    let before = shown();
    let totalCommits = 0;
    for (let step = 0; step < 24; step++) {
      commits.clear();
      await advance(5000);
      const after = shown();
      const changed = after.map((v, i) => (v !== before[i] ? `c${i}` : '')).filter(Boolean);
      // exactly the countdowns whose text, colour or bar step changed rendered, each once
      expect([...commits.keys()].sort()).toEqual(changed.sort());
      expect(Math.max(0, ...commits.values())).toBeLessThanOrEqual(1);
      totalCommits += commits.size;
      before = after;
      expect(vi.getTimerCount()).toBe(1);
    }
    // two minutes of fifty countdowns: a timer per countdown per second would be 6000 renders
    expect(totalCommits).toBeLessThan(300);
    expect(tickerStats().ticks).toBeLessThan(120);
  });

  it('steps the bar in whole percent and turns amber in the last ten minutes', () => {
    expect(timeLeftAt(T0 + 30 * 60_000, 3_600_000, T0)).toEqual({ text: '30 min', percent: 50, level: 'ok' });
    expect(timeLeftAt(T0 + 10 * 60_000, 3_600_000, T0).level).toBe('warn');
    expect(timeLeftAt(T0 + 2 * 3_600_000, 3_600_000, T0).percent).toBe(100);
    expect(timeLeftAt(T0 - 1, 3_600_000, T0)).toEqual({ text: 'expired', percent: 0, level: 'expired' });
  });

  it('restarts from the new expiry when a session is refreshed', async () => {
    const { rerender } = render(<Countdown expiresAt={iso(T0 + 90_000)} label="admin" />);
    expect(screen.getByRole('timer').textContent).toBe('1 min');
    rerender(<Countdown expiresAt={iso(T0 + 3_600_000)} label="admin" />);
    expect(screen.getByRole('timer').textContent).toBe('1 h 00 min');
    expect(screen.getByRole('timer').getAttribute('aria-label')).toBe('admin: 1 h 00 min left');
    await advance(60_000);
    expect(screen.getByRole('timer').textContent).toBe('59 min');
  });
});
