import { useEffect, useRef, useState } from 'react';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'stopped' | 'paused';

type Handlers = Record<string, (data: unknown, id: number | null) => void>;

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => typeof document === 'undefined' || document.visibilityState !== 'hidden');
  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return visible;
}

/**
 * Listens to a Server-Sent Events stream of the API while the component is mounted. The browser
 * reconnects by itself and sends Last-Event-ID, so the server resumes where the stream broke off.
 * A null url waits (for example until the first page of data has loaded).
 *
 * A tab in the background closes its streams: browsers allow only six connections to one server
 * over HTTP/1.1, and a few tabs each holding streams open would leave none for ordinary requests.
 * Coming back reconnects, and the server sends what happened meanwhile.
 */
export function useEventStream(url: string | null, handlers: Handlers): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const latest = useRef(handlers);
  latest.current = handlers;
  const events = Object.keys(handlers).sort().join(',');
  const visible = usePageVisible();

  useEffect(() => {
    if (!visible) {
      setState('paused');
      return undefined;
    }
    if (!url || typeof EventSource === 'undefined') return undefined;
    const source = new EventSource(url, { withCredentials: true });
    setState('connecting');
    source.onopen = () => setState('live');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'stopped' : 'reconnecting');
    const listeners = events.split(',').filter(Boolean).map((name) => {
      const listener = (e: MessageEvent<string>) => {
        let data: unknown = null;
        try {
          data = JSON.parse(e.data);
        } catch {
          return;
        }
        const id = e.lastEventId ? Number(e.lastEventId) : null;
        latest.current[name]?.(data, Number.isFinite(id) ? id : null);
      };
      source.addEventListener(name, listener as EventListener);
      return [name, listener] as const;
    });
    return () => {
      for (const [name, listener] of listeners) source.removeEventListener(name, listener as EventListener);
      source.close();
    };
  }, [url, events, visible]);

  return state;
}

/** The current time, updated every `everyMs` (for countdowns). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
