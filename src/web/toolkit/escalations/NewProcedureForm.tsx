import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useId, useState, type FormEvent } from 'react';
import { fieldError, post } from '../../api/client';
import { ESC, supportAreasQuery, templatesQuery, type Procedure } from '../../api/escalations';
import { ErrorAlert } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { SelectField, TextField } from '../../ui/Field';
import { Loading } from '../../ui/Spinner';
import { minutesLabel } from './labels';

const BLANK = 'blank';

/** A manager creates a procedure straight from one of the seven templates, or from a blank page. */
export function NewProcedureForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const legendId = useId();
  const templates = useQuery(templatesQuery);
  const areas = useQuery(supportAreasQuery);
  const [choice, setChoice] = useState('');
  const [situation, setSituation] = useState('');
  const [title, setTitle] = useState('');
  const [supportAreaId, setArea] = useState('');
  const create = useMutation({
    mutationFn: () =>
      post<Procedure>(`${ESC}/procedures`, {
        ...(choice === BLANK ? { situation: situation || undefined } : { templateKey: choice || undefined }),
        title: title.trim() || undefined,
        supportAreaId: supportAreaId || undefined,
      }),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: ['escalations'] });
      announce(`Draft "${p.title}" was created.`);
      onDone();
      void navigate({ to: '/toolkit/escalations/procedures/$id', params: { id: p.id } });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const err = create.error;
  const noChoice = err && !choice ? 'Choose a template or a blank procedure.' : undefined;
  if (templates.isPending) return <Loading label="Loading templates…" />;
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorAlert error={err} />
      <fieldset className={noChoice ? 'fieldset field--invalid' : 'fieldset'} aria-describedby={noChoice ? `${legendId}-error` : undefined}>
        <legend>Start from</legend>
        <ul className="template-choices">
          {(templates.data?.items ?? []).map((t) => (
            <li key={t.key}>
              <label className="template-choice">
                <input type="radio" name="template" value={t.key} checked={choice === t.key} onChange={() => setChoice(t.key)} />
                <span>
                  <strong>{t.title}</strong>
                  <span className="muted small block">
                    {t.situationLabel} · steps at {t.steps.map((s) => minutesLabel(s.offsetMinutes)).join(', ')}
                    {t.repeatEveryMinutes ? `, then every ${minutesLabel(t.repeatEveryMinutes)}` : ''}
                  </span>
                </span>
              </label>
            </li>
          ))}
          <li>
            <label className="template-choice">
              <input type="radio" name="template" value={BLANK} checked={choice === BLANK} onChange={() => setChoice(BLANK)} />
              <span>
                <strong>A blank procedure</strong>
                <span className="muted small block">No steps or contacts: you write everything.</span>
              </span>
            </label>
          </li>
        </ul>
        {noChoice ? (
          <p id={`${legendId}-error`} className="field__error">
            <span aria-hidden="true">⚠ </span>
            {noChoice}
          </p>
        ) : null}
      </fieldset>
      {choice === BLANK ? (
        <SelectField
          label="Situation"
          required
          value={situation}
          emptyLabel="Choose a situation"
          onChange={(e) => setSituation(e.target.value)}
          options={(templates.data?.situations ?? []).map((s) => ({ value: s.key, label: s.label }))}
          error={fieldError(err, 'body.situation')}
        />
      ) : null}
      <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} hint="Optional: the template's title is used when left empty." error={fieldError(err, 'body.title')} />
      <SelectField
        label="Support area"
        value={supportAreaId}
        emptyLabel="None yet"
        onChange={(e) => setArea(e.target.value)}
        options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.expert ? `${a.name} (Expert: ${a.expert.name})` : a.name }))}
        error={fieldError(err, 'body.supportAreaId')}
      />
      <div className="form__actions">
        <Button type="submit" busy={create.isPending} busyLabel="Creating…">
          Create draft
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
