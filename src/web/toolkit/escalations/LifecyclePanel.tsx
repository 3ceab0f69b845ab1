import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { personQuery } from '../../api/org';
import { useState, type FormEvent } from 'react';
import { fieldError, post } from '../../api/client';
import { ESC, type Procedure, type ProcedureAction } from '../../api/escalations';
import { PersonPicker } from '../../admin/PersonPicker';
import { ErrorAlert, Notice } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Dialog } from '../../ui/Dialog';
import { TextAreaField } from '../../ui/Field';
import { formatDateTime } from '../../ui/format';
import { focusElement } from './focus';

type Simple = 'submit' | 'publish' | 'archive' | 'restore';

const DONE: Record<Simple | 'review' | 'return', string> = {
  submit: 'The draft was submitted for review.',
  review: 'The procedure was marked reviewed.',
  return: 'The procedure was sent back to its Expert.',
  publish: 'The procedure was published.',
  archive: 'The procedure was archived.',
  restore: 'The procedure was restored.',
};

/** Where a missing item's field is in the editor. */
function targetOf(path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'steps' && parts.length >= 3) return `proc-steps-${parts[1]}-${parts[2]}`;
  if (parts[0] === 'steps' || parts[0] === 'contacts') return `proc-${parts[0]}`;
  return `proc-${parts[0]}`;
}

function useTransition(procedure: Procedure) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ action, note }: { action: Simple | 'review' | 'return'; note?: string }) =>
      post<Procedure>(`${ESC}/procedures/${procedure.id}/${action}`, action === 'review' || action === 'return' ? { note } : undefined),
    onSuccess: (next, { action }) => {
      queryClient.setQueryData(['escalations', 'procedure', next.id], next);
      void queryClient.invalidateQueries({ queryKey: ['escalations'], predicate: (q) => q.queryKey[1] !== 'procedure' });
      announce(action === 'publish' ? `Published as version ${next.currentVersion}.` : DONE[action]);
    },
  });
}

function NoteForm({ procedure, action, onDone }: { procedure: Procedure; action: 'review' | 'return'; onDone: () => void }) {
  const [note, setNote] = useState('');
  const transition = useTransition(procedure);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    transition.mutate({ action, note: note.trim() || undefined }, { onSuccess: onDone });
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorAlert error={transition.error} />
      <TextAreaField
        label={action === 'return' ? 'What the Expert should change' : 'Review note'}
        required={action === 'return'}
        rows={4}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        hint={action === 'review' ? 'Optional: what you tuned, or anything to watch.' : undefined}
        error={fieldError(transition.error, 'body.note')}
      />
      <div className="form__actions">
        <Button type="submit" busy={transition.isPending} busyLabel="Saving…">
          {action === 'return' ? 'Send back to the Expert' : 'Mark reviewed'}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

interface ShareResult {
  version: number;
  sent: { id: string; name: string }[];
  alreadyShared: { id: string; name: string }[];
}

function ShareForm({ procedure, onDone }: { procedure: Procedure; onDone: () => void }) {
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const [people, setPeople] = useState<string[]>([]);
  const [picking, setPicking] = useState('');
  const [message, setMessage] = useState('');
  const share = useMutation({
    mutationFn: () => post<ShareResult>(`${ESC}/procedures/${procedure.id}/share`, { personIds: people, message: message.trim() || undefined }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: ['escalations'], predicate: (q) => q.queryKey[1] !== 'procedure' });
      announce(`Shared version ${r.version} with ${r.sent.length} ${r.sent.length === 1 ? 'person' : 'people'}.`);
    },
  });
  if (share.data) {
    const r = share.data;
    return (
      <>
        <Notice kind="success" role="status">
          Version {r.version} was e-mailed to {r.sent.length ? r.sent.map((p) => p.name).join(', ') : 'nobody new'}.
        </Notice>
        {r.alreadyShared.length ? <p>Already had this version: {r.alreadyShared.map((p) => p.name).join(', ')}.</p> : null}
        <Button onClick={onDone}>Done</Button>
      </>
    );
  }
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        share.mutate();
      }}
      noValidate
    >
      <p>E-mail version {procedure.currentVersion} to the managers it affects. Each person gets each version once.</p>
      <ErrorAlert error={share.error} />
      <PersonPicker label="Add a person" value={picking} onChange={(id) => setPicking(id)} error={fieldError(share.error, 'body.personIds')} />
      <p>
        <Button
          variant="secondary"
          disabled={!picking || people.includes(picking)}
          onClick={() => {
            setPeople([...people, picking]);
            setPicking('');
          }}
        >
          Add to the list
        </Button>
      </p>
      <SharePeople ids={people} onRemove={(id) => setPeople(people.filter((p) => p !== id))} />
      <TextAreaField label="Message" rows={3} value={message} onChange={(e) => setMessage(e.target.value)} hint="Optional: a line on why they get it." error={fieldError(share.error, 'body.message')} />
      <div className="form__actions">
        <Button type="submit" busy={share.isPending} busyLabel="Sending…" disabled={people.length === 0}>
          Share by e-mail
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function PersonChip({ id, onRemove }: { id: string; onRemove: () => void }) {
  const person = useQuery(personQuery(id));
  const name = person.data?.name ?? 'Chosen person';
  return (
    <li className="chip">
      {name}
      <button type="button" className="chip__remove" onClick={onRemove} aria-label={`Remove ${name}`}>
        <span aria-hidden="true">×</span>
      </button>
    </li>
  );
}

