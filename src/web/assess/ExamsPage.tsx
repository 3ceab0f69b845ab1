import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ErrorAlert } from '../ui/Alert';
import { formatDateTime } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { bestAttempt, examQuery, whyNot, minutesLabel, myAttemptsQuery, publishedExamsQuery, type AttemptSummary, type Exam } from './taking/api';
import './taking/exams.css';

function Standing({ exam, attempts }: { exam: Exam; attempts: AttemptSummary[] }) {
  const c = exam.candidate;
  if (!c) return <p className="muted small">Checking whether you can start…</p>;
  if (c.openAttemptId) {
    return (
      <p className="exam-standing exam-standing--open">
        <span aria-hidden="true">● </span>You have an attempt in progress; its clock is running.
      </p>
    );
  }
  if (c.canStart) {
    return (
      <p className="exam-standing exam-standing--ready">
        <span aria-hidden="true">✓ </span>You can start this exam{attempts.length ? ' again' : ''}.
      </p>
    );
  }
  return (
    <p className="exam-standing exam-standing--blocked">
      <span className="exam-standing__label">Not open to you yet: </span>
      {whyNot(exam, formatDateTime)}
    </p>
  );
}

function ExamCard({ exam, attempts }: { exam: Exam; attempts: AttemptSummary[] }) {
  const headingId = `exam-${exam.id}`;
  const best = bestAttempt(attempts);
  const c = exam.candidate;
  const submitted = attempts.filter((a) => a.status === 'submitted').length;
  return (
    <li>
      <article className="card exam-card" aria-labelledby={headingId}>
        <h2 id={headingId} className="tile__title">
          <Link to="/exams/$examId" params={{ examId: exam.id }}>
            {exam.title}
          </Link>
        </h2>
        <ul className="exam-facts">
          <li>{exam.itemCount} questions</li>
          <li>{minutesLabel(exam.timeLimitMinutes)}</li>
          <li>Pass mark {exam.cutScorePercent}%</li>
          <li>
            {exam.attemptLimit === null
              ? `${submitted} ${submitted === 1 ? 'attempt' : 'attempts'} so far`
              : `${c?.attemptsUsed ?? submitted} of ${exam.attemptLimit} attempts used`}
          </li>
        </ul>
        <Standing exam={exam} attempts={attempts} />
        {best ? (
          <p>
            Your best result: <strong>{best.scorePercent}%</strong>{' '}
            {best.passed ? (
              <span className="badge badge--passed">Passed</span>
            ) : (
              <span className="badge badge--failed">Not passed</span>
            )}{' '}
            <Link to="/exam-attempts/$attemptId/result" params={{ attemptId: best.id }}>
              See the result of attempt {best.attemptNo}
            </Link>
          </p>
        ) : null}
        <div className="form__actions">
          {c?.openAttemptId ? (
            <Link className="button button--primary" to="/exam-attempts/$attemptId" params={{ attemptId: c.openAttemptId }}>
              Resume {exam.title}
            </Link>
          ) : (
            <Link className={c?.canStart ? 'button button--primary' : 'button button--secondary'} to="/exams/$examId" params={{ examId: exam.id }}>
              {c?.canStart ? `Rules and start: ${exam.title}` : `Details: ${exam.title}`}
            </Link>
          )}
        </div>
      </article>
    </li>
  );
}

export function ExamsPage() {
  useDocumentTitle('Exams');
  const list = useQuery(publishedExamsQuery);
  const mine = useQuery(myAttemptsQuery);
  const details = useQueries({ queries: (list.data?.items ?? []).map((e) => examQuery(e.id)) });
  const byExam = new Map<string, AttemptSummary[]>();
  for (const a of mine.data?.items ?? []) byExam.set(a.examId, [...(byExam.get(a.examId) ?? []), a]);
  const exams = (list.data?.items ?? []).map((e, i) => details[i]?.data ?? e);
  const detailError = details.find((d) => d.error)?.error;

  return (
    <>
      <PageHeader title="Exams" description="Sit the exams of your organisation, see where you stand and review your results. Certification programs, which include an exam, are under Certification." />
      <ErrorAlert error={list.error ?? mine.error ?? detailError} title="The exams could not be loaded." />
      {list.isPending || mine.isPending || details.some((d) => d.isPending) ? (
        <Loading label="Loading your exams…" />
      ) : exams.length === 0 ? (
        <EmptyState>Your organisation has no published exams yet. Authors publish them from the item bank.</EmptyState>
      ) : (
        <ul className="exam-list">
          {exams.map((exam) => (
            <ExamCard key={exam.id} exam={exam} attempts={byExam.get(exam.id) ?? []} />
          ))}
        </ul>
      )}
      <section className="card" aria-labelledby="exams-about">
        <h2 id="exams-about">How exams work</h2>
        <ul>
          <li>The clock is kept by the server from the moment you start; closing the tab does not stop it.</li>
          <li>Every answer is saved as soon as you choose it, so a reload or a lost connection loses nothing.</li>
          <li>Passing an exam is one requirement of a certificate, with the learning path, practical evidence and an action plan.</li>
        </ul>
      </section>
    </>
  );
}
