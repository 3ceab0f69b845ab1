import { ErrorAlert, Notice } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';

function numbers(list: number[]): string {
  return list.length ? list.join(', ') : 'none';
}

/** The confirm before submitting: what is unanswered or flagged, and whether every answer is saved. */
export function SubmitDialog({
  open,
  unanswered,
  flagged,
  unsavedCount,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  unanswered: number[];
  flagged: number[];
  unsavedCount: number;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog open={open} title="Submit the exam?" onClose={onCancel}>
      <p>After you submit, you cannot change any answer. Your result is shown straight away.</p>
      <dl className="exam-submit-summary">
        <div>
          <dt>Unanswered ({unanswered.length})</dt>
          <dd>{unanswered.length ? `Questions ${numbers(unanswered)}. A question left blank counts as wrong.` : 'None: you answered every question.'}</dd>
        </div>
        <div>
          <dt>Flagged for review ({flagged.length})</dt>
          <dd>{flagged.length ? `Questions ${numbers(flagged)}.` : 'None.'}</dd>
        </div>
      </dl>
      {unsavedCount > 0 ? (
        <Notice kind="warning" role="status">
          <p>
            {unsavedCount} {unsavedCount === 1 ? 'answer is' : 'answers are'} not saved yet. Wait until every answer shows &ldquo;Saved&rdquo;, then submit.
          </p>
        </Notice>
      ) : null}
      <ErrorAlert error={error} title="The exam could not be submitted." />
      <div className="form__actions">
        <Button busy={busy} busyLabel="Submitting…" disabled={unsavedCount > 0} onClick={onConfirm}>
          Submit now
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          Keep working
        </Button>
      </div>
    </Dialog>
  );
}
