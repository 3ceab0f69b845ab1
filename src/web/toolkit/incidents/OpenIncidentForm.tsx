import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { fieldError, post } from '../../api/client';
import { openableProceduresQuery, type Incident } from '../../api/escalations';
import { ErrorAlert, Notice } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { SelectField, TextAreaField, TextField } from '../../ui/Field';
import { Loading } from '../../ui/Spinner';

/**
 * Opens an incident from the published version of a procedure, with an optional note. Its steps
 * start counting at once.
 */
export function OpenIncidentForm({ procedure, onDone }: { procedure?: { id: string; title: string; version: number }; onDone: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const openable = useQuery({ ...openableProceduresQuery, enabled: !procedure });
  const choices = {
    pending: openable.isPending,
    error: openable.error,
    items: (openable.data?.items ?? []).map((p) => ({ id: p.procedureId, title: p.title, version: p.version })),
  };
  const [procedureId, setProcedureId] = useState(procedure?.id ?? '');
  const [title, setTitle] = useState('');
  const [details, setDetails] = useState('');
  const open = useMutation({
    mutationFn: () => post<Incident>('/api/v1/incidents', { procedureId, title: title.trim() || undefined, details: details.trim() || undefined }),
    onSuccess: (incident) => {
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
      announce(`Incident "${incident.title}" is open. Its steps are counting.`);
      onDone();
      void navigate({ to: '/incidents/$id', params: { id: incident.id } });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    open.mutate();
  };
  const err = open.error;
  const chosen = procedure ?? choices.items.find((c) => c.id === procedureId);
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorAlert error={err} />
      {procedure ? (
        <p>
          From <strong>{procedure.title}</strong>, version {procedure.version}.
        </p>
      ) : choices.pending ? (
        <Loading label="Loading published procedures…" />
      ) : (
        <>
          <ErrorAlert error={choices.error} />
          {choices.items.length === 0 ? (
            <Notice kind="warning">There is no published procedure you can open an incident from: you can open one from the procedures that name you, and managers from all of them. A manager publishes procedures in the escalation binder.</Notice>
          ) : (
            <SelectField
              label="Procedure"
              required
              value={procedureId}
              emptyLabel="Choose a published procedure"
              onChange={(e) => setProcedureId(e.target.value)}
              options={choices.items.map((c) => ({ value: c.id, label: `${c.title} (version ${c.version})` }))}
              error={fieldError(err, 'body.procedureId')}
            />
          )}
        </>
      )}
      <TextField
        label="Incident title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        hint={chosen ? `Optional: "${chosen.title}" when left empty. Say what is down and where.` : 'Optional. Say what is down and where.'}
        error={fieldError(err, 'body.title')}
      />
      <TextAreaField
        label="Note"
        rows={3}
        value={details}
        onChange={(e) => setDetails(e.target.value)}
        hint="Optional: what you know so far. It is on the timeline and in the first messages."
        error={fieldError(err, 'body.details')}
      />
      <div className="form__actions">
        <Button type="submit" variant="danger" busy={open.isPending} busyLabel="Opening…" disabled={!procedureId}>
          Open incident
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
