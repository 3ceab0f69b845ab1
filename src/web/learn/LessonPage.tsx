import { TOOL_LINKS } from '../toolkit/tool-links';
import type { ToolkitToolId } from '../../shared/toolkit-tools';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ApiError, del, get, post } from '../api/client';
import { lessonQuery, pathQuery, put, type LessonDetail, type LessonProgress, type PathDetail } from '../api/learn';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { formatDate } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { PageHeader } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { KnowledgeCheck } from './KnowledgeCheck';
import { LessonNotes } from './LessonNotes';
import { LearnNav, minutesText, secondsText } from './parts';
import { useHeartbeat } from './useHeartbeat';
import { restorePosition, useReadingPosition } from './useReadingPosition';

interface Heading {
  id: string;
  title: string;
  level: 2 | 3;
}

function progressKey(lessonKey: string) {
  return ['learn', 'progress', lessonKey] as const;
}

/** Invalidate everything a change to a lesson's progress shows up in. */
function refreshLearning(queryClient: ReturnType<typeof useQueryClient>) {
  for (const key of ['my-lessons', 'my-enrolments', 'enrolments', 'ce-hours', 'bookmarks', 'reminders']) void queryClient.invalidateQueries({ queryKey: ['learn', key] });
}

function PathContext({ path, lessonKey, position }: { path: PathDetail; lessonKey: string; position: 'top' | 'bottom' }) {
  const lessons = path.sections.flatMap((s) => s.lessons.filter((l) => !l.retired || l.key === lessonKey));
  const i = lessons.findIndex((l) => l.key === lessonKey);
  if (i < 0) return null;
  const prev = lessons[i - 1];
  const next = lessons[i + 1];
  if (position === 'top') {
    return (
      <p className="lesson-meta">
        Lesson {i + 1} of {lessons.length} in the path{' '}
        <Link to="/learn/paths/$pathKey" params={{ pathKey: path.key }}>
          {path.title}
        </Link>
      </p>
    );
  }
  return (
    <nav className="card path-nav" aria-label={`Lessons in ${path.title}`}>
      {prev ? (
        <Link to="/learn/lessons/$lessonKey" params={{ lessonKey: prev.key }} search={{ path: path.key }} rel="prev">
          <span>
            <span aria-hidden="true">← </span>Previous lesson
          </span>
          {prev.title}
        </Link>
      ) : null}
      {next ? (
        <Link to="/learn/lessons/$lessonKey" params={{ lessonKey: next.key }} search={{ path: path.key }} rel="next" className="path-nav__next">
          <span>
            Next lesson<span aria-hidden="true"> →</span>
          </span>
          {next.title}
        </Link>
      ) : (
        <Link to="/learn/paths/$pathKey" params={{ pathKey: path.key }} className="path-nav__next">
          <span>Last lesson of the path</span>
          Back to {path.title}
        </Link>
      )}
    </nav>
  );
}

function ApplyIt({ applyIt }: { applyIt: LessonDetail['applyIt'] }) {
  const { tool } = applyIt;
  return (
    <section className="card card--highlight lesson-part" aria-labelledby="lesson-part-apply">
      <h2 id="lesson-part-apply">Apply it: {applyIt.title}</h2>
      <p>{applyIt.task}</p>
      <p>
        Tool: <strong>{tool.name}</strong>
        {tool.available ? (
          <>
            {' '}
            · <Link to={TOOL_LINKS[tool.id as ToolkitToolId]?.to ?? '/toolkit'}>Open it in the Toolkit</Link>
          </>
        ) : (
          <>
            {' '}
            (coming soon). The {tool.name} is not in the Toolkit yet; until it arrives, do the task in your own documents. <Link to="/toolkit">See what the Toolkit will hold</Link>.
          </>
        )}
      </p>
    </section>
  );
}

