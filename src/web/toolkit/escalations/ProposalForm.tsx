import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError, post } from '../../api/client';
import { ESC, templatesQuery, type Proposal, type SupportArea } from '../../api/escalations';
import { ErrorAlert } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { SelectField, TextAreaField, TextField } from '../../ui/Field';

/** An Expert (or a manager) proposes a situation that needs a procedure (step 2). */
export function ProposalForm({ areas, areaId, onDone }: { areas: SupportArea[]; areaId?: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const templates = useQuery(templatesQuery);
  const [supportAreaId, setArea] = useState(areaId ?? areas[0]?.id ?? '');
  const [situation, setSituation] = useState('');
  const [title, setTitle] = useState('');
  const [rationale, setRationale] = useState('');
  const save = useMutation({
    mutationFn: () =>
      post<Proposal>(`${ESC}/support-areas/${encodeURIComponent(supportAreaId)}/proposals`, {
        situation: situation || undefined,
        title: title.trim() || undefined,
        rationale: rationale.trim() || undefined,
      }),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: ['escalations'] });
      announce(`Proposal "${p.title}" was sent for a decision.`);
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const err = save.error;
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorAlert error={err} />
      <SelectField
        label="Support area"
        required
        value={supportAreaId}
        onChange={(e) => setArea(e.target.value)}
        options={areas.map((a) => ({ value: a.id, label: a.name }))}
        error={fieldError(err, 'params.id')}
      />
      <SelectField
        label="Situation"
        required
        value={situation}
        emptyLabel="Choose a situation"
        onChange={(e) => setSituation(e.target.value)}
        options={(templates.data?.situations ?? []).map((s) => ({ value: s.key, label: s.label }))}
        error={fieldError(err, 'body.situation')}
      />
      <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} hint="Optional: the situation's name is used when left empty." error={fieldError(err, 'body.title')} />
      <TextAreaField
        label="Why it needs a procedure"
        rows={3}
        value={rationale}
        onChange={(e) => setRationale(e.target.value)}
        hint="A line on how often it happens or what it costs when it does."
        error={fieldError(err, 'body.rationale')}
      />
      <div className="form__actions">
        <Button type="submit" busy={save.isPending} busyLabel="Sending…">
          Propose situation
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
