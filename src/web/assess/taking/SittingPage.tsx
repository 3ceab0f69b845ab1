import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useState } from 'react';
import { api, get } from '../../api/client';
import { ErrorAlert, Notice } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { formatDateTime } from '../../ui/format';
import { useDocumentTitle } from '../../ui/hooks';
import { PageHeader } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import type { Attempt, ExamResult } from './api';
import { anchorNow, Countdown, useSecondsLeft, type ClockAnchor } from './Countdown';
import { Navigator } from './Navigator';
import { QuestionPanel } from './QuestionPanel';
import { SubmitDialog } from './SubmitDialog';
import { useAnswerSaver } from './useAnswerSaver';
import './exams.css';

const attemptKey = (id: string) => ['exams', 'attempt', id] as const;
const positionKey = (id: string) => `milewide-exam-position:${id}`;

function storedPosition(id: string): number | undefined {
  try {
    const n = Number(window.localStorage.getItem(positionKey(id)));
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

function Finished({ attempt }: { attempt: Attempt }) {
  return (
    <section className="card" aria-labelledby="finished-heading">
      <h2 id="finished-heading">{attempt.submitReason === 'time_up' ? 'Time is up: your exam was submitted' : 'This attempt is submitted'}</h2>
      <Notice kind="info" role="status">
        <p>
          {attempt.submitReason === 'time_up'
            ? `The time ran out, so the server submitted your attempt at ${formatDateTime(attempt.submittedAt)} with every answer saved before the deadline.`
            : `You submitted this attempt at ${formatDateTime(attempt.submittedAt)}.`}
        </p>
      </Notice>
      <div className="form__actions">
        <Link className="button button--primary" to="/exam-attempts/$attemptId/result" params={{ attemptId: attempt.id }}>
          See your result
        </Link>
        <Link className="button button--secondary" to="/exams">
          All exams
        </Link>
      </div>
    </section>
  );
}

function Sitting({ attempt, latest, position, onPosition, refetch }: { attempt: Attempt; latest: Attempt; position: number; onPosition: (p: number) => void; refetch: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [answers, setAnswers] = useState<Record<string, string[]>>(() => Object.fromEntries(attempt.items.map((i) => [i.itemId, i.answer?.optionIds ?? []])));
  const [flags, setFlags] = useState<Record<string, boolean>>(() => Object.fromEntries(attempt.items.map((i) => [i.itemId, i.flagged])));
  const [anchor, setAnchor] = useState<ClockAnchor>(() => anchorNow(attempt.remainingSeconds));
  const [confirming, setConfirming] = useState(false);
  const [moved, setMoved] = useState(false);
  const go = (p: number) => {
    setMoved(true);
    onPosition(p);
  };

  // Every fresh read of the attempt re-syncs the clock with the server's.
  useEffect(() => setAnchor(anchorNow(latest.remainingSeconds)), [latest]);
  const secondsLeft = useSecondsLeft(anchor);
  const timeUp = secondsLeft <= 0;
  const closed = latest.status === 'submitted';
  // At zero the server submits; ask until it has (our clock may run a moment ahead of its).
  useEffect(() => {
    if (!timeUp || closed) return;
    refetch();
    const timer = window.setInterval(refetch, 2000);
    return () => window.clearInterval(timer);
  }, [timeUp, closed, refetch]);

  const saver = useAnswerSaver(attempt.id, attempt.lastSeq, { onClock: (s) => setAnchor(anchorNow(s)), onClosed: () => refetch() });

  const flag = useMutation({
    mutationFn: (v: { itemId: string; flagged: boolean }) => api<{ flagged: boolean }>('PUT', `/api/v1/exam-attempts/${encodeURIComponent(attempt.id)}/flags`, v),
    onMutate: (v) => setFlags((cur) => ({ ...cur, [v.itemId]: v.flagged })),
    onError: (_e, v) => setFlags((cur) => ({ ...cur, [v.itemId]: !v.flagged })),
  });

  const submit = useMutation({
    mutationFn: () => api<ExamResult>('POST', `/api/v1/exam-attempts/${encodeURIComponent(attempt.id)}/submit`),
    onSuccess: (result) => {
      queryClient.setQueryData(['exams', 'result', attempt.id], result);
      void queryClient.invalidateQueries({ queryKey: ['exams'] });
      void navigate({ to: '/exam-attempts/$attemptId/result', params: { attemptId: attempt.id } });
    },
  });

  const items = attempt.items;
  const current = items[Math.min(Math.max(position, 1), items.length) - 1];
  const entries = items.map((i) => ({
    position: i.position,
    answered: (answers[i.itemId]?.length ?? 0) > 0,
    flagged: !!flags[i.itemId],
    unsaved: saver.unsaved.includes(i.itemId),
  }));
  const disabled = closed || timeUp;

  // Leaving with an answer not yet acknowledged asks first, so it is not lost.
  const unsavedCount = saver.unsaved.length;
  useEffect(() => {
    if (unsavedCount === 0) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsavedCount]);

  const choose = (optionIds: string[]) => {
    setAnswers((cur) => ({ ...cur, [current.itemId]: optionIds }));
    saver.save(current.itemId, optionIds);
  };

  return (
    <>
      <div className="exam-bar">
        <p className="exam-bar__title">
          Attempt {attempt.attemptNo} · {entries.filter((e) => e.answered).length} of {items.length} answered
        </p>
        <Countdown secondsLeft={closed ? 0 : secondsLeft} />
        {Object.values(saver.states).some((s) => s.state === 'retrying') ? <p className="exam-bar__offline small">Offline, retrying: answers are sent when the connection is back.</p> : null}
      </div>
      {closed ? <Finished attempt={latest} /> : null}
      {!closed && timeUp ? (
        <Notice kind="warning" role="status">
          <p>Time is up. The server is submitting your attempt with every answer saved before the deadline…</p>
        </Notice>
      ) : null}
      <ErrorAlert error={flag.error} title="The flag could not be saved." />
      {closed ? null : (
        <div className="exam-layout">
          <div className="exam-main">
            <QuestionPanel
              key={current.itemId}
              item={current}
              count={items.length}
              chosen={answers[current.itemId] ?? []}
              flagged={!!flags[current.itemId]}
              saveState={saver.states[current.itemId]}
              disabled={disabled}
              focusHeading={moved}
              onChoose={choose}
              onFlag={(f) => flag.mutate({ itemId: current.itemId, flagged: f })}
            />
            <div className="form__actions form__actions--split exam-steps">
              <Button variant="secondary" disabled={current.position <= 1} onClick={() => go(current.position - 1)}>
                ← Previous question
              </Button>
              {current.position < items.length ? (
                <Button variant="secondary" onClick={() => go(current.position + 1)}>
                  Next question →
                </Button>
              ) : null}
            </div>
          </div>
          <aside className="exam-side">
            <Navigator entries={entries} current={current.position} onGo={go} />
            <Button className="exam-submit" disabled={disabled} onClick={() => setConfirming(true)}>
              Finish and submit…
            </Button>
          </aside>
        </div>
      )}
      <SubmitDialog
        open={confirming && !closed}
        unanswered={entries.filter((e) => !e.answered).map((e) => e.position)}
        flagged={entries.filter((e) => e.flagged).map((e) => e.position)}
        unsavedCount={saver.unsaved.length}
        busy={submit.isPending}
        error={submit.error}
        onConfirm={() => submit.mutate()}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}

export function SittingPage({ attemptId, q }: { attemptId: string; q: number | undefined }) {
  const navigate = useNavigate();
  const query = useQuery({
    queryKey: attemptKey(attemptId),
    queryFn: () => get<Attempt>(`/api/v1/exam-attempts/${encodeURIComponent(attemptId)}`),
    refetchInterval: 30_000,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
  useDocumentTitle(query.data ? `${query.data.examTitle}: question ${q ?? storedPosition(attemptId) ?? 1}` : 'Exam');
  const position = q ?? storedPosition(attemptId) ?? 1;
  const onPosition = useCallback(
    (p: number) => {
      try {
        window.localStorage.setItem(positionKey(attemptId), String(p));
      } catch {
        // Private mode: the URL still keeps the position.
      }
      void navigate({ to: '/exam-attempts/$attemptId', params: { attemptId }, search: { q: p }, replace: true });
    },
    [attemptId, navigate],
  );
  const { refetch } = query;
  const resync = useCallback(() => void refetch(), [refetch]);
  // The first version read is the one the page keeps answers from; later reads only move the clock and status.
  const [first, setFirst] = useState<Attempt | null>(null);
  useEffect(() => {
    if (query.data && !first) setFirst(query.data);
  }, [query.data, first]);

  if (query.isPending) return <Loading label="Opening your exam…" />;
  if (query.error && !query.data) {
    return (
      <>
        <PageHeader title="Exam" />
        <ErrorAlert error={query.error} title="This exam attempt could not be opened." />
        <p>
          <Link to="/exams">Back to your exams</Link>
        </p>
      </>
    );
  }
  const initial = first ?? query.data;
  return (
    <>
      <PageHeader title={initial.examTitle} />
      {initial.status === 'submitted' ? <Finished attempt={query.data} /> : <Sitting key={initial.id} attempt={initial} latest={query.data} position={position} onPosition={onPosition} refetch={resync} />}
    </>
  );
}