function Completion({ lesson, progress, onChange, nextInPath }: { lesson: LessonDetail; progress: LessonProgress; onChange: (p: LessonProgress) => void; nextInPath: { key: string; title: string; pathKey: string } | null }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const complete = useMutation({
    mutationFn: () => post<LessonProgress>(`/api/v1/learn/lessons/${encodeURIComponent(lesson.key)}/complete`),
    onSuccess: (p) => {
      onChange(p);
      refreshLearning(queryClient);
      announce(`Lesson complete.${p.creditedMinutes ? ` ${p.creditedMinutes} minutes of continuing education recorded.` : ''}`);
    },
    onError: (e) => {
      // Completed meanwhile (in another tab): show the completed state rather than an error.
      if (e instanceof ApiError && e.code === 'already_completed') {
        void get<LessonProgress>(`/api/v1/learn/lessons/${encodeURIComponent(lesson.key)}/progress`).then(onChange, () => undefined);
      }
    },
  });
  const completed = progress.status === 'completed';
  return (
    <section className="card lesson-part" aria-labelledby="lesson-part-finish">
      <h2 id="lesson-part-finish">Finish the lesson</h2>
      {completed && !progress.updatedSinceCompleted ? (
        <Notice kind="success" role="status">
          <p>
            <strong>
              <span aria-hidden="true">✓ </span>Completed
            </strong>{' '}
            on {formatDate(progress.completedAt)}.{' '}
            {progress.creditedMinutes ? `It counts for ${minutesText(progress.creditedMinutes)} of continuing education.` : ''}
          </p>
        </Notice>
      ) : null}
      {completed && progress.updatedSinceCompleted ? (
        <Notice kind="warning">
          <p>
            <strong>Updated since you completed it.</strong> You completed an earlier version on {formatDate(progress.completedAt)}; this lesson has changed since (
            {formatDate(lesson.updatedAt)}). Read it again and mark the new version complete. It does not add more hours.
          </p>
        </Notice>
      ) : null}
      {!completed ? <p>Done reading, answered the questions and planned the apply-it task? Mark the lesson complete to record it in your paths and continuing-education hours.</p> : null}
      <ErrorAlert error={complete.error instanceof ApiError && complete.error.code === 'already_completed' ? null : complete.error} />
      <div className="form__actions">
        {!completed || progress.updatedSinceCompleted ? (
          <Button onClick={() => complete.mutate()} busy={complete.isPending} busyLabel="Saving…">
            {completed ? 'Mark the updated lesson complete' : 'Mark complete'}
          </Button>
        ) : null}
        {completed && nextInPath ? (
          <Link className="button button--secondary" to="/learn/lessons/$lessonKey" params={{ lessonKey: nextInPath.key }} search={{ path: nextInPath.pathKey }}>
            Next: {nextInPath.title}
          </Link>
        ) : null}
      </div>
    </section>
  );
}

