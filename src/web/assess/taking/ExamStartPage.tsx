import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { post } from '../../api/client';
import { ErrorAlert, Notice } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { formatDateTime } from '../../ui/format';
import { useDocumentTitle } from '../../ui/hooks';
import { PageHeader, TableWrap } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { examQuery, minutesLabel, whyNot, myAttemptsQuery, useCompetencyName, type Attempt, type Exam } from './api';
import './exams.css';

function Rules({ exam }: { exam: Exam }) {
  const c = exam.candidate;
  const extra = c?.extraMinutes ?? 0;
  return (
    <dl className="exam-rules">
      <div>
        <dt>Time</dt>
        <dd>
          {minutesLabel(exam.timeLimitMinutes)}
          {extra > 0 ? ` plus ${minutesLabel(extra)} of extra time arranged for you: ${minutesLabel(exam.timeLimitMinutes + extra)} in all` : ''}
        </dd>
      </div>
      <div>
        <dt>Questions</dt>
        <dd>{exam.itemCount}, drawn at random for each attempt</dd>
      </div>
      <div>
        <dt>Pass mark</dt>
        <dd>{exam.cutScorePercent}% of the questions right</dd>
      </div>
      <div>
        <dt>Attempts</dt>
        <dd>
          {exam.attemptLimit === null ? 'No limit' : `${c?.attemptsLeft ?? exam.attemptLimit} of ${exam.attemptLimit} left`}
          {exam.cooldownMinutes > 0 ? `; wait ${minutesLabel(exam.cooldownMinutes)} between attempts` : ''}
        </dd>
      </div>
      <div>
        <dt>Feedback</dt>
        <dd>{exam.feedbackRelease === 'on_submit' ? 'The right answers and explanations as soon as you submit' : 'Your score at once; explanations once the exam window has closed'}</dd>
      </div>
      {exam.closesAt ? (
        <div>
          <dt>Closes</dt>
          <dd>{formatDateTime(exam.closesAt)}</dd>
        </div>
      ) : null}
    </dl>
  );
}

export function ExamStartPage({ examId }: { examId: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const exam = useQuery(examQuery(examId));
  const attempts = useQuery({ ...myAttemptsQuery, select: (d) => d.items.filter((a) => a.examId === examId) });
  const competencyName = useCompetencyName();
  useDocumentTitle(exam.data?.title ?? 'Exam');
  const start = useMutation({
    mutationFn: () => post<Attempt>(`/api/v1/exams/${encodeURIComponent(examId)}/attempts`),
    onSuccess: (attempt) => {
      queryClient.setQueryData(['exams', 'attempt', attempt.id], attempt);
      void queryClient.invalidateQueries({ queryKey: ['exams'] });
      void navigate({ to: '/exam-attempts/$attemptId', params: { attemptId: attempt.id } });
    },
  });

  if (exam.isPending) return <Loading label="Loading the exam…" />;
  if (exam.error) {
    return (
      <>
        <PageHeader title="Exam" />
        <ErrorAlert error={exam.error} title="This exam could not be loaded." />
        <p>
          <Link to="/exams">Back to your exams</Link>
        </p>
      </>
    );
  }
  const e = exam.data;
  const c = e.candidate;
  return (
    <>
      <p className="small">
        <Link to="/exams">← All exams</Link>
      </p>
      <PageHeader title={e.title} description={e.description || undefined} />
      <section className="card" aria-labelledby="rules-heading">
        <h2 id="rules-heading">The rules</h2>
        <Rules exam={e} />
        <h3>Questions per competency</h3>
        <ul className="exam-blueprint">
          {e.blueprint.map((l) => (
            <li key={l.competency}>
              {competencyName(l.competency)}: {l.count}
            </li>
          ))}
        </ul>
        <h3>While you sit it</h3>
        <ul>
          <li>The clock is the server&apos;s and starts when you press Start. Closing the tab or losing the connection does not stop it.</li>
          <li>Each answer is saved when you choose it. If the page shows &ldquo;Offline, retrying&rdquo;, keep going: it saves again when the connection is back.</li>
          <li>Flag questions to come back to; the navigator shows what you have answered and flagged.</li>
          <li>When the time is up, the exam is submitted for you with every answer you gave.</li>
        </ul>
      </section>

      <section className="card" aria-labelledby="start-heading">
        <h2 id="start-heading">{c?.openAttemptId ? 'Your attempt in progress' : 'Start'}</h2>
        {c?.openAttemptId ? (
          <>
            <p>You started this exam and its clock is running. Continue where you left off.</p>
            <Link className="button button--primary" to="/exam-attempts/$attemptId" params={{ attemptId: c.openAttemptId }}>
              Resume the exam
            </Link>
          </>
        ) : c?.canStart ? (
          <>
            <p>
              When you start, you have {minutesLabel(e.timeLimitMinutes + c.extraMinutes)} for {e.itemCount} questions.
              {c.attemptsLeft !== null ? ` This will be attempt ${c.attemptsUsed + 1} of ${e.attemptLimit}.` : ''}
            </p>
            <ErrorAlert error={start.error} title="The exam could not be started." />
            <Button busy={start.isPending} busyLabel="Starting…" onClick={() => start.mutate()}>
              Start the exam now
            </Button>
          </>
        ) : (
          <Notice kind="warning">
            <p>
              <strong>You cannot start this exam now.</strong> {whyNot(e, formatDateTime)}
            </p>
          </Notice>
        )}
      </section>

      {attempts.data && attempts.data.length > 0 ? (
        <section className="card" aria-labelledby="attempts-heading">
          <h2 id="attempts-heading">Your attempts</h2>
          <TableWrap label="Your attempts">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Attempt</th>
                  <th scope="col">Started</th>
                  <th scope="col">Score</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {attempts.data.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">{a.attemptNo}</th>
                    <td>{formatDateTime(a.startedAt)}</td>
                    <td>{a.scorePercent === null ? '—' : `${a.scorePercent}%`}</td>
                    <td>
                      {a.status === 'in_progress' ? (
                        <Link to="/exam-attempts/$attemptId" params={{ attemptId: a.id }}>
                          In progress: resume
                        </Link>
                      ) : (
                        <Link to="/exam-attempts/$attemptId/result" params={{ attemptId: a.id }}>
                          {a.passed ? 'Passed' : 'Not passed'}: see the result of attempt {a.attemptNo}
                        </Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}
    </>
  );
}
