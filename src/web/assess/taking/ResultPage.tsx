import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ErrorAlert, Notice } from '../../ui/Alert';
import { formatDateTime } from '../../ui/format';
import { useDocumentTitle } from '../../ui/hooks';
import { PageHeader, TableWrap } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { resultQuery, useCompetencyName, type ExamResult } from './api';
import { Paragraphs } from './QuestionPanel';
import './exams.css';

/** The breakdown as a table whose score cells carry a bar: readable as a table, seen as a chart. */
function CompetencyChart({ result, name }: { result: ExamResult; name: (id: string) => string }) {
  return (
    <TableWrap label="Score per competency">
      <table className="table exam-breakdown">
        <caption className="visually-hidden">Score per competency; the pass mark is {result.cutScorePercent}%</caption>
        <thead>
          <tr>
            <th scope="col">Competency</th>
            <th scope="col">Right</th>
            <th scope="col" className="exam-breakdown__chart-head">
              Score (pass mark {result.cutScorePercent}%)
            </th>
          </tr>
        </thead>
        <tbody>
          {result.competencies.map((c) => (
            <tr key={c.competency} className={c.weak ? 'exam-breakdown__row--weak' : undefined}>
              <th scope="row">{name(c.competency)}</th>
              <td className="nowrap">
                {c.correct} of {c.total}
              </td>
              <td>
                <div className="exam-bar-cell">
                  <div className="exam-bar-track" aria-hidden="true">
                    <div className={c.weak ? 'exam-bar-fill exam-bar-fill--weak' : 'exam-bar-fill'} style={{ width: `${c.percent}%` }} />
                    <div className="exam-bar-cut" style={{ left: `${result.cutScorePercent}%` }} />
                  </div>
                  <span className="exam-bar-value">
                    {c.percent}%{c.weak ? <span className="exam-weak"> · below the pass mark</span> : null}
                  </span>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function Lessons({ result, name }: { result: ExamResult; name: (id: string) => string }) {
  const l = result.lessonsToRevisit;
  if (!l.available) return <p className="muted">{l.note}</p>;
  if (l.items.length === 0) return <p>Every competency is at or above the pass mark: nothing to revisit.</p>;
  return (
    <ul className="exam-revisit">
      {l.items.map((c) => (
        <li key={c.competency}>
          <h3>{name(c.competency)}</h3>
          {c.lessons.length ? (
            <ul>
              {c.lessons.map((lesson) => (
                <li key={lesson.lessonId}>
                  <Link to="/learn/lessons/$lessonKey" params={{ lessonKey: lesson.lessonKey }}>
                    {lesson.title}
                  </Link>{' '}
                  <span className="muted small">({lesson.minutes} min)</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">No lesson in your library teaches this competency yet.</p>
          )}
        </li>
      ))}
    </ul>
  );
}

function Feedback({ result, name }: { result: ExamResult; name: (id: string) => string }) {
  const f = result.feedback;
  if (!f.released || !f.items) return <p>{f.note}</p>;
  return (
    <ol className="exam-feedback">
      {f.items.map((item) => (
        <li key={item.itemId}>
          <details>
            <summary>
              Question {item.position}: {item.correct ? 'right' : 'not right'} <span className="muted small">({name(item.competency)})</span>
            </summary>
            {item.scenario ? (
              <div className="exam-case">
                <p className="exam-case__title">Case: {item.scenario.title}</p>
                <Paragraphs text={item.scenario.caseText} />
              </div>
            ) : null}
            <p className="exam-stem">{item.stem}</p>
            <ul className="exam-feedback__options">
              {item.options.map((o) => (
                <li key={o.id} className={o.correct ? 'exam-feedback__option exam-feedback__option--right' : 'exam-feedback__option'}>
                  <p>
                    <strong>
                      {o.correct ? '✓ Right answer' : '✗ Not right'}
                      {o.chosen ? ' (your choice)' : ''}:
                    </strong>{' '}
                    {o.text}
                  </p>
                  <p className="small">{o.rationale}</p>
                </li>
              ))}
            </ul>
          </details>
        </li>
      ))}
    </ol>
  );
}

export function ResultPage({ attemptId }: { attemptId: string }) {
  const query = useQuery(resultQuery(attemptId));
  const name = useCompetencyName();
  useDocumentTitle(query.data ? `Result: ${query.data.examTitle}` : 'Exam result');
  if (query.isPending) return <Loading label="Loading your result…" />;
  if (query.error) {
    return (
      <>
        <PageHeader title="Exam result" />
        <ErrorAlert error={query.error} title="The result could not be loaded." />
        <p>
          <Link to="/exams">Back to your exams</Link>
        </p>
      </>
    );
  }
  const r = query.data;
  return (
    <>
      <p className="small">
        <Link to="/exams">← All exams</Link>
      </p>
      <PageHeader title={`Result: ${r.examTitle}`} description={`Attempt ${r.attemptNo}, submitted ${formatDateTime(r.submittedAt)}`} />
      {r.submitReason === 'time_up' ? (
        <Notice kind="info">
          <p>The time ran out, so the server submitted this attempt at the deadline with every answer saved before it.</p>
        </Notice>
      ) : null}
      <section className={r.passed ? 'card exam-score exam-score--passed' : 'card exam-score exam-score--failed'} aria-labelledby="score-heading">
        <h2 id="score-heading">{r.passed ? 'You passed' : 'You did not pass this time'}</h2>
        <p className="exam-score__number">
          <strong>{r.scorePercent}%</strong> <span className="muted">({r.correct} of {r.total} right; pass mark {r.cutScorePercent}%)</span>
        </p>
        <p>
          <span className={r.passed ? 'badge badge--passed' : 'badge badge--failed'}>{r.passed ? 'Passed' : 'Not passed'}</span>
        </p>
      </section>
      <section className="card" aria-labelledby="breakdown-heading">
        <h2 id="breakdown-heading">Score per competency</h2>
        <CompetencyChart result={r} name={name} />
      </section>
      <section className="card" aria-labelledby="revisit-heading">
        <h2 id="revisit-heading">Lessons to revisit</h2>
        <Lessons result={r} name={name} />
      </section>
      <section className="card" aria-labelledby="feedback-heading">
        <h2 id="feedback-heading">Questions and explanations</h2>
        <Feedback result={r} name={name} />
      </section>
    </>
  );
}