function SharePeople({ ids, onRemove }: { ids: string[]; onRemove: (id: string) => void }) {
  if (ids.length === 0) return <p className="muted">Nobody chosen yet.</p>;
  return (
    <ul className="chips" aria-label="People to share with">
      {ids.map((id) => (
        <PersonChip key={id} id={id} onRemove={() => onRemove(id)} />
      ))}
    </ul>
  );
}

const STAGES = [
  { key: 'draft', label: 'Draft' },
  { key: 'reviewed', label: 'Reviewed' },
  { key: 'published', label: 'Published' },
] as const;

function explain(p: Procedure): string {
  switch (p.status) {
    case 'draft':
      return p.submittedAt
        ? `Submitted for review on ${formatDateTime(p.submittedAt)}. A manager marks it reviewed or sends it back.`
        : 'Being written by its Expert. Submit it for review when it is complete.';
    case 'reviewed':
      return `Reviewed${p.reviewedBy ? ` by ${p.reviewedBy.name}` : ''}${p.reviewedAt ? ` on ${formatDateTime(p.reviewedAt)}` : ''}. Editing it puts it back to draft. A manager publishes it.`;
    case 'published':
      return `Version ${p.currentVersion} is in force: incidents follow it. Editing starts a new draft while this version stays in force.`;
    default:
      return 'Archived: out of the binder. No incident can start from it until it is restored.';
  }
}

