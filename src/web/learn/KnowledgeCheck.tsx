import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { post } from '../api/client';
import type { AnswerRecord, CheckResult, KnowledgeCheckQuestion } from '../api/learn';
import { ErrorAlert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { formatDate } from '../ui/format';

function optionVerdict(o: CheckResult['options'][number]): { text: string; good: boolean } {
  if (o.correct && o.selected) return { text: 'Your answer: right.', good: true };
  if (o.correct) return { text: 'A right answer you did not choose.', good: true };
  if (o.selected) return { text: 'Your answer: not right.', good: false };
  return { text: 'Not right.', good: false };
}

function Question({ lessonKey, question, number, count, previous }: { lessonKey: string; question: KnowledgeCheckQuestion; number: number; count: number; previous?: AnswerRecord }) {
  const id = useId();
  const [selected, setSelected] = useState<number[]>(previous?.optionIndexes ?? []);
  const [result, setResult] = useState<CheckResult | null>(null);
  const check = useMutation({
    mutationFn: () => post<CheckResult>(`/api/v1/learn/lessons/${encodeURIComponent(lessonKey)}/check`, { questionId: question.id, optionIndexes: selected }),
    onSuccess: setResult,
  });
  const single = question.kind === 'single';
  const choose = (index: number, on: boolean) => {
    setResult(null);
    check.reset();
    setSelected((cur) => (single ? [index] : on ? [...cur, index].sort((a, b) => a - b) : cur.filter((i) => i !== index)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (selected.length) check.mutate();
  };
  const byIndex = new Map(result?.options.map((o) => [o.index, o]));
  const rightCount = result?.options.filter((o) => o.correct).length ?? 0;

  return (
    <form onSubmit={submit} noValidate>
      <fieldset className="kc-question" aria-describedby={`${id}-how`}>
        <legend>
          <span className="visually-hidden">
            Question {number} of {count}:{' '}
          </span>
          {question.prompt}
        </legend>
        <p id={`${id}-how`} className="small muted">
          {single ? 'Choose one answer.' : 'Choose every answer that applies.'}
          {previous && !result ? ` You answered this on ${formatDate(previous.answeredAt)} and were ${previous.correct ? 'right' : 'not right'}; check again to see the feedback.` : ''}
        </p>
        <ul className="kc-options">
          {question.options.map((o) => {
            const r = byIndex.get(o.index);
            const verdict = r ? optionVerdict(r) : null;
            const optionId = `${id}-o${o.index}`;
            return (
              <li key={o.index} className={verdict ? (verdict.good ? 'kc-option kc-option--right' : r?.selected ? 'kc-option kc-option--wrong' : 'kc-option') : 'kc-option'}>
                <label htmlFor={optionId}>
                  <input
                    id={optionId}
                    type={single ? 'radio' : 'checkbox'}
                    name={`${id}-answer`}
                    checked={selected.includes(o.index)}
                    onChange={(e) => choose(o.index, e.target.checked)}
                    aria-describedby={r ? `${optionId}-fb` : undefined}
                  />
                  <span>{o.text}</span>
                </label>
                {r && verdict ? (
                  <p id={`${optionId}-fb`} className="kc-feedback">
                    <span className={verdict.good ? 'kc-verdict kc-verdict--right' : 'kc-verdict kc-verdict--wrong'}>
                      <span aria-hidden="true">{verdict.good ? '✓ ' : '✗ '}</span>
                      {verdict.text}
                    </span>{' '}
                    {r.feedback}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
        <ErrorAlert error={check.error} />
        <div className="form__actions">
          <Button type="submit" variant="secondary" busy={check.isPending} busyLabel="Checking…" disabled={selected.length === 0}>
            {result ? 'Check again' : 'Check answer'}
          </Button>
          <p className="kc-result" role="status" aria-live="polite">
            {result
              ? result.correct
                ? 'Right. The feedback under each option says why.'
                : `Not quite${!single ? ` (${rightCount} ${rightCount === 1 ? 'option is' : 'options are'} right)` : ''}. Read the feedback under each option, then try again.`
              : ''}
          </p>
        </div>
      </fieldset>
    </form>
  );
}

export function KnowledgeCheck({ lessonKey, questions, answers }: { lessonKey: string; questions: KnowledgeCheckQuestion[]; answers: AnswerRecord[] }) {
  if (questions.length === 0) return null;
  const latest = new Map(answers.map((a) => [a.questionId, a]));
  return (
    <section className="lesson-part" aria-labelledby="lesson-part-check">
      <h2 id="lesson-part-check">Check your understanding</h2>
      <p>
        {questions.length} {questions.length === 1 ? 'question' : 'questions'}. Answers are for you: they are not a score, and each option explains why it is or is not right.
      </p>
      {questions.map((q, i) => (
        <Question key={q.id} lessonKey={lessonKey} question={q} number={i + 1} count={questions.length} previous={latest.get(q.id)} />
      ))}
    </section>
  );
}
