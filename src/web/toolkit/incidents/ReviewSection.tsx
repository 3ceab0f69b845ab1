import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client';
import { incidentReviewQuery, type Incident, type IncidentReview, type ReviewAction } from '../../api/escalations';
import { PersonPicker } from '../../admin/PersonPicker';
import { ErrorAlert, Notice } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { TextAreaField, TextField } from '../../ui/Field';
import { formatDate, formatDateTime } from '../../ui/format';
import { Loading } from '../../ui/Spinner';

export function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

interface ActionDraft extends ReviewAction {
  key: string;
}

const numberOrNaN = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

function ReviewForm({ incident, review }: { incident: Incident; review: IncidentReview }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [cause, setCause] = useState(review.cause);
  const [wentWell, setWentWell] = useState(review.wentWell);
  const [toImprove, setToImprove] = useState(review.toImprove);
  const [actions, setActions] = useState<ActionDraft[]>(review.actions.map((a, i) => ({ ...a, key: `a${i}` })));
  const [hoursDown, setHoursDown] = useState(review.hoursDownOverride !== null ? String(review.hoursDownOverride) : '');
  const [peopleAffected, setPeople] = useState(review.exists ? String(review.peopleAffected) : '');
  const [costPerHour, setCost] = useState(review.exists ? String(review.costPerHour) : '');
  const [currency, setCurrency] = useState(review.currency);
  const [local, setLocal] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: () =>
      api<IncidentReview>('PUT', `/api/v1/incidents/${incident.id}/review`, {
        cause,
        wentWell,
        toImprove,
        actions: actions.map(({ key: _key, ...a }) => ({ ...a, ownerName: a.ownerName.trim(), dueDate: a.dueDate || null })),
        hoursDown: hoursDown.trim() === '' ? null : Number(hoursDown),
        peopleAffected: Number(peopleAffected),
        costPerHour: Number(costPerHour),
        currency: currency.trim().toUpperCase(),
      }),
    onSuccess: (r) => {
      queryClient.setQueryData(['incident', incident.id, 'review'], r);
      announce(`Review saved. Downtime cost: ${money(r.downtimeCost, r.currency)}.`);
    },
  });
  const err = (path: string) => local[path] ?? (save.error instanceof ApiError ? save.error.fieldMessage(path) : undefined);

  const hours = hoursDown.trim() === '' ? review.hoursDownMeasured : numberOrNaN(hoursDown);
  const people = numberOrNaN(peopleAffected);
  const rate = numberOrNaN(costPerHour);
  const total = hours * people * rate;
  const computable = Number.isFinite(total);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!Number.isInteger(people) || people < 0) problems['body.peopleAffected'] = 'enter how many people could not work, as a whole number';
    if (!Number.isFinite(rate) || rate < 0) problems['body.costPerHour'] = 'enter the cost of one person-hour, 0 or more';
    if (hoursDown.trim() !== '' && (!Number.isFinite(hours) || hours < 0)) problems['body.hoursDown'] = 'enter hours, 0 or more, or leave empty to use the measured time';
    setLocal(problems);
    if (Object.keys(problems).length) return;
    save.mutate();
  };
  const updateAction = (i: number, patch: Partial<ActionDraft>) => setActions(actions.map((a, j) => (j === i ? { ...a, ...patch } : a)));

  return (
    <form className="form form--wide" onSubmit={submit} noValidate>
      <ErrorAlert error={save.error} title="The review was not saved." />
      <TextAreaField label="Cause" rows={3} value={cause} onChange={(e) => setCause(e.target.value)} hint="What broke, and why." error={err('body.cause')} />
      <TextAreaField label="What went well" rows={3} value={wentWell} onChange={(e) => setWentWell(e.target.value)} error={err('body.wentWell')} />
      <TextAreaField label="What to improve" rows={3} value={toImprove} onChange={(e) => setToImprove(e.target.value)} error={err('body.toImprove')} />

      <fieldset className="fieldset">
        <legend>Actions</legend>
        {actions.length === 0 ? <p className="muted">No actions yet. Add what will be done so it does not happen again, with an owner and a date.</p> : null}
        {actions.map((a, i) => (
          <fieldset key={a.key} className="fieldset review-action">
            <legend>Action {i + 1}</legend>
            <TextField label="What will be done" required value={a.title} onChange={(e) => updateAction(i, { title: e.target.value })} error={err(`body.actions.${i}.title`)} />
            <PersonPicker label="Owner" value={a.ownerPersonId ?? ''} currentName={a.ownerName || null} onChange={(id) => updateAction(i, { ownerPersonId: id || null })} error={err(`body.actions.${i}.ownerPersonId`)} />
            <div className="form__row">
              <TextField
                label="Owner outside Milewide"
                value={a.ownerPersonId ? '' : a.ownerName}
                disabled={!!a.ownerPersonId}
                onChange={(e) => updateAction(i, { ownerName: e.target.value })}
                hint="Only when the owner is not a person in Milewide, for example a vendor."
                error={err(`body.actions.${i}.ownerName`)}
              />
              <TextField label="Due date" type="date" value={a.dueDate ?? ''} onChange={(e) => updateAction(i, { dueDate: e.target.value || null })} error={err(`body.actions.${i}.dueDate`)} />
            </div>
            <Button variant="secondary" onClick={() => setActions(actions.filter((_, j) => j !== i))} aria-label={`Remove action ${i + 1}`}>
              Remove action
            </Button>
          </fieldset>
        ))}
        <p>
          <Button variant="secondary" onClick={() => setActions([...actions, { key: `n${Date.now()}`, title: '', ownerPersonId: null, ownerName: '', dueDate: null }])}>
            Add action
          </Button>
        </p>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Downtime cost estimate</legend>
        <p className="field__hint">Hours down × people affected × cost per hour. Leave the hours empty to use the time from opening to resolution ({review.hoursDownMeasured} h).</p>
        <div className="form__row">
          <TextField label="Hours down" type="number" inputMode="decimal" min={0} step="0.25" value={hoursDown} placeholder={String(review.hoursDownMeasured)} onChange={(e) => setHoursDown(e.target.value)} error={err('body.hoursDown')} />
          <TextField label="People affected" type="number" inputMode="numeric" min={0} step={1} required value={peopleAffected} onChange={(e) => setPeople(e.target.value)} error={err('body.peopleAffected')} />
          <TextField label="Cost per person-hour" type="number" inputMode="decimal" min={0} step="0.01" required value={costPerHour} onChange={(e) => setCost(e.target.value)} error={err('body.costPerHour')} />
          <TextField label="Currency" value={currency} maxLength={3} onChange={(e) => setCurrency(e.target.value.toUpperCase())} hint="Three letters, for example USD or EUR." error={err('body.currency')} />
        </div>
        <p className="cost-total" aria-live="polite">
          {computable ? (
            <>
              {hours} h × {people} people × {money(rate, currency)}/h = <strong>{money(Math.round(total * 100) / 100, currency)}</strong>
            </>
          ) : (
            'Enter the people affected and the cost per hour to see the total.'
          )}
        </p>
      </fieldset>
      <div className="form__actions">
        <Button type="submit" busy={save.isPending} busyLabel="Saving…">
          Save review
        </Button>
        {review.updatedAt ? <span className="muted small">Last saved {formatDateTime(review.updatedAt)}</span> : null}
      </div>
    </form>
  );
}

