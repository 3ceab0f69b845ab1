import { useEffect, useRef, useState } from 'react';

const TICK_MS = 30_000;

/** A random tick id; crypto.randomUUID needs a secure context, getRandomValues does not. */
function tickId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Counts reading time while the tab is visible: every 30 s, and when the tab is hidden or the
 * reader leaves, the seconds since the last tick go to the server (at most 60 per tick; a retried
 * tick keeps its id, so it counts once). Returns the total the server reports.
 */
export function useHeartbeat(lessonKey: string, initialSeconds: number) {
  const [secondsSpent, setSecondsSpent] = useState(initialSeconds);
  const since = useRef<number | null>(null);

  useEffect(() => {
    const send = (keepalive: boolean) => {
      if (since.current === null) return;
      const now = Date.now();
      const seconds = Math.min(60, Math.floor((now - since.current) / 1000));
      if (seconds < 1) return;
      since.current = now;
      const body = JSON.stringify({ tickId: tickId(), seconds });
      const post = (attempt: number): Promise<void> =>
        fetch(`/api/v1/learn/lessons/${encodeURIComponent(lessonKey)}/heartbeat`, {
          method: 'POST',
          credentials: 'same-origin',
          keepalive,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body,
        })
          .then(async (r) => {
            if (r.ok) {
              const data = (await r.json()) as { secondsSpent: number };
              setSecondsSpent(data.secondsSpent);
            }
          })
          .catch(() => (attempt < 2 && !keepalive ? new Promise<void>((res) => window.setTimeout(res, 2000)).then(() => post(attempt + 1)) : undefined));
      void post(1);
    };
    const start = () => {
      since.current = document.visibilityState === 'visible' ? Date.now() : null;
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        send(true);
        since.current = null;
      } else start();
    };
    start();
    const interval = window.setInterval(() => {
      if (document.visibilityState === 'visible') send(false);
    }, TICK_MS);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.clearInterval(interval);
      document.removeEventListener('visibilitychange', onVisibility);
      send(true);
      since.current = null;
    };
  }, [lessonKey]);

  return secondsSpent;
}
