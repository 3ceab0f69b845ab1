import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, fieldError, post } from '../api/client';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { formatDate } from '../ui/format';
import { Loading } from '../ui/Spinner';
import { myPlanQuery, type ActionPlan, type Program, type Requirement } from './api';

export function PlanItems({ plan }: { plan: ActionPlan }) {
  return (
    <ol>
      {plan.items.map((item, i) => (
        <li key={i}>
          <strong>{item.title}</strong>, by {formatDate(item.dueDate)}
          {item.checkIns.length ? (
            <ul>
              {item.checkIns.map((c, j) => (
                <li key={j}>
                  {formatDate(c.at)}: {c.note}
                  {c.done ? ' (done)' : ''}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function PlanForm({ program, plan }: { program: Program; plan: ActionPlan | null }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [items, setItems] = useState(plan?.items.map((i) => ({ title: i.title, dueDate: i.dueDate })) ?? [{ title: '', dueDate: '' }]);
  const save = useMutation({
    mutationFn: () => api<ActionPlan>('PUT', `/api/v1/certify/programs/${program.id}/action-plan`, { items }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['certify'] });
      announce('Action plan saved. Your manager can acknowledge it now.');
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const update = (i: number, patch: Partial<{ title: string; dueDate: string }>) => setItems((all) => all.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Action plan">
      <ErrorAlert error={save.error} />
      <div className="plan-items">
        {items.map((item, i) => (
          <div className="plan-item" key={i}>
            <TextField label={`Action ${i + 1}`} required value={item.title} onChange={(e) => update(i, { title: e.target.value })} hint={i === 0 ? 'What you will do, e.g. "Publish the e-mail outage procedure".' : undefined} error={fieldError(save.error, `body.items.${i}.title`)} />
            <TextField label={`Due date of action ${i + 1}`} required type="date" value={item.dueDate} onChange={(e) => update(i, { dueDate: e.target.value })} error={fieldError(save.error, `body.items.${i}.dueDate`)} />
            {items.length > 1 ? (
              <Button variant="secondary" onClick={() => setItems((all) => all.filter((_x, j) => j !== i))}>
                Remove action {i + 1}
              </Button>
            ) : null}
          </div>
        ))}
      </div>
      <div className="form__actions">
        <Button variant="secondary" onClick={() => setItems((all) => [...all, { title: '', dueDate: '' }])} disabled={items.length >= 30}>
          Add an action
        </Button>
        <Button type="submit" busy={save.isPending} busyLabel="Saving…">
          {plan ? 'Save changes to the plan' : 'Submit action plan'}
        </Button>
      </div>
    </form>
  );
}

/** The learner records progress on one action of an acknowledged plan. */
function CheckInForm({ plan, index, title }: { plan: ActionPlan; index: number; title: string }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [note, setNote] = useState('');
  const [done, setDone] = useState(false);
  const checkIn = useMutation({
    mutationFn: () => post<ActionPlan>(`/api/v1/certify/action-plans/${plan.id}/check-ins`, { item: index, note, done }),
    onSuccess: () => {
      setNote('');
      setDone(false);
      void queryClient.invalidateQueries({ queryKey: ['certify', 'my-plan'] });
      announce(`Progress on "${title}" recorded.`);
    },
  });
  return (
    <form
      className="plan-item"
      noValidate
      aria-label={`Progress on action ${index + 1}`}
      onSubmit={(e) => {
        e.preventDefault();
        checkIn.mutate();
      }}
    >
      <TextField label={`Progress on action ${index + 1}`} value={note} onChange={(e) => setNote(e.target.value)} error={fieldError(checkIn.error, 'body.note')} />
      <label className="checkbox">
        <input type="checkbox" checked={done} onChange={(e) => setDone(e.target.checked)} />
        <span>Action {index + 1} done</span>
      </label>
      <Button type="submit" variant="secondary" busy={checkIn.isPending} busyLabel="Saving…">
        Record progress on action {index + 1}
      </Button>
      {checkIn.error && !fieldError(checkIn.error, 'body.note') ? <ErrorAlert error={checkIn.error} /> : null}
    </form>
  );
}

/** The 30-day action plan: written after the exam, editable until the manager acknowledges it. */
export function ActionPlanSection({ program, enrolled, exam }: { program: Program; enrolled: boolean; exam: Requirement | undefined }) {
  const plan = useQuery({ ...myPlanQuery(program.id), enabled: enrolled });
  return (
    <section className="card" aria-labelledby="action-plan" id="action-plan-section">
      <h2 id="action-plan" tabIndex={-1}>
        {program.actionPlanDays}-day action plan
      </h2>
      <p>Plan what you will put into practice in the {program.actionPlanDays} days after your exam, with a due date for each action. Your manager acknowledges the plan.</p>
      {!enrolled ? (
        <Notice>Enrol in the program to write your action plan.</Notice>
      ) : !exam?.met ? (
        <Notice>Pass the program exam first: the plan covers the {program.actionPlanDays} days after it.</Notice>
      ) : plan.isPending ? (
        <Loading label="Loading your plan…" />
      ) : plan.error ? (
        <ErrorAlert error={plan.error} />
      ) : plan.data?.acknowledgedAt ? (
        <>
          <Notice kind="success">Your manager acknowledged this plan on {formatDate(plan.data.acknowledgedAt)}.</Notice>
          <PlanItems plan={plan.data} />
          <h3>Record your progress</h3>
          <div className="plan-items">
            {plan.data.items.map((item, i) => (
              <CheckInForm key={i} plan={plan.data!} index={i} title={item.title} />
            ))}
          </div>
        </>
      ) : (
        <>
          {plan.data ? <Notice>Submitted on {formatDate(plan.data.submittedAt)}; waiting for your manager to acknowledge it. You can still change it.</Notice> : null}
          <PlanForm key={plan.data?.submittedAt ?? 'new'} program={program} plan={plan.data} />
        </>
      )}
    </section>
  );
}
