import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError, post } from '../api/client';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { SelectField, TextAreaField } from '../ui/Field';
import { formatDate } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { RequirePermission } from '../admin/RequirePermission';
import { reviewQueueQuery, type QueueItem } from './api';
import { CertifyNav } from './parts';
import { EvidenceItem } from './PracticumSection';
import './certify.css';

function ReviewForm({ item }: { item: QueueItem }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [scores, setScores] = useState<Record<string, string>>({});
  const [comments, setComments] = useState('');
  const review = useMutation({
    mutationFn: (decision: 'accept' | 'return') =>
      post(`/api/v1/certify/practicum/${item.id}/review`, { decision, comments, scores: Object.fromEntries(Object.entries(scores).filter(([, v]) => v !== '').map(([k, v]) => [k, Number(v)])) }),
    onSuccess: (_r, decision) => {
      void queryClient.invalidateQueries({ queryKey: ['certify'] });
      announce(decision === 'accept' ? `${item.personName}'s practicum accepted.` : `${item.personName}'s practicum returned with comments.`);
    },
  });
  const onSubmit = (e: FormEvent) => e.preventDefault();
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={`Review ${item.personName}'s practicum`}>
      <ErrorAlert error={review.error} />
      <fieldset className="rubric-fieldset">
        <legend className="field__label">Rubric</legend>
        {item.rubric.map((c) => (
          <SelectField
            key={c.key}
            label={c.title}
            hint={`Pass level: ${c.levels[c.passLevel]}`}
            required
            value={scores[c.key] ?? ''}
            emptyLabel="Choose a level"
            options={c.levels.map((l, i) => ({ value: String(i), label: l }))}
            onChange={(e) => setScores((s) => ({ ...s, [c.key]: e.target.value }))}
            error={fieldError(review.error, `body.scores.${c.key}`) ?? fieldError(review.error, `scores.${c.key}`)}
          />
        ))}
      </fieldset>
      <TextAreaField label="Comments" rows={4} value={comments} onChange={(e) => setComments(e.target.value)} hint="Required when you return it: say what to improve." error={fieldError(review.error, 'body.comments') ?? fieldError(review.error, 'comments')} />
      <div className="form__actions">
        <Button onClick={() => review.mutate('accept')} busy={review.isPending && review.variables === 'accept'} busyLabel="Accepting…" disabled={review.isPending}>
          Accept
        </Button>
        <Button variant="secondary" onClick={() => review.mutate('return')} busy={review.isPending && review.variables === 'return'} busyLabel="Returning…" disabled={review.isPending}>
          Return with comments
        </Button>
      </div>
    </form>
  );
}

function QueueCard({ item }: { item: QueueItem }) {
  const headingId = `submission-${item.id}`;
  return (
    <li>
      <article className="card" aria-labelledby={headingId}>
        <h2 id={headingId} className="tile__title">
          {item.personName}: {item.programName}, round {item.round}
        </h2>
        <p className="field__hint">Submitted {formatDate(item.submittedAt)}.</p>
        <h3>Evidence</h3>
        <ul className="evidence-list">
          {item.evidence.map((e) => (
            <li key={`${e.kind}:${e.ref}`}>
              <EvidenceItem evidence={e} />
            </li>
          ))}
        </ul>
        {item.note ? (
          <>
            <h3>Note from {item.personName}</h3>
            <p>{item.note}</p>
          </>
        ) : null}
        <ReviewForm item={item} />
      </article>
    </li>
  );
}

/** Practicum submissions waiting for review, each scored against its program's rubric. */
export function ReviewQueuePage() {
  useDocumentTitle('Practicum reviews');
  const queue = useQuery(reviewQueueQuery('submitted'));
  return (
    <>
      <PageHeader title="Practicum reviews" description="Score each submission against the rubric: accept it, or return it with comments saying what to improve." />
      <CertifyNav />
      <RequirePermission permission="certify.review">
        {queue.isPending ? (
          <Loading label="Loading submissions…" />
        ) : queue.error ? (
          <ErrorAlert error={queue.error} />
        ) : queue.data.items.length === 0 ? (
          <EmptyState>No practicum is waiting for review.</EmptyState>
        ) : (
          <>
            <Notice>You cannot review your own practicum; it is left for another reviewer.</Notice>
            <ul className="certify-list">
              {queue.data.items.map((item) => (
                <QueueCard key={item.id} item={item} />
              ))}
            </ul>
          </>
        )}
      </RequirePermission>
    </>
  );
}
