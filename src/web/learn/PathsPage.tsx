import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { post } from '../api/client';
import { myEnrolmentsQuery, pathsQuery, type Enrolment, type PathSummary } from '../api/learn';
import { ErrorAlert } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { formatDate } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { DueDate, LearnNav, minutesText, ProgressBar } from './parts';

/** The caller's current (not withdrawn) enrolment in each path. */
export function enrolmentsByPath(items: Enrolment[] | undefined): Map<string, Enrolment> {
  const map = new Map<string, Enrolment>();
  for (const e of items ?? []) if (e.status !== 'withdrawn' && !map.has(e.path.pathKey)) map.set(e.path.pathKey, e);
  return map;
}

export function useEnrol() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (path: { key: string; title: string }) => post<Enrolment>('/api/v1/learn/enrolments', { pathKey: path.key }),
    onSuccess: (_e, path) => {
      void queryClient.invalidateQueries({ queryKey: ['learn', 'my-enrolments'] });
      announce(`You are enrolled in ${path.title}.`);
    },
  });
}

function PathCard({ path, enrolment }: { path: PathSummary; enrolment: Enrolment | undefined }) {
  const enrol = useEnrol();
  const headingId = `path-${path.key}`;
  return (
    <li>
      <article className={enrolment?.overdue && enrolment.status === 'active' ? 'card path-card card--overdue' : 'card path-card'} aria-labelledby={headingId}>
        <h2 id={headingId} className="tile__title">
          <Link to="/learn/paths/$pathKey" params={{ pathKey: path.key }}>
            {path.title}
          </Link>
        </h2>
        <ul className="path-facts">
          <li>
            {path.fromLevel.id === path.toLevel.id ? `For ${path.toLevel.label}s` : `${path.fromLevel.label} → ${path.toLevel.label}`}
          </li>
          <li>
            {path.lessonCount} lessons · {minutesText(path.minutes)}
          </li>
        </ul>
        <p>{path.summary}</p>
        {enrolment?.status === 'completed' ? (
          <p>
            <span className="badge badge--completed">
              <span aria-hidden="true">✓ </span>Completed {formatDate(enrolment.completedAt)}
            </span>
          </p>
        ) : enrolment ? (
          <>
            <ProgressBar percent={enrolment.progress.percent} label={`Progress in ${path.title}`} detail={`${enrolment.progress.completed} of ${enrolment.progress.total} lessons completed`} />
            <p className="small">
              {enrolment.progress.completed} of {enrolment.progress.total} lessons done
              {enrolment.dueDate ? ' · ' : ''}
              <DueDate enrolment={enrolment} />
            </p>
          </>
        ) : null}
        <ErrorAlert error={enrol.error} />
        <div className="form__actions">
          {!enrolment ? (
            <Button onClick={() => enrol.mutate({ key: path.key, title: path.title })} busy={enrol.isPending} busyLabel="Enrolling…" aria-label={`Enrol in ${path.title}`}>
              Enrol
            </Button>
          ) : enrolment.status === 'active' && enrolment.progress.nextLesson ? (
            <Link className="button button--primary" to="/learn/lessons/$lessonKey" params={{ lessonKey: enrolment.progress.nextLesson.lessonKey }} search={{ path: path.key }}>
              Continue<span className="visually-hidden"> {path.title}</span>
            </Link>
          ) : null}
          <Link className="button button--secondary" to="/learn/paths/$pathKey" params={{ pathKey: path.key }}>
            View the path<span className="visually-hidden"> {path.title}</span>
          </Link>
        </div>
      </article>
    </li>
  );
}

export function PathsPage() {
  useDocumentTitle('Learning paths');
  const paths = useQuery(pathsQuery);
  const mine = useQuery(myEnrolmentsQuery);
  const byPath = enrolmentsByPath(mine.data?.items);
  return (
    <>
      <PageHeader title="Learning paths" description="A path takes you through the lessons for one career step, in order. Enrol yourself, or your manager can assign one with a due date." />
      <LearnNav />
      <ErrorAlert error={paths.error ?? mine.error} />
      {paths.isPending ? <Loading label="Loading paths…" /> : null}
      {paths.data && paths.data.items.length === 0 ? <EmptyState>No learning paths yet. An administrator can import a content pack that has them.</EmptyState> : null}
      {paths.data && paths.data.items.length > 0 ? (
        <ul className="path-cards">
          {paths.data.items.map((p) => (
            <PathCard key={p.key} path={p} enrolment={byPath.get(p.key)} />
          ))}
        </ul>
      ) : null}
    </>
  );
}
