/**
 * A session's time left: fixed-width digits (no layout jump as "10 min" becomes "9 min") and a bar
 * that turns amber, then red, in the last minutes. Derived from `expiresAt` on the shared ticker;
 * it re-renders only when what it shows changes.
 */
import { memo } from 'react';
import { useTimeLeft } from '../lib/use-time-left';

export interface CountdownProps {
  expiresAt: string;
  /** The session's full length in ms, for the bar. */
  totalMs?: number | undefined;
  label: string;
}

export const Countdown = memo(function Countdown({ expiresAt, totalMs, label }: CountdownProps) {
  const left = useTimeLeft(expiresAt, totalMs);
  return (
    <div className="countdown-block" data-level={left.level}>
      <span className="countdown" role="timer" aria-label={`${label}: ${left.level === 'expired' ? 'expired' : `${left.text} left`}`}>
        {left.text}
      </span>
      <span className="bar" aria-hidden="true">
        <span className="bar__fill" style={{ width: `${left.percent}%` }} />
      </span>
    </div>
  );
});
