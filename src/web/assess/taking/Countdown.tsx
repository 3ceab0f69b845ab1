import { useEffect, useRef, useState } from 'react';

/** Where the server clock stood: `remaining` seconds at `at` (performance.now()). */
export interface ClockAnchor {
  remaining: number;
  at: number;
}

export const anchorNow = (remaining: number): ClockAnchor => ({ remaining, at: performance.now() });

/** Seconds left by the server's clock, ticking locally between re-syncs. */
export function useSecondsLeft(anchor: ClockAnchor): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(performance.now()), 500);
    return () => window.clearInterval(timer);
  }, []);
  return Math.max(0, Math.ceil(anchor.remaining - (Math.max(now, anchor.at) - anchor.at) / 1000));
}

export function clockText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = String(m).padStart(h ? 2 : 1, '0');
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

function spokenTime(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes >= 1) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  return `${seconds} seconds`;
}

const WARNINGS = [5 * 60, 60];

/**
 * The time left, shown always and announced only at the warnings (5 and 1 minutes), so a screen
 * reader is not interrupted every second.
 */
export function Countdown({ secondsLeft }: { secondsLeft: number }) {
  const [announcement, setAnnouncement] = useState('');
  const warned = useRef(new Set<number>());
  useEffect(() => {
    for (const w of WARNINGS) {
      if (secondsLeft <= w && secondsLeft > 0 && !warned.current.has(w)) {
        WARNINGS.filter((x) => x >= w).forEach((x) => warned.current.add(x));
        setAnnouncement(`${spokenTime(w)} left. The exam is submitted for you when the time is up.`);
      }
    }
  }, [secondsLeft]);
  const level = secondsLeft <= 60 ? 'critical' : secondsLeft <= 300 ? 'warning' : 'normal';
  return (
    <div className={`exam-clock exam-clock--${level}`}>
      <span className="exam-clock__label" id="exam-clock-label">
        Time left
      </span>{' '}
      <span className="exam-clock__time" role="timer" aria-labelledby="exam-clock-label" aria-live="off" aria-atomic="true">
        {clockText(secondsLeft)}
      </span>
      <span className="visually-hidden"> ({spokenTime(secondsLeft)})</span>
      <p className="exam-clock__warning" role="alert" aria-live="assertive">
        {announcement}
      </p>
    </div>
  );
}
