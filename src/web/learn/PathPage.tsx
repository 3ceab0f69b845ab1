import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { post } from '../api/client';
import { myEnrolmentsQuery, myLessonStatusQuery, pathGuideUrl, pathQuery, type Enrolment, type EnrolmentLesson, type LessonStatus } from '../api/learn';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { formatDate } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { PageHeader } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { GuideDownload } from './GuideDownload';
import { DueDate, LearnNav, LessonStatusBadge, minutesText, ProgressBar, sourceText } from './parts';
import { enrolmentsByPath, useEnrol } from './PathsPage';

function EnrolmentPanel({ enrolment, pathTitle }: { enrolment: Enrolment; pathTitle: string }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [confirming, setConfirming] = useState(false);
  const withdraw = useMutation({
    mutationFn: () => post<Enrolment>(`/api/v1/learn/enrolments/${enrolment.id}/withdraw`),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: ['learn', 'my-enrolments'] });
      announce(`You left ${pathTitle}.`);
    },
  });
  const { progress } = enrolment;
  if (enrolment.status === 'completed') {
    return (
      <Notice kind="success" role="status">
        <p>
          <strong>
            <span aria-hidden="true">✓ </span>Path complete.
          </strong>{' '}
          You finished every lesson of this path on {formatDate(enrolment.completedAt)}.
        </p>
      </Notice>
    );
  }
  return (
    <section className={enrolment.overdue ? 'card card--overdue' : 'card'} aria-labelledby="enrolment-heading">
      <h2 id="enrolment-heading">Your progress</h2>
      <ProgressBar percent={progress.percent} label={`Progress in ${pathTitle}`} detail={`${progress.completed} of ${progress.total} lessons completed`} />
      <p>
        {progress.completed} of {progress.total} lessons completed · {sourceText(enrolment)} on {formatDate(enrolment.enrolledAt)}
        {enrolment.dueDate ? ' · ' : ''}
        <DueDate enrolment={enrolment} />
      </p>
      <ErrorAlert error={withdraw.error} />
      <div className="form__actions">
        {progress.nextLesson ? (
          <Link className="button button--primary" to="/learn/lessons/$lessonKey" params={{ lessonKey: progress.nextLesson.lessonKey }} search={{ path: enrolment.path.pathKey }}>
            {progress.completed === 0 ? 'Start' : 'Continue'}: {progress.nextLesson.title}
          </Link>
        ) : null}
        {enrolment.source === 'self' ? (
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            Leave this path
          </Button>
        ) : (
          <span className="small muted">Assigned to you, so only {enrolment.assignedBy?.name ?? 'the person who assigned it'} or an administrator can withdraw it.</span>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        title="Leave this path?"
        confirmLabel="Leave the path"
        busy={withdraw.isPending}
        error={withdraw.error}
        onConfirm={() => withdraw.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          You stop following <strong>{pathTitle}</strong>. Lessons you completed stay completed, and you can enrol again at any time.
        </p>
      </ConfirmDialog>
    </section>
  );
}

export function PathPage({ pathKey }: { pathKey: string }) {
  const path = useQuery(pathQuery(pathKey));
  const mine = useQuery(myEnrolmentsQuery);
  const lessonsMine = useQuery(myLessonStatusQuery);
  const enrol = useEnrol();
  useDocumentTitle(path.data?.title ?? 'Learning path');

  if (path.error) {
    return (
      <>
        <PageHeader title="Learning path" />
        <LearnNav />
        <ErrorAlert error={path.error} title="This path cannot be shown" />
        <p>
          <Link to="/learn/paths">All learning paths</Link>
        </p>
      </>
    );
  }
  if (!path.data) return <Loading label="Loading the path…" />;
  const p = path.data;
  const enrolment = enrolmentsByPath(mine.data?.items).get(p.key);
  const fromEnrolment = new Map<string, EnrolmentLesson>(enrolment ? enrolment.progress.sections.flatMap((s) => s.lessons.map((l) => [l.lessonKey, l] as const)) : []);
  const statusOf = (key: string): { status: LessonStatus; updated: boolean } => {
    const e = fromEnrolment.get(key);
    if (e) return { status: e.status, updated: e.updatedSinceCompleted };
    const m = lessonsMine.data?.get(key);
    return { status: m?.status ?? 'not_started', updated: !!m?.updatedSinceCompleted };
  };

  return (
    <>
      <PageHeader title={p.title} description={p.summary} />
      <LearnNav />
      <ul className="path-facts">
        <li>{p.fromLevel.id === p.toLevel.id ? `For ${p.toLevel.label}s` : `From ${p.fromLevel.label} to ${p.toLevel.label}`}</li>
        <li>
          {p.lessonCount} lessons · {minutesText(p.minutes)}
        </li>
        <li>
          {p.sections.length} {p.sections.length === 1 ? 'section' : 'sections'}
        </li>
      </ul>
      {p.retired ? <Notice kind="warning">This path was left out of the latest content pack: it is kept for the people who were following it, but nobody new can enrol.</Notice> : null}
      {mine.isPending ? <Loading label="Checking your enrolment…" /> : null}
      <ErrorAlert error={mine.error} />
      {enrolment ? <EnrolmentPanel enrolment={enrolment} pathTitle={p.title} /> : null}
      {!enrolment && mine.data && !p.retired ? (
        <section className="card" aria-labelledby="enrol-heading">
          <h2 id="enrol-heading">Follow this path</h2>
          <p>Enrol to track your progress through these lessons. Your manager sees your progress on paths you follow.</p>
          <ErrorAlert error={enrol.error} />
          <Button onClick={() => enrol.mutate({ key: p.key, title: p.title })} busy={enrol.isPending} busyLabel="Enrolling…">
            Enrol in this path
          </Button>
        </section>
      ) : null}
      <section className="card" aria-labelledby="guide-heading">
        <h2 id="guide-heading">Printable guide</h2>
        <p>The whole path in one PDF, with a cover, contents and every lesson: for reading offline or on paper.</p>
        <GuideDownload url={pathGuideUrl(p.key)} fileName={`${p.key}-guide.pdf`} label="Download the PDF guide" what={p.title} />
      </section>
      {p.sections.map((section, si) => {
        const done = section.lessons.filter((l) => statusOf(l.key).status === 'completed').length;
        return (
          <section key={si} className="card" aria-labelledby={`section-${si}`}>
            <h2 id={`section-${si}`}>
              {si + 1}. {section.title}
            </h2>
            {section.description ? <p className="muted">{section.description}</p> : null}
            <p className="small">
              {done} of {section.lessons.length} completed
            </p>
            <ol className="path-section__lessons">
              {section.lessons.map((l) => {
                const s = statusOf(l.key);
                return (
                  <li key={l.key}>
                    <div>
                      <Link to="/learn/lessons/$lessonKey" params={{ lessonKey: l.key }} search={{ path: p.key }} className="item-list__title">
                        {l.title}
                      </Link>
                      <p className="item-list__meta">
                        {minutesText(l.minutes)} · {l.summary}
                      </p>
                    </div>
                    <div className="badge-stack">
                      <LessonStatusBadge status={s.status} updated={s.updated} />
                      {l.retired ? <span className="badge badge--retired">Retired</span> : null}
                    </div>
                  </li>
                );
              })}
            </ol>
          </section>
        );
      })}
    </>
  );
}
