import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { competenciesQuery, frameworkQuery, GUIDE_STAGES, libraryQuery, LIBRARY_PAGE_SIZE, myLessonStatusQuery, stageGuideUrl, stagesQuery, type LibraryItem, type MyLesson } from '../api/learn';
import { ErrorAlert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { SelectField, TextField } from '../ui/Field';
import { formatDate } from '../ui/format';
import { useDebounced, useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader } from '../ui/Misc';
import { Pagination } from '../ui/Pagination';
import { Loading, Spinner } from '../ui/Spinner';
import { GuideDownload } from './GuideDownload';
import { LearnNav, minutesText, Snippet } from './parts';

export interface LibrarySearch {
  q?: string;
  stage?: string;
  level?: string;
  competency?: string;
  offset?: number;
}

function LessonCard({ item, mine, competencyName }: { item: LibraryItem; mine: MyLesson | undefined; competencyName: (id: string) => string }) {
  const completed = mine?.status === 'completed';
  const updatedSince = completed && mine.updatedSinceCompleted;
  return (
    <li className="lesson-card">
      <h2 className="lesson-card__title">
        <Link to="/learn/lessons/$lessonKey" params={{ lessonKey: item.key }}>
          {item.title}
        </Link>
      </h2>
      <p className="lesson-card__snippet">{item.snippet.length ? <Snippet parts={item.snippet} /> : item.summary}</p>
      <ul className="badges" aria-label="About this lesson">
        <li>
          <span className="badge badge--plain">{minutesText(item.minutes)}</span>
        </li>
        <li>
          <span className="badge badge--plain">{item.stageTitle ?? item.stage}</span>
        </li>
        {completed ? (
          <li>
            <span className="badge badge--completed">
              <span aria-hidden="true">✓ </span>Completed
            </span>
          </li>
        ) : mine?.status === 'in_progress' ? (
          <li>
            <span className="badge badge--in_progress">In progress</span>
          </li>
        ) : null}
        {updatedSince ? (
          <li>
            <span className="badge badge--updated">Updated since you completed it</span>
          </li>
        ) : item.revision > 1 ? (
          <li>
            <span className="badge badge--updated">Updated {formatDate(item.updatedAt)}</span>
          </li>
        ) : null}
      </ul>
      <p className="lesson-card__meta">
        <span className="visually-hidden">Competencies: </span>
        {item.competencies.map(competencyName).join(' · ')}
      </p>
    </li>
  );
}

export function LibraryPage({ search }: { search: LibrarySearch }) {
  useDocumentTitle(search.q ? `Library: ${search.q}` : 'Library');
  const navigate = useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  const debouncedQ = useDebounced(q.trim(), 350);
  const offset = search.offset ?? 0;
  const results = useQuery(libraryQuery({ q: search.q, stage: search.stage, level: search.level, competency: search.competency, offset }));
  const stages = useQuery(stagesQuery);
  const competencies = useQuery(competenciesQuery);
  const framework = useQuery(frameworkQuery);
  const mine = useQuery(myLessonStatusQuery);

  const setSearch = (next: LibrarySearch) => void navigate({ to: '/learn/library', search: next, replace: true });

  // Typing searches after a pause; the address keeps the query so it can be shared or bookmarked.
  useEffect(() => {
    if ((search.q ?? '') !== debouncedQ) setSearch({ ...search, q: debouncedQ || undefined, offset: undefined });
  }, [debouncedQ]); // eslint-disable-line react-hooks/exhaustive-deps
  // Back and forward change the address: keep the box in step.
  useEffect(() => {
    if ((search.q ?? '') !== q.trim()) setQ(search.q ?? '');
  }, [search.q]); // eslint-disable-line react-hooks/exhaustive-deps

  const compNames = new Map((competencies.data?.items ?? []).map((c) => [c.id, c.name]));
  const competencyName = (id: string) => compNames.get(id) ?? id;
  const visibleCompetencies = (competencies.data?.items ?? []).filter((c) => !search.stage || c.stage === search.stage);
  const filtered = !!(search.q || search.stage || search.level || search.competency);
  const stageTitle = stages.data?.items.find((s) => s.id === search.stage)?.title;

  return (
    <>
      <PageHeader title="Library" description="Every lesson in your organisation. Search the full text, or narrow by stage, career level and competency." />
      <LearnNav />
      <form
        className="card library-filters"
        role="search"
        aria-label="Search and filter lessons"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch({ ...search, q: q.trim() || undefined, offset: undefined });
        }}
      >
        <div className="field--wide search-bar">
          <TextField label="Search lessons" type="search" value={q} onChange={(e) => setQ(e.target.value)} hint={'Words to find. Use "quotes" for a phrase and -word to leave a word out.'} />
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </div>
        <SelectField
          label="Stage"
          value={search.stage ?? ''}
          emptyLabel="All stages"
          options={(stages.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.title} (${s.lessonCount})` }))}
          onChange={(e) => setSearch({ ...search, stage: e.target.value || undefined, competency: undefined, offset: undefined })}
        />
        <SelectField
          label="Career level"
          value={search.level ?? ''}
          emptyLabel="All levels"
          options={(framework.data?.levels ?? []).map((l) => ({ value: l.id, label: l.label }))}
          onChange={(e) => setSearch({ ...search, level: e.target.value || undefined, offset: undefined })}
        />
        <SelectField
          label="Competency"
          value={search.competency ?? ''}
          emptyLabel="All competencies"
          options={visibleCompetencies.map((c) => ({ value: c.id, label: `${c.name} (${c.lessonCount})` }))}
          onChange={(e) => setSearch({ ...search, competency: e.target.value || undefined, offset: undefined })}
        />
        <div className="filters__buttons">
          <Button
            variant="secondary"
            disabled={!filtered}
            onClick={() => {
              setQ('');
              setSearch({});
            }}
          >
            Clear all
          </Button>
        </div>
        <div className="filters__status field--wide" aria-live="polite" aria-atomic="true">
          {results.isFetching && !results.isPending ? (
            <span className="inline-loading">
              <Spinner size="small" /> Searching…
            </span>
          ) : results.data ? (
            <span>
              {results.data.total} {results.data.total === 1 ? 'lesson' : 'lessons'}
              {filtered ? ' match' : ' in the library'}
              {search.q ? ` “${search.q}”` : ''}
            </span>
          ) : null}
        </div>
      </form>
      {search.stage && stageTitle && GUIDE_STAGES.includes(search.stage) ? (
        <section className="card" aria-labelledby="stage-guide-heading">
          <h2 id="stage-guide-heading">{stageTitle} as a PDF guide</h2>
          <p>Every lesson of this stage in one printable document, with a cover and contents.</p>
          <GuideDownload url={stageGuideUrl(search.stage)} fileName={`${search.stage}-guide.pdf`} label="Download the stage guide (PDF)" what={stageTitle} />
        </section>
      ) : null}
      <ErrorAlert error={results.error} />
      {results.isPending ? <Loading label="Loading lessons…" /> : null}
      {results.data && results.data.items.length === 0 ? (
        <EmptyState>{filtered ? 'No lesson matches. Try fewer words or clear a filter.' : 'The library is empty. An administrator can import a content pack.'}</EmptyState>
      ) : null}
      {results.data && results.data.items.length > 0 ? (
        <>
          <ul className="lesson-cards" aria-label="Lessons">
            {results.data.items.map((item) => (
              <LessonCard key={item.id} item={item} mine={mine.data?.get(item.key)} competencyName={competencyName} />
            ))}
          </ul>
          <Pagination
            total={results.data.total}
            limit={results.data.limit || LIBRARY_PAGE_SIZE}
            offset={results.data.offset}
            onChange={(next) => {
              void navigate({ to: '/learn/library', search: { ...search, offset: next || undefined } });
              document.querySelector<HTMLElement>('#main h1')?.focus();
            }}
            label="Library pages"
          />
        </>
      ) : null}
    </>
  );
}
