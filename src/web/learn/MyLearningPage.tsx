import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { del } from '../api/client';
import { allNotesQuery, bookmarksQuery, ceHoursQuery, myLessonsQuery, type Bookmark } from '../api/learn';
import { ErrorAlert } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { formatDate, formatDateTime } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, TableWrap } from '../ui/Misc';
import { Pagination } from '../ui/Pagination';
import { Loading } from '../ui/Spinner';
import { hoursText, LearnNav, LessonStatusBadge, minutesText, secondsText } from './parts';

function CeHoursByYear() {
  const ce = useQuery(ceHoursQuery());
  return (
    <section className="card" aria-labelledby="my-ce-heading">
      <h2 id="my-ce-heading">Continuing-education hours</h2>
      <p className="small muted">Every completed lesson counts its minutes once, in the year you completed it. A lesson updated after you completed it adds no more hours when you complete it again.</p>
      {ce.isPending ? <Loading label="Loading your hours…" /> : null}
      <ErrorAlert error={ce.error} />
      {ce.data && ce.data.years.length === 0 ? <EmptyState>No hours yet: complete a lesson to start counting.</EmptyState> : null}
      {ce.data && ce.data.years.length > 0 ? (
        <TableWrap label="Hours by year">
          <table className="table">
            <caption className="visually-hidden">Continuing-education hours by year</caption>
            <thead>
              <tr>
                <th scope="col">Year</th>
                <th scope="col" className="num">
                  Hours
                </th>
                <th scope="col" className="num">
                  Lessons completed
                </th>
              </tr>
            </thead>
            <tbody>
              {ce.data.years.map((y) => (
                <tr key={y.year}>
                  <th scope="row">{y.year}</th>
                  <td className="num">{(Math.round(y.hours * 10) / 10).toLocaleString()}</td>
                  <td className="num">{y.lessons}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All years</th>
                <td className="num">{(Math.round(ce.data.hours * 10) / 10).toLocaleString()}</td>
                <td className="num">{ce.data.lessons}</td>
              </tr>
            </tfoot>
          </table>
        </TableWrap>
      ) : null}
      {ce.data ? <p className="small">In all: {hoursText(ce.data.hours)}.</p> : null}
    </section>
  );
}

function LessonsList({ status, title, empty }: { status: 'in_progress' | 'completed'; title: string; empty: string }) {
  const [offset, setOffset] = useState(0);
  const lessons = useQuery(myLessonsQuery(status, offset, 10));
  const headingId = `my-${status}-heading`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {lessons.isPending ? <Loading label="Loading…" /> : null}
      <ErrorAlert error={lessons.error} />
      {lessons.data && lessons.data.items.length === 0 ? <EmptyState>{empty}</EmptyState> : null}
      {lessons.data && lessons.data.items.length > 0 ? (
        <>
          <ul className="item-list">
            {lessons.data.items.map((l) => (
              <li key={l.lessonKey}>
                <Link to="/learn/lessons/$lessonKey" params={{ lessonKey: l.lessonKey }} className="item-list__title">
                  {l.title}
                </Link>{' '}
                <LessonStatusBadge status={l.status} updated={l.updatedSinceCompleted} />
                <p className="item-list__meta">
                  {minutesText(l.minutes)} · time spent {secondsText(l.secondsSpent)} ·{' '}
                  {l.completedAt ? `completed ${formatDate(l.completedAt)}` : `last opened ${formatDateTime(l.lastOpenedAt)}`}
                  {l.retired ? ' · retired from the library' : ''}
                </p>
              </li>
            ))}
          </ul>
          <Pagination total={lessons.data.total} limit={lessons.data.limit} offset={lessons.data.offset} onChange={setOffset} label={`${title} pages`} />
        </>
      ) : null}
    </section>
  );
}

function Bookmarks() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [offset, setOffset] = useState(0);
  const bookmarks = useQuery(bookmarksQuery(offset));
  const remove = useMutation({
    mutationFn: (b: Bookmark) => del(`/api/v1/learn/lessons/${encodeURIComponent(b.lessonKey)}/bookmark`),
    onSuccess: (_r, b) => {
      void queryClient.invalidateQueries({ queryKey: ['learn', 'bookmarks'] });
      announce(`Bookmark on ${b.title} removed.`);
    },
  });
  return (
    <section className="card" aria-labelledby="my-bookmarks-heading">
      <h2 id="my-bookmarks-heading">Bookmarks</h2>
      {bookmarks.isPending ? <Loading label="Loading your bookmarks…" /> : null}
      <ErrorAlert error={bookmarks.error ?? remove.error} />
      {bookmarks.data && bookmarks.data.items.length === 0 ? <EmptyState>No bookmarks. Use Bookmark on a lesson to keep it here.</EmptyState> : null}
      {bookmarks.data && bookmarks.data.items.length > 0 ? (
        <>
          <ul className="item-list">
            {bookmarks.data.items.map((b) => (
              <li key={b.lessonKey}>
                <Link to="/learn/lessons/$lessonKey" params={{ lessonKey: b.lessonKey }} className="item-list__title">
                  {b.title}
                </Link>
                <p className="item-list__meta">
                  {minutesText(b.minutes)} · bookmarked {formatDate(b.bookmarkedAt)}
                  {b.retired ? ' · retired from the library' : ''}
                </p>
                <p className="small">{b.summary}</p>
                <Button variant="secondary" onClick={() => remove.mutate(b)} aria-label={`Remove the bookmark on ${b.title}`}>
                  Remove bookmark
                </Button>
              </li>
            ))}
          </ul>
          <Pagination total={bookmarks.data.total} limit={bookmarks.data.limit} offset={bookmarks.data.offset} onChange={setOffset} label="Bookmark pages" />
        </>
      ) : null}
    </section>
  );
}

function Notes() {
  const [offset, setOffset] = useState(0);
  const notes = useQuery(allNotesQuery(offset));
  return (
    <section className="card" aria-labelledby="my-notes-heading">
      <h2 id="my-notes-heading">Notes</h2>
      <p className="small muted">Your private notes on every lesson, most recently changed first. Edit or delete them on the lesson.</p>
      {notes.isPending ? <Loading label="Loading your notes…" /> : null}
      <ErrorAlert error={notes.error} />
      {notes.data && notes.data.items.length === 0 ? <EmptyState>No notes yet.</EmptyState> : null}
      {notes.data && notes.data.items.length > 0 ? (
        <>
          <ul className="item-list">
            {notes.data.items.map((n) => (
              <li key={n.id}>
                <p className="note">{n.body}</p>
                <p className="item-list__meta">
                  On{' '}
                  <Link to="/learn/lessons/$lessonKey" params={{ lessonKey: n.lessonKey }}>
                    {n.lessonTitle}
                  </Link>{' '}
                  · {formatDateTime(n.updatedAt)}
                </p>
              </li>
            ))}
          </ul>
          <Pagination total={notes.data.total} limit={notes.data.limit} offset={notes.data.offset} onChange={setOffset} label="Note pages" />
        </>
      ) : null}
    </section>
  );
}

export function MyLearningPage() {
  useDocumentTitle('My learning');
  return (
    <>
      <PageHeader title="My learning" description="Your lessons, bookmarks, notes and continuing-education hours." />
      <LearnNav />
      <div className="learn-grid">
        <div>
          <LessonsList status="in_progress" title="In progress" empty="No lesson in progress." />
          <LessonsList status="completed" title="Completed lessons" empty="No completed lessons yet." />
        </div>
        <div>
          <CeHoursByYear />
          <Bookmarks />
          <Notes />
        </div>
      </div>
    </>
  );
}
