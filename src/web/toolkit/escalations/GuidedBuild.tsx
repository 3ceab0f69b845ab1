import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { progressQuery, type BinderProgress } from '../../api/escalations';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../../ui/Alert';
import { Loading } from '../../ui/Spinner';
import { focusElement } from './focus';
import { plural } from './labels';

type Step = BinderProgress['steps'][number];

function countsText(step: Step): string {
  const c = step.counts;
  const n = (k: string) => c[k] ?? 0;
  switch (step.key) {
    case 'assign-experts':
      return n('supportAreas') === 0 ? 'No support areas yet.' : `${n('withExpert')} of ${plural(n('supportAreas'), 'support area')} have an Expert.`;
    case 'propose-situations':
      return `${plural(n('proposals'), 'proposal')}; ${plural(n('areasWaiting'), 'area')} still to propose.`;
    case 'agree-list':
      return `${n('pending')} waiting for a decision, ${n('accepted')} accepted, ${n('declined')} declined.`;
    case 'draft':
      return `${n('notStarted')} not started, ${n('drafting')} being drafted, ${n('submitted')} submitted for review.`;
    case 'review':
      return `${n('awaitingReview')} waiting for review, ${n('reviewed')} reviewed.`;
    case 'publish':
      return `${n('published')} published, ${n('inForce')} in force, ${n('shared')} shared with managers.`;
    default:
      return '';
  }
}

function ItemLink({ item }: { item: BinderProgress['waiting'][number]['item'] }) {
  if (item.type === 'procedure') {
    return (
      <Link to="/toolkit/escalations/procedures/$id" params={{ id: item.id }}>
        {item.title}
      </Link>
    );
  }
  const target = item.type === 'proposal' ? `proposal-${item.id}` : `area-${item.id}`;
  return (
    <button type="button" className="link-button" onClick={() => focusElement(target)}>
      {item.title}
    </button>
  );
}

/** DOMAIN.md's six steps of building a binder: where the organisation stands and who waits on whom. */
export function GuidedBuild() {
  const progress = useQuery(progressQuery);
  if (progress.isPending) return <Loading label="Loading the binder's progress…" />;
  // Only managers, admins and Experts may see the progress; for anyone else the section is simply absent.
  if (progress.isError && progress.error instanceof ApiError && progress.error.status === 403) return null;
  if (progress.isError) return <ErrorAlert error={progress.error} title="The progress could not be loaded." />;
  const p = progress.data;
  const done = p.steps.filter((s) => s.done).length;
  return (
    <section className="card build" aria-labelledby="build-heading">
      <h2 id="build-heading">Guided build</h2>
      <div className="build__summary">
        <label htmlFor="build-progress" className="build__progress-label">
          {done} of {p.steps.length} steps done
        </label>
        <progress id="build-progress" className="build__progress" max={p.steps.length} value={done}>
          {done} of {p.steps.length}
        </progress>
        <p className="build__next">
          <strong>{p.currentStep > p.steps.length ? 'Done:' : `Next (step ${p.currentStep}):`}</strong> {p.next}
        </p>
      </div>
      <ol className="build__steps">
        {p.steps.map((s) => {
          const state = s.done ? 'done' : s.step === p.currentStep ? 'current' : 'todo';
          return (
            <li key={s.key} className={`build__step build__step--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="build__marker" aria-hidden="true">
                {s.done ? '✓' : s.step}
              </span>
              <div>
                <p className="build__label">
                  {s.label} <span className="visually-hidden">({state === 'done' ? 'done' : state === 'current' ? 'current step' : 'not done yet'})</span>
                </p>
                <p className="build__counts">{countsText(s)}</p>
              </div>
            </li>
          );
        })}
      </ol>
      <h3>Who is waiting on whom</h3>
      {p.waiting.length === 0 ? (
        <p className="muted">Nobody is waiting on anyone.</p>
      ) : (
        <ul className="waiting">
          {p.waiting.map((w) => (
            <li key={`${w.step}-${w.item.type}-${w.item.id}-${w.action}`}>
              <span className="waiting__step">Step {w.step}</span> <strong>{w.on.name}</strong> to {w.action}: <ItemLink item={w.item} />.{' '}
              <span className="muted">{w.waiting.name} {w.waiting.kind === 'manager' ? 'are' : 'is'} waiting.</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
