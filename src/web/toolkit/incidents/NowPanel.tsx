import type { Incident, IncidentTimer } from '../../api/escalations';
import { updateState } from './cadence';
import { useNow } from '../../api/live';
import { Button } from '../../ui/Button';
import { formatDateTime } from '../../ui/format';
import { countdown, durationWords } from '../escalations/labels';

function nextStep(incident: Incident): { timer: IncidentTimer; label: string } | null {
  const pending = incident.timers.filter((t) => (t.kind === 'step' || t.kind === 'repeat') && t.state === 'pending').sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const t = pending[0];
  if (!t) return null;
  const steps = incident.snapshot.steps;
  if (t.kind === 'step') {
    const n = Number(t.key.split(':')[1]);
    return { timer: t, label: `Step ${n} of ${steps.length}: ${steps[n - 1]?.title ?? ''}` };
  }
  const last = steps[steps.length - 1];
  return { timer: t, label: `Step ${steps.length} repeated: ${last?.title ?? ''}` };
}

/** The status-update reminder: a banner when an update is due or late. */
export function StatusReminder({ incident, onWrite }: { incident: Incident; onWrite?: () => void }) {
  const now = useNow(1000);
  const s = updateState(incident, now);
  if (s.kind !== 'due' && s.kind !== 'late') return null;
  const late = s.kind === 'late';
  return (
    <div className={late ? 'alert alert--error reminder' : 'alert alert--warning reminder'}>
      <p className="alert__title">{late ? 'The status update is late' : 'A status update is due'}</p>
      <p>
        {late
          ? `Late for ${durationWords(now - s.lateAt)}. The Expert and point people have been reminded. Silence reads as inaction: tell the stakeholders where things stand.`
          : `Stakeholders expect an update now${s.lateAt ? `; it counts as late in ${durationWords(s.lateAt - now)}` : ''}. The IT point person has been reminded.`}
      </p>
      {onWrite && incident.can.postUpdate ? (
        <Button variant="secondary" onClick={onWrite}>
          Write the update
        </Button>
      ) : null}
    </div>
  );
}

/** What happens next: the next step's countdown and the next status update. */
export function NowPanel({ incident }: { incident: Incident }) {
  const now = useNow(1000);
  if (incident.state === 'resolved') {
    return (
      <section className="card now" aria-labelledby="now-heading">
        <h2 id="now-heading">Resolved</h2>
        <p>
          Resolved {formatDateTime(incident.resolvedAt)}
          {incident.resolvedByName ? ` by ${incident.resolvedByName}` : ''}. Every pending step and reminder was cancelled.
        </p>
        {incident.resolution ? <p className="quote">{incident.resolution}</p> : null}
      </section>
    );
  }
  const step = nextStep(incident);
  const s = updateState(incident, now);
  const stepIn = step ? new Date(step.timer.dueAt).getTime() - now : 0;
  return (
    <section className="card now" aria-labelledby="now-heading">
      <h2 id="now-heading">What happens next</h2>
      <div className="now__grid">
        <div className="now__item">
          <p className="now__label">Next step</p>
          {step ? (
            <>
              <p className="now__what">{step.label}</p>
              <p className="now__count" role="timer" aria-label={stepIn > 0 ? `in ${durationWords(stepIn)}` : 'firing now'}>
                {stepIn > 0 ? countdown(stepIn) : 'now'}
              </p>
              <p className="muted small">at {formatDateTime(step.timer.dueAt)}</p>
            </>
          ) : (
            <p className="now__what">No more steps are scheduled.</p>
          )}
        </div>
        <div className="now__item">
          <p className="now__label">Next status update</p>
          {s.kind === 'upcoming' ? (
            <>
              <p className="now__what">Due in</p>
              <p className="now__count" role="timer" aria-label={`in ${durationWords(s.dueAt - now)}`}>
                {countdown(s.dueAt - now)}
              </p>
              <p className="muted small">at {formatDateTime(new Date(s.dueAt).toISOString())}</p>
            </>
          ) : s.kind === 'due' ? (
            <p className="now__what now__what--warn">Due now</p>
          ) : s.kind === 'late' ? (
            <p className="now__what now__what--bad">Late</p>
          ) : (
            <p className="now__what">None scheduled.</p>
          )}
          {incident.lastStatusUpdateAt ? <p className="muted small">Last update {formatDateTime(incident.lastStatusUpdateAt)}</p> : <p className="muted small">No update posted yet.</p>}
        </div>
      </div>
    </section>
  );
}