function LessonPlayer({ lesson, initialProgress, path }: { lesson: LessonDetail; initialProgress: LessonProgress; path: PathDetail | null }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [progress, setProgress] = useState(initialProgress);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [headings, setHeadings] = useState<Heading[]>([]);
  const [restored, setRestored] = useState(false);
  const savedPosition = initialProgress.position && (initialProgress.position.fraction > 0.01 || initialProgress.position.anchor) ? initialProgress.position : null;
  // Shown from the first render, so the page does not shift after scrolling back to the position.
  const [resumed, setResumed] = useState(!!savedPosition);
  const secondsSpent = useHeartbeat(lesson.key, initialProgress.secondsSpent);

  // Headings of the lesson and of the parts after it (questions, apply it, finish), for the
  // contents list, the reading position and note links.
  useLayoutEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    setHeadings(
      Array.from(el.querySelectorAll<HTMLElement>('h2[id], h3[id]')).map((h) => ({ id: h.id, title: h.textContent ?? h.id, level: h.tagName === 'H3' ? 3 : 2 })),
    );
  }, [lesson.html]);

  // Back to where the reader was, once, after the lesson is on the page.
  useEffect(() => {
    const el = bodyRef.current;
    if (!el || restored) return;
    const pos = savedPosition;
    if (pos) {
      const heading = restorePosition(el, pos);
      if (heading) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
      }
      const title = heading?.textContent ?? null;
      announce(`Back where you left off${title ? `, at “${title}”` : ''}.`);
    }
    setRestored(true);
  }, [savedPosition, restored, announce]);

  const current = useReadingPosition(bodyRef, lesson.key, restored, initialProgress.position);
  const sectionTitle = useCallback((anchor: string) => headings.find((h) => h.id === anchor)?.title ?? null, [headings]);
  const jumpTo = useCallback((anchor: string) => {
    const h = document.getElementById(anchor);
    if (!h) return;
    h.setAttribute('tabindex', '-1');
    h.scrollIntoView({ block: 'start' });
    h.focus({ preventScroll: true });
  }, []);

  const bookmark = useMutation({
    mutationFn: (on: boolean) => (on ? put(`/api/v1/learn/lessons/${encodeURIComponent(lesson.key)}/bookmark`) : del(`/api/v1/learn/lessons/${encodeURIComponent(lesson.key)}/bookmark`)),
    onSuccess: (_r, on) => {
      setProgress((p) => ({ ...p, bookmarked: on }));
      void queryClient.invalidateQueries({ queryKey: ['learn', 'bookmarks'] });
      announce(on ? 'Bookmarked.' : 'Bookmark removed.');
    },
  });

  const pathLessons = path ? path.sections.flatMap((s) => s.lessons.filter((l) => !l.retired)) : [];
  const here = pathLessons.findIndex((l) => l.key === lesson.key);
  const nextInPath = path && here >= 0 && pathLessons[here + 1] ? { key: pathLessons[here + 1].key, title: pathLessons[here + 1].title, pathKey: path.key } : null;
  const html = useMemo(() => ({ __html: lesson.html }), [lesson.html]);

  return (
    <>
      <PageHeader title={lesson.title} description={lesson.summary} />
      <LearnNav />
      {path ? <PathContext path={path} lessonKey={lesson.key} position="top" /> : null}
      <ul className="badges" aria-label="About this lesson">
        <li>
          <span className="badge badge--plain">{minutesText(lesson.minutes)}</span>
        </li>
        <li>
          <span className="badge badge--plain">{lesson.stage.label}</span>
        </li>
        {lesson.levels.map((l) => (
          <li key={l.id}>
            <span className="badge badge--plain">{l.label}</span>
          </li>
        ))}
        {progress.status === 'completed' ? (
          <li>
            <span className="badge badge--completed">
              <span aria-hidden="true">✓ </span>Completed
            </span>
          </li>
        ) : null}
        {progress.updatedSinceCompleted ? (
          <li>
            <span className="badge badge--updated">Updated since you completed it</span>
          </li>
        ) : lesson.revision > 1 ? (
          <li>
            <span className="badge badge--updated">Updated {formatDate(lesson.updatedAt)}</span>
          </li>
        ) : null}
        {lesson.retired ? (
          <li>
            <span className="badge badge--retired">Retired</span>
          </li>
        ) : null}
      </ul>
      <p className="lesson-meta">
        Competencies: {lesson.competencies.map((c) => c.label).join(', ')} · Time spent: {secondsText(secondsSpent)}
      </p>
      <div className="lesson-actions">
        <Button variant="secondary" aria-pressed={progress.bookmarked} onClick={() => bookmark.mutate(!progress.bookmarked)} busy={bookmark.isPending}>
          <span aria-hidden="true">{progress.bookmarked ? '★' : '☆'}</span> Bookmark
        </Button>
        {lesson.paths.length > 0 && !path ? (
          <span className="lesson-meta">
            In {lesson.paths.length === 1 ? 'the path' : 'the paths'}{' '}
            {lesson.paths.map((p, i) => (
              <span key={p.key}>
                {i ? ', ' : ''}
                <Link to="/learn/lessons/$lessonKey" params={{ lessonKey: lesson.key }} search={{ path: p.key }}>
                  {p.title}
                </Link>
              </span>
            ))}
          </span>
        ) : null}
      </div>
      <ErrorAlert error={bookmark.error} />
      {lesson.retired ? <Notice kind="warning">This lesson was left out of the latest version of its content pack. You can still read it because you started it.</Notice> : null}
      {resumed ? (
        <Notice kind="info">
          <div className="resume-note">
            <span>Welcome back: this is where you left off.</span>
            <Button
              variant="link"
              onClick={() => {
                setResumed(false);
                window.scrollTo({ top: 0 });
                document.querySelector<HTMLElement>('#main h1')?.focus();
              }}
            >
              Start from the top
            </Button>
          </div>
        </Notice>
      ) : null}
      <div className="lesson-layout">
        <div ref={bodyRef} className="lesson-layout__main">
          <section className="card" aria-labelledby="lesson-objectives">
            <h2 id="lesson-objectives">What you will be able to do</h2>
            <ul className="objectives">
              {lesson.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </section>
          <article className="card prose" aria-label="Lesson text" data-lesson-text dangerouslySetInnerHTML={html} />
          <div className="card">
            <KnowledgeCheck lessonKey={lesson.key} questions={lesson.knowledgeCheck} answers={progress.answers} />
          </div>
          <ApplyIt applyIt={lesson.applyIt} />
          <Completion lesson={lesson} progress={progress} onChange={setProgress} nextInPath={nextInPath} />
          {path ? <PathContext path={path} lessonKey={lesson.key} position="bottom" /> : null}
        </div>
        <aside className="lesson-layout__aside" aria-label="Contents and notes">
          {headings.length > 1 ? (
            <nav className="card" aria-labelledby="lesson-toc-heading">
              <h2 id="lesson-toc-heading" className="h-small">
                On this page
              </h2>
              <ul className="toc">
                {headings.map((h) => (
                  <li key={h.id} className={h.level === 3 ? 'toc__sub' : undefined}>
                    <a
                      href={`#${h.id}`}
                      aria-current={current?.anchor === h.id ? 'location' : undefined}
                      onClick={(e) => {
                        e.preventDefault();
                        jumpTo(h.id);
                      }}
                    >
                      {h.title}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <LessonNotes lessonKey={lesson.key} currentAnchor={current?.anchor ?? null} sectionTitle={sectionTitle} onJump={jumpTo} />
        </aside>
      </div>
    </>
  );
}

export function LessonPage({ lessonKey, pathKey }: { lessonKey: string; pathKey?: string }) {
  const lesson = useQuery(lessonQuery(lessonKey));
  // Opening starts the lesson the first time and says where to resume; once per visit.
  const progress = useQuery({
    queryKey: progressKey(lessonKey),
    queryFn: () => post<LessonProgress>(`/api/v1/learn/lessons/${encodeURIComponent(lessonKey)}/open`),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const path = useQuery({ ...pathQuery(pathKey ?? ''), enabled: !!pathKey });
  useDocumentTitle(lesson.data?.title ?? 'Lesson');

  const error = lesson.error ?? progress.error;
  if (error) {
    return (
      <>
        <PageHeader title="Lesson" />
        <LearnNav />
        <ErrorAlert error={error} title="This lesson cannot be opened" />
        <p>
          <Link to="/learn/library">Back to the library</Link>
        </p>
      </>
    );
  }
  if (!lesson.data || !progress.data || (pathKey && path.isPending)) return <Loading label="Opening the lesson…" />;
  return <LessonPlayer key={lessonKey} lesson={lesson.data} initialProgress={progress.data} path={path.data ?? null} />;
}