/** The procedure's state (draft, reviewed, published), what it still lacks, and the actions the caller may take. */
export function LifecyclePanel({ procedure, dirty }: { procedure: Procedure; dirty: boolean }) {
  const transition = useTransition(procedure);
  const [dialog, setDialog] = useState<ProcedureAction | null>(null);
  const can = (a: ProcedureAction) => procedure.allowedActions.includes(a);
  const stageIndex = STAGES.findIndex((s) => s.key === procedure.status);
  const blocked = dirty ? 'Save or discard your changes first.' : undefined;
  const run = (action: Simple) => transition.mutate({ action }, { onSuccess: () => setDialog(null) });
  const hasActions = (['submit', 'review', 'return', 'publish', 'share', 'archive', 'restore'] as const).some(can);

  return (
    <section className="card lifecycle" aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading">Review and publishing</h2>
      {procedure.status !== 'archived' ? (
        <ol className="stages-bar" aria-label="Lifecycle">
          {STAGES.map((s, i) => {
            const state = i < stageIndex ? 'done' : i === stageIndex ? 'current' : 'todo';
            return (
              <li key={s.key} className={`stages-bar__item stages-bar__item--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
                <span aria-hidden="true">{state === 'done' ? '✓ ' : ''}</span>
                {s.label}
                {state === 'current' ? <span className="visually-hidden"> (current)</span> : null}
              </li>
            );
          })}
        </ol>
      ) : null}
      <p>{explain(procedure)}</p>
      {procedure.reviewNote ? (
        <p className="quote">
          <strong>Note from the reviewer:</strong> {procedure.reviewNote}
        </p>
      ) : null}
      {procedure.missing.length > 0 && procedure.status !== 'archived' ? (
        <div className="alert alert--warning">
          <p className="alert__title">Before it can be reviewed and published ({procedure.missing.length}):</p>
          <ul>
            {procedure.missing.map((m) => (
              <li key={m.path + m.message}>
                <button type="button" className="link-button" onClick={() => focusElement(targetOf(m.path))}>
                  {m.message}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorAlert error={transition.isError && dialog === null ? transition.error : null} />
      {hasActions ? (
        <div className="form__actions">
          {can('submit') ? (
            <Button busy={transition.isPending && transition.variables?.action === 'submit'} disabled={!!blocked} onClick={() => run('submit')}>
              Submit for review
            </Button>
          ) : null}
          {can('review') ? (
            <Button disabled={!!blocked} onClick={() => setDialog('review')}>
              Mark reviewed
            </Button>
          ) : null}
          {can('publish') ? (
            <Button disabled={!!blocked} onClick={() => setDialog('publish')}>
              Publish
            </Button>
          ) : null}
          {can('return') ? (
            <Button variant="secondary" disabled={!!blocked} onClick={() => setDialog('return')}>
              Send back to the Expert
            </Button>
          ) : null}
          {can('share') ? (
            <Button variant="secondary" onClick={() => setDialog('share')}>
              Share by e-mail
            </Button>
          ) : null}
          {can('archive') ? (
            <Button variant="danger" onClick={() => setDialog('archive')}>
              Archive
            </Button>
          ) : null}
          {can('restore') ? (
            <Button busy={transition.isPending} onClick={() => run('restore')}>
              Restore
            </Button>
          ) : null}
        </div>
      ) : null}
      {blocked && hasActions ? <p className="muted small">{blocked}</p> : null}
      {procedure.status === 'draft' && !can('review') && can('return') && procedure.missing.length > 0 ? (
        <p className="muted small">Mark reviewed becomes available when nothing is missing.</p>
      ) : null}

      <Dialog open={dialog === 'review' || dialog === 'return'} title={dialog === 'return' ? 'Send back to the Expert' : 'Mark reviewed'} onClose={() => setDialog(null)}>
        {dialog === 'review' || dialog === 'return' ? <NoteForm procedure={procedure} action={dialog} onDone={() => setDialog(null)} /> : null}
      </Dialog>
      <Dialog open={dialog === 'share'} title={`Share "${procedure.title}"`} onClose={() => setDialog(null)}>
        {dialog === 'share' ? <ShareForm procedure={procedure} onDone={() => setDialog(null)} /> : null}
      </Dialog>
      <Dialog
        open={dialog === 'publish'}
        title={`Publish as version ${(procedure.currentVersion ?? 0) + 1}?`}
        onClose={() => {
          transition.reset();
          setDialog(null);
        }}
      >
        <p>
          Version {(procedure.currentVersion ?? 0) + 1} goes into the binder and new incidents follow it at once.
          {procedure.currentVersion ? ` Version ${procedure.currentVersion} stays in the version history.` : ''} A published version never changes.
        </p>
        <ErrorAlert error={transition.error} />
        <div className="form__actions">
          <Button busy={transition.isPending} busyLabel="Publishing…" onClick={() => run('publish')}>
            Publish version {(procedure.currentVersion ?? 0) + 1}
          </Button>
          <Button
            variant="secondary"
            disabled={transition.isPending}
            onClick={() => {
              transition.reset();
              setDialog(null);
            }}
          >
            Cancel
          </Button>
        </div>
      </Dialog>
      <ConfirmDialog
        open={dialog === 'archive'}
        title={`Archive "${procedure.title}"?`}
        confirmLabel="Archive"
        busy={transition.isPending}
        error={transition.error}
        onCancel={() => {
          transition.reset();
          setDialog(null);
        }}
        onConfirm={() => run('archive')}
      >
        <p>It leaves the binder and no new incident can start from it. Incidents already running keep following their version. A manager can restore it.</p>
      </ConfirmDialog>
    </section>
  );
}
