import { Link, useRouterState } from '@tanstack/react-router';
import { useMe } from '../api/identity';
import type { Enrolment, LessonStatus, SnippetPart } from '../api/learn';
import { formatDate } from '../ui/format';

/** Learn area tabs; "Team progress" only for people managers and admins. */
export function LearnNav() {
  const { data: me } = useMe();
  const items = [
    { to: '/learn', label: 'Overview' },
    { to: '/learn/library', label: 'Library' },
    { to: '/learn/paths', label: 'Paths' },
    { to: '/learn/my', label: 'My learning' },
  ];
  if (me && (me.directReportCount > 0 || me.permissions.includes('learning.manage'))) items.push({ to: '/learn/team', label: 'Team progress' });
  return <LearnSubNav items={items} />;
}

/** Like layout/SubNav, but "Overview" (/learn) is active only on itself, not on every Learn page. */
function LearnSubNav({ items }: { items: { to: string; label: string }[] }) {
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  return (
    <nav className="subnav" aria-label="Learn">
      <ul>
        {items.map((item) => {
          const exact = pathname === item.to;
          const active = exact || (item.to !== '/learn' && pathname.startsWith(`${item.to}/`)) || (item.to === '/learn/library' && pathname.startsWith('/learn/lessons/'));
          return (
            <li key={item.to}>
              <Link to={item.to} className={active ? 'subnav__link subnav__link--active' : 'subnav__link'} aria-current={exact ? 'page' : active ? 'true' : undefined}>
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function ProgressBar({ percent, label, detail }: { percent: number; label: string; detail?: string }) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div className={value >= 100 ? 'progress progress--complete' : 'progress'}>
      <div className="progress__track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-valuetext={detail ?? `${value}%`}>
        <div className="progress__bar" style={{ width: `${value}%` }} />
      </div>
      <span className="progress__label" aria-hidden="true">
        {value}%
      </span>
    </div>
  );
}

const STATUS_TEXT: Record<LessonStatus, string> = { not_started: 'Not started', in_progress: 'In progress', completed: 'Completed' };

export function LessonStatusBadge({ status, updated }: { status: LessonStatus; updated?: boolean }) {
  return (
    <>
      {status !== 'not_started' ? <span className={`badge badge--${status}`}>{STATUS_TEXT[status]}</span> : <span className="badge badge--plain">Not started</span>}
      {updated ? (
        <>
          {' '}
          <span className="badge badge--updated">Updated since you completed it</span>
        </>
      ) : null}
    </>
  );
}

export function lessonStatusText(status: LessonStatus): string {
  return STATUS_TEXT[status];
}

/** Search hits with the matching words marked. */
export function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.highlight ? (
          <mark key={i} className="hit">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

export function minutesText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

export function hoursText(hours: number): string {
  const rounded = Math.round(hours * 10) / 10;
  return `${rounded.toLocaleString(undefined, { maximumFractionDigits: 1 })} ${rounded === 1 ? 'hour' : 'hours'}`;
}

export function secondsText(seconds: number): string {
  if (seconds < 60) return seconds === 0 ? 'none yet' : 'under a minute';
  return minutesText(Math.round(seconds / 60));
}

/** Today as YYYY-MM-DD in UTC, as the server compares due dates. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** "Due 3 Mar 2027", "Overdue since …", or nothing, for an enrolment. */
export function DueDate({ enrolment }: { enrolment: Pick<Enrolment, 'dueDate' | 'overdue' | 'status'> }) {
  if (!enrolment.dueDate) return null;
  const day = formatDate(`${enrolment.dueDate}T12:00:00Z`);
  if (enrolment.overdue && enrolment.status === 'active') {
    return (
      <span className="due--overdue">
        <span aria-hidden="true">⚠ </span>Overdue: was due {day}
      </span>
    );
  }
  return <span>Due {day}</span>;
}

export function sourceText(e: Pick<Enrolment, 'source' | 'assignedBy'>): string {
  if (e.source === 'self') return 'You enrolled';
  return `Assigned by ${e.assignedBy?.name ?? (e.source === 'manager' ? 'your manager' : 'an administrator')}`;
}