function ReviewRead({ review }: { review: IncidentReview }) {
  if (!review.exists) return <p className="muted">No review has been written yet.</p>;
  return (
    <>
      <dl className="facts">
        <dt>Cause</dt>
        <dd>{review.cause || '—'}</dd>
        <dt>What went well</dt>
        <dd>{review.wentWell || '—'}</dd>
        <dt>What to improve</dt>
        <dd>{review.toImprove || '—'}</dd>
        <dt>Downtime cost</dt>
        <dd>{review.costFormula}</dd>
      </dl>
      {review.actions.length ? (
        <ul>
          {review.actions.map((a, i) => (
            <li key={i}>
              {a.title}
              {a.ownerName ? ` · ${a.ownerName}` : ''}
              {a.dueDate ? ` · due ${formatDate(a.dueDate)}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** The post-incident review of a resolved incident, with the downtime cost the server computes. */
export function ReviewSection({ incident }: { incident: Incident }) {
  const review = useQuery(incidentReviewQuery(incident.id));
  return (
    <section className="card" aria-labelledby="review-heading">
      <h2 id="review-heading">Post-incident review</h2>
      {review.isPending ? <Loading label="Loading the review…" /> : null}
      <ErrorAlert error={review.error} />
      {review.data ? (
        <>
          {review.data.exists ? (
            <Notice kind="success">
              Saved downtime cost: <strong>{money(review.data.downtimeCost, review.data.currency)}</strong> ({review.data.costFormula}).
            </Notice>
          ) : null}
          {incident.can.review ? <ReviewForm key={incident.id} incident={incident} review={review.data} /> : <ReviewRead review={review.data} />}
        </>
      ) : null}
    </section>
  );
}
