import { useId } from 'react';
import { Button } from '../../ui/Button';
import { TextAreaField, TextField } from '../../ui/Field';
import { newLocalId, nextOffset, type ContactDraft, type StepDraft } from './draft';
import { minutesLabel } from './labels';

type FieldErr = (path: string) => string | undefined;

function NotifyChoices({ step, index, contacts, onChange, err }: { step: StepDraft; index: number; contacts: ContactDraft[]; onChange: (notify: string[]) => void; err: FieldErr }) {
  const id = useId();
  const at = `body.steps.${index}.notify`;
  const error = err(at) ?? step.notify.map((_, j) => err(`${at}.${j}`)).find(Boolean);
  return (
    <fieldset className={error ? 'fieldset field--invalid' : 'fieldset'} id={`proc-steps-${index}-notify`} tabIndex={-1} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field__label">Who is told</legend>
      {contacts.length === 0 ? (
        <p className="muted">Add contacts first; then tick who is told at this step.</p>
      ) : (
        <div className="checkbox-list">
          {contacts.map((c) => (
            <label key={c.id} className="checkbox">
              <input
                type="checkbox"
                checked={step.notify.includes(c.id)}
                onChange={(e) => onChange(e.target.checked ? [...step.notify, c.id] : step.notify.filter((x) => x !== c.id))}
              />
              <span>
                {c.name.trim() || 'Unnamed contact'}
                {c.role ? <span className="muted"> ({c.role})</span> : null}
              </span>
            </label>
          ))}
        </div>
      )}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Timed steps: minutes after the incident opens, who is told, and what is expected of them. */
export function StepsEditor({ steps, contacts, onChange, err }: { steps: StepDraft[]; contacts: ContactDraft[]; onChange: (next: StepDraft[]) => void; err: FieldErr }) {
  const update = (i: number, patch: Partial<StepDraft>) => onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const add = () => {
    onChange([...steps, { id: newLocalId('step'), offsetMinutes: String(nextOffset(steps)), title: '', notify: [], expected: '' }]);
    window.setTimeout(() => document.querySelector<HTMLInputElement>(`#proc-steps-${steps.length} input`)?.focus(), 0);
  };
  return (
    <div id="proc-steps" tabIndex={-1}>
      {steps.length === 0 ? <p className="muted">No steps yet. The usual steps are at 30 minutes, 1 hour and 2 hours, then every hour until resolved.</p> : null}
      <ol className="step-list">
        {steps.map((s, i) => {
          const at = `body.steps.${i}`;
          const minutes = Number(s.offsetMinutes);
          return (
            <li key={s.id} className="step-edit" id={`proc-steps-${i}`} tabIndex={-1}>
              <fieldset className="fieldset">
                <legend>
                  Step {i + 1}
                  {s.title.trim() ? `: ${s.title}` : ''}
                </legend>
                <div className="form__row form__row--step">
                  <TextField
                    label="Minutes after opening"
                    type="number"
                    inputMode="numeric"
                    min={0}
                    step={1}
                    required
                    value={s.offsetMinutes}
                    onChange={(e) => update(i, { offsetMinutes: e.target.value })}
                    hint={s.offsetMinutes.trim() !== '' && Number.isInteger(minutes) && minutes >= 0 ? `= ${minutesLabel(minutes)}` : 'Whole minutes, 0 or more.'}
                    error={err(`${at}.offsetMinutes`)}
                  />
                  <TextField label="Step title" required value={s.title} onChange={(e) => update(i, { title: e.target.value })} error={err(`${at}.title`)} />
                </div>
                <NotifyChoices step={s} index={i} contacts={contacts} onChange={(notify) => update(i, { notify })} err={err} />
                <TextAreaField
                  id={`proc-steps-${i}-expected`}
                  label="What is expected"
                  rows={3}
                  value={s.expected}
                  onChange={(e) => update(i, { expected: e.target.value })}
                  hint="Who does what by this time, in a sentence or two."
                  error={err(`${at}.expected`)}
                />
                <div className="form__actions">
                  <Button variant="secondary" onClick={() => onChange(steps.filter((_, j) => j !== i))} aria-label={`Remove step ${i + 1}`}>
                    Remove step
                  </Button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <Button variant="secondary" onClick={add}>
        Add step
      </Button>
    </div>
  );
}
