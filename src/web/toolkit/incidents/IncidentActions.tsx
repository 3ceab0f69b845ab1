import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError, post } from '../../api/client';
import type { Incident } from '../../api/escalations';
import { ErrorAlert } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { TextAreaField } from '../../ui/Field';

const path = (id: string, action: string) => `/api/v1/incidents/${encodeURIComponent(id)}/${action}`;

function useRefresh(id: string) {
  const queryClient = useQueryClient();
  return (incident: Incident) => {
    queryClient.setQueryData(['incident', id], incident);
    void queryClient.invalidateQueries({ queryKey: ['incidents'] });
    void queryClient.invalidateQueries({ queryKey: ['incident', id, 'deliveries'] });
  };
}

export function AcknowledgeButton({ incident }: { incident: Incident }) {
  const refresh = useRefresh(incident.id);
  const announce = useAnnounce();
  const ack = useMutation({
    mutationFn: () => post<{ alreadyAcknowledged: boolean; incident: Incident }>(path(incident.id, 'acknowledge')),
    onSuccess: (r) => {
      refresh(r.incident);
      announce(r.alreadyAcknowledged ? `Already acknowledged by ${r.incident.acknowledgedByName ?? 'someone'}.` : 'You acknowledged the incident.');
    },
  });
  return (
    <>
      <Button onClick={() => ack.mutate()} busy={ack.isPending} busyLabel="Acknowledging…">
        Acknowledge
      </Button>
      {ack.isError ? <ErrorAlert error={ack.error} /> : null}
    </>
  );
}

/** Posts a status update: it goes to every stakeholder and restarts the update cadence. */
export function StatusUpdateForm({ incident }: { incident: Incident }) {
  const refresh = useRefresh(incident.id);
  const announce = useAnnounce();
  const [message, setMessage] = useState('');
  const send = useMutation({
    mutationFn: () => post<{ timelineId: number; incident: Incident }>(path(incident.id, 'status-updates'), { message }),
    onSuccess: (r) => {
      refresh(r.incident);
      setMessage('');
      announce('Status update posted and sent to the stakeholders.');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <section className="card" aria-labelledby="update-heading">
      <h2 id="update-heading">Post a status update</h2>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorAlert error={send.error && !fieldError(send.error, 'body.message') ? send.error : null} />
        <TextAreaField
          id="status-update-message"
          label="Update"
          required
          rows={4}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          hint={`What is known, what is being done, and when the next update comes. It goes to everyone on the procedure; the next one is due ${incident.snapshot.statusUpdateEveryMinutes} minutes later.`}
          error={fieldError(send.error, 'body.message')}
        />
        <div className="form__actions">
          <Button type="submit" busy={send.isPending} busyLabel="Posting…">
            Post update
          </Button>
        </div>
      </form>
    </section>
  );
}

/** Resolving cancels every pending step and reminder, so it asks first. */
export function ResolveButton({ incident }: { incident: Incident }) {
  const refresh = useRefresh(incident.id);
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  const [resolution, setResolution] = useState('');
  const resolve = useMutation({
    mutationFn: () => post<{ cancelledTimers: number; incident: Incident }>(path(incident.id, 'resolve'), { resolution }),
    onSuccess: (r) => {
      refresh(r.incident);
      setOpen(false);
      announce(`The incident is resolved. ${r.cancelledTimers} pending ${r.cancelledTimers === 1 ? 'step or reminder was' : 'steps and reminders were'} cancelled.`);
    },
  });
  const pending = incident.timers.filter((t) => t.state === 'pending').length;
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Resolve
      </Button>
      <Dialog
        open={open}
        title="Resolve this incident?"
        onClose={() => {
          resolve.reset();
          setOpen(false);
        }}
      >
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            resolve.mutate();
          }}
          noValidate
        >
          <p>
            Resolving stops the escalation: {pending === 0 ? 'nothing is pending.' : `${pending} pending ${pending === 1 ? 'step or reminder is' : 'steps and reminders are'} cancelled.`} Everyone on the
            procedure is told. It cannot be reopened.
          </p>
          <ErrorAlert error={resolve.error} />
          <TextAreaField
            label="Resolution"
            rows={3}
            value={resolution}
            onChange={(e) => setResolution(e.target.value)}
            hint="Optional: what fixed it. The post-incident review comes after."
            error={fieldError(resolve.error, 'body.resolution')}
          />
          <div className="form__actions">
            <Button type="submit" variant="danger" busy={resolve.isPending} busyLabel="Resolving…">
              Resolve incident
            </Button>
            <Button
              variant="secondary"
              disabled={resolve.isPending}
              onClick={() => {
                resolve.reset();
                setOpen(false);
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
