import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import type { SavedAnswer } from './api';

export type SaveState =
  | { state: 'saving' }
  | { state: 'saved'; savedAt: string | null }
  | { state: 'retrying' }
  | { state: 'failed'; message: string };

interface Pending {
  optionIds: string[];
  seq: number;
  timer: number | null;
  tries: number;
}

/** Network failures and server hiccups are worth retrying; a 4xx is an answer and retrying changes nothing. */
const retryable = (error: unknown) => !(error instanceof ApiError) || error.status >= 500 || error.status === 408 || error.status === 429;
const backoff = (tries: number) => Math.min(10_000, 1000 * 2 ** Math.min(tries, 4));

/**
 * Saves answers to one attempt. Every choice gets the next sequence number; the server keeps the
 * highest, so saves may arrive in any order. A save that fails on the network is sent again with
 * the SAME seq (idempotent) until the server acknowledges it; "saved" is shown only then.
 */
export function useAnswerSaver(attemptId: string, lastSeq: number, hooks: { onClock: (remainingSeconds: number) => void; onClosed: (error: ApiError) => void }) {
  const seqRef = useRef(lastSeq);
  const pending = useRef(new Map<string, Pending>());
  const hooksRef = useRef(hooks);
  hooksRef.current = hooks;
  const [states, setStates] = useState<Record<string, SaveState>>({});
  const setState = useCallback((itemId: string, s: SaveState) => setStates((cur) => ({ ...cur, [itemId]: s })), []);

  const send = useCallback(
    async (itemId: string) => {
      const job = pending.current.get(itemId);
      if (!job) return;
      job.timer = null;
      const { seq, optionIds } = job;
      try {
        const saved = await api<SavedAnswer>('PUT', `/api/v1/exam-attempts/${encodeURIComponent(attemptId)}/answers`, { itemId, optionIds, seq });
        hooksRef.current.onClock(saved.remainingSeconds);
        if (pending.current.get(itemId)?.seq !== seq) return; // a newer choice is on its way
        pending.current.delete(itemId);
        if (saved.status === 'stale') setState(itemId, { state: 'failed', message: 'A newer answer to this question was saved from another window. Reload the page to see it.' });
        else setState(itemId, { state: 'saved', savedAt: saved.savedAt });
      } catch (error) {
        const current = pending.current.get(itemId);
        if (current?.seq !== seq) return;
        if (retryable(error)) {
          current.tries += 1;
          setState(itemId, { state: 'retrying' });
          current.timer = window.setTimeout(() => void send(itemId), backoff(current.tries));
          return;
        }
        pending.current.delete(itemId);
        setState(itemId, { state: 'failed', message: errorMessage(error) });
        if (error instanceof ApiError && (error.code === 'time_is_up' || error.code === 'attempt_submitted')) hooksRef.current.onClosed(error);
      }
    },
    [attemptId, setState],
  );

  const save = useCallback(
    (itemId: string, optionIds: string[]) => {
      const previous = pending.current.get(itemId);
      if (previous?.timer) window.clearTimeout(previous.timer);
      seqRef.current += 1;
      pending.current.set(itemId, { optionIds, seq: seqRef.current, timer: null, tries: 0 });
      setState(itemId, { state: 'saving' });
      void send(itemId);
    },
    [send, setState],
  );

  // Back online: send what is waiting at once instead of at the next back-off step.
  useEffect(() => {
    const retryNow = () => {
      for (const [itemId, job] of pending.current) {
        if (job.timer) {
          window.clearTimeout(job.timer);
          void send(itemId);
        }
      }
    };
    window.addEventListener('online', retryNow);
    return () => window.removeEventListener('online', retryNow);
  }, [send]);

  useEffect(() => {
    const jobs = pending.current;
    return () => {
      for (const job of jobs.values()) if (job.timer) window.clearTimeout(job.timer);
    };
  }, []);

  const unsaved = Object.entries(states).filter(([, s]) => s.state === 'saving' || s.state === 'retrying').map(([id]) => id);
  return { save, states, unsaved };
}
