import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { post } from '../api/client';
import { useMe } from '../api/identity';
import { ceHoursQuery, currentTipQuery, GUIDE_STAGES, myEnrolmentsQuery, myLessonsQuery, remindersQuery, stageGuideUrl, stagesQuery, type Reminder } from '../api/learn';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { formatDate, formatDateTime } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { GuideDownload } from './GuideDownload';
import { DueDate, hoursText, LearnNav, minutesText, ProgressBar, sourceText } from './parts';

/** "the-worked-example" → "the worked example": a readable hint of where the reader stopped. */
function anchorWords(anchor: string): string {
  return anchor.replace(/^lesson-part-/, '').replace(/[-_]+/g, ' ');
}

function LibrarySearchBox() {
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  return (
    <form
      className="card search-bar"
      role="search"
      aria-label="Search the library"
      onSubmit={(e) => {
        e.preventDefault();
        void navigate({ to: '/learn/library', search: { q: q.trim() || undefined } });
      }}
    >
      <TextField label="Search the library" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="For example: delegation, escalation, budget" />
      <Button type="submit">Search</Button>
    </form>
  );
}

function Reminders() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const reminders = useQuery(remindersQuery);
  const dismiss = useMutation({
    mutationFn: (r: Reminder) => post<void>(`/api/v1/learn/reminders/${r.id}/dismiss`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['learn', 'reminders'] });
      announce('Reminder hidden.');
    },
  });
  const items = reminders.data?.items ?? [];
  if (items.length === 0) return <ErrorAlert error={reminders.error} />;
  return (
    <section className="card card--overdue" aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">Reminders</h2>
      <ErrorAlert error={dismiss.error} />
      <ul className="item-list">
        {items.map((r) => (
          <li key={r.id}>
            <p className={r.overdue ? 'due--overdue' : undefined}>
              {r.overdue ? <span aria-hidden="true">⚠ </span> : null}
              <Link to="/learn/paths/$pathKey" params={{ pathKey: r.pathKey }}>
                {r.pathTitle}
              </Link>{' '}
              {r.overdue ? `was due on ${formatDate(`${r.dueDate}T12:00:00Z`)} and is not finished.` : `is due on ${formatDate(`${r.dueDate}T12:00:00Z`)}.`}
            </p>
            <Button variant="secondary" onClick={() => dismiss.mutate(r)} aria-label={`Hide the reminder about ${r.pathTitle}`}>
              Hide
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ContinueReading() {
  const recent = useQuery(myLessonsQuery('in_progress', 0, 3));
  const [first, ...others] = recent.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="continue-heading">
      <h2 id="continue-heading">Continue where you left off</h2>
      {recent.isPending ? <Loading label="Loading your lessons…" /> : null}
      <ErrorAlert error={recent.error} />
      {recent.data && !first ? (
        <EmptyState>
          Nothing in progress. Pick a lesson in the <Link to="/learn/library">library</Link> or follow a <Link to="/learn/paths">learning path</Link>.
        </EmptyState>
      ) : null}
      {first ? (
        <>
          <p className="item-list__title">{first.title}</p>
          <p className="item-list__meta">
            Last opened {formatDateTime(first.lastOpenedAt)}
            {first.position?.anchor ? ` · you were at “${anchorWords(first.position.anchor)}”` : ''}
            {first.position ? ` · ${Math.round(first.position.fraction * 100)}% through` : ''}
          </p>
          <ProgressBar percent={(first.position?.fraction ?? 0) * 100} label={`How far you have read in ${first.title}`} />
          <p>
            <Link className="button button--primary" to="/learn/lessons/$lessonKey" params={{ lessonKey: first.lessonKey }}>
              Resume<span className="visually-hidden"> {first.title}</span>
            </Link>
          </p>
        </>
      ) : null}
      {others.length > 0 ? (
        <>
          <h3 className="h-small">Also started</h3>
          <ul className="plain-list">
            {others.map((l) => (
              <li key={l.lessonKey}>
                <Link to="/learn/lessons/$lessonKey" params={{ lessonKey: l.lessonKey }}>
                  {l.title}
                </Link>{' '}
                <span className="muted small">· {minutesText(l.minutes)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function MyPaths() {
  const enrolments = useQuery(myEnrolmentsQuery);
  const active = (enrolments.data?.items ?? []).filter((e) => e.status === 'active').sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  const completed = (enrolments.data?.items ?? []).filter((e) => e.status === 'completed');
  return (
    <section className="card" aria-labelledby="paths-heading">
      <h2 id="paths-heading">Your learning paths</h2>
      {enrolments.isPending ? <Loading label="Loading your paths…" /> : null}
      <ErrorAlert error={enrolments.error} />
      {enrolments.data && active.length === 0 ? (
        <EmptyState>
          {completed.length ? 'No path in progress.' : 'You are not following a path yet.'} <Link to="/learn/paths">Browse the learning paths</Link>.
        </EmptyState>
      ) : null}
      {active.length > 0 ? (
        <ul className="item-list">
          {active.map((e) => (
            <li key={e.id}>
              <Link to="/learn/paths/$pathKey" params={{ pathKey: e.path.pathKey }} className="item-list__title">
                {e.path.title}
              </Link>
              <ProgressBar percent={e.progress.percent} label={`Progress in ${e.path.title}`} detail={`${e.progress.completed} of ${e.progress.total} lessons completed`} />
              <p className="item-list__meta">
                {e.progress.completed} of {e.progress.total} lessons · {sourceText(e)}
                {e.dueDate ? ' · ' : ''}
                <DueDate enrolment={e} />
              </p>
              {e.progress.nextLesson ? (
                <p className="small">
                  Next:{' '}
                  <Link to="/learn/lessons/$lessonKey" params={{ lessonKey: e.progress.nextLesson.lessonKey }} search={{ path: e.path.pathKey }}>
                    {e.progress.nextLesson.title}
                  </Link>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {completed.length > 0 ? (
        <p className="small">
          <span className="badge badge--completed">
            <span aria-hidden="true">✓ </span>
            {completed.length} {completed.length === 1 ? 'path' : 'paths'} completed
          </span>{' '}
          {completed.map((e, i) => (
            <span key={e.id}>
              {i ? ', ' : ''}
              <Link to="/learn/paths/$pathKey" params={{ pathKey: e.path.pathKey }}>
                {e.path.title}
              </Link>
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
}

function WeeklyTip() {
  const tip = useQuery(currentTipQuery);
  return (
    <section className="card" aria-labelledby="tip-heading">
      <h2 id="tip-heading">This week’s tip</h2>
      {tip.isPending ? <Loading label="Loading the tip…" /> : null}
      <ErrorAlert error={tip.error} />
      {tip.data && !tip.data.subscribed ? (
        <EmptyState>You turned the weekly tip off.</EmptyState>
      ) : tip.data?.tip ? (
        <>
          <h3 className="tip__title">{tip.data.tip.title}</h3>
          {tip.data.tip.bodyMarkdown
            .split(/\n\s*\n/)
            .filter((p) => p.trim())
            .map((p, i) => (
              <p key={i}>{p.trim()}</p>
            ))}
          <p className="small muted">
            {tip.data.delivered ? 'Week of' : 'Your first tip, coming by e-mail in the week of'} {formatDate(`${tip.data.tip.weekOf}T12:00:00Z`)}
          </p>
        </>
      ) : tip.data ? (
        <EmptyState>No tip yet. The weekly tip goes out on Monday mornings; the first one will show here.</EmptyState>
      ) : null}
      {tip.data ? (
        <p className="small">
          {tip.data.subscribed ? 'You get this tip by e-mail each week. ' : ''}
          <Link to="/profile">{tip.data.subscribed ? 'Change this in your profile' : 'Turn weekly tips on in your profile'}</Link>
        </p>
      ) : null}
    </section>
  );
}

function CeHours() {
  const ce = useQuery(ceHoursQuery());
  const year = new Date().getFullYear();
  const thisYear = ce.data?.years.find((y) => y.year === year);
  return (
    <section className="card" aria-labelledby="ce-heading">
      <h2 id="ce-heading">Continuing education in {year}</h2>
      {ce.isPending ? <Loading label="Loading your hours…" /> : null}
      <ErrorAlert error={ce.error} />
      {ce.data ? (
        <>
          <p className="stat">
            <span className="stat__value">{(Math.round((thisYear?.hours ?? 0) * 10) / 10).toLocaleString()}</span>
            <span>{thisYear?.hours === 1 ? 'hour' : 'hours'} this year</span>
          </p>
          <p className="small muted">
            From {thisYear?.lessons ?? 0} completed {thisYear?.lessons === 1 ? 'lesson' : 'lessons'}. {hoursText(ce.data.hours)} in all. Certificates are renewed with these hours.
          </p>
          <p className="small">
            <Link to="/learn/my">Hours by year and completed lessons</Link>
          </p>
        </>
      ) : null}
    </section>
  );
}

function Guides() {
  const stages = useQuery(stagesQuery);
  const items = (stages.data?.items ?? []).filter((s) => GUIDE_STAGES.includes(s.id) && s.lessonCount > 0);
  if (items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="guides-heading">
      <h2 id="guides-heading">Printable guides</h2>
      <p className="small muted">Each training stage as one PDF with a cover, contents and every lesson. Path guides are on each path’s page.</p>
      <ul className="guide-list">
        {items.map((s) => (
          <li key={s.id}>
            <span>
              {s.title} <span className="muted small">({s.lessonCount} lessons)</span>
            </span>
            <GuideDownload url={stageGuideUrl(s.id)} fileName={`${s.id}-guide.pdf`} label={`Download ${s.title} (PDF)`} what={s.title} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function LearnHomePage() {
  useDocumentTitle('Learn');
  const { data: me } = useMe();
  return (
    <>
      <PageHeader title="Learn" description="Short lessons and learning paths for every step from specialist to IT leader." />
      <LearnNav />
      <LibrarySearchBox />
      <Reminders />
      <div className="learn-grid">
        <div>
          <ContinueReading />
          <MyPaths />
        </div>
        <div>
          <WeeklyTip />
          <CeHours />
          <Guides />
        </div>
      </div>
      {me && me.directReportCount > 0 ? (
        <Notice>
          <p>
            {me.directReportCount} {me.directReportCount === 1 ? 'person reports' : 'people report'} to you. See their path progress and assign paths in{' '}
            <Link to="/learn/team">Team progress</Link>.
          </p>
        </Notice>
      ) : null}
    </>
  );
}
