import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { peopleQuery, teamsQuery } from '../api/org';
import { ErrorAlert } from '../ui/Alert';
import { SelectField, TextField } from '../ui/Field';
import { useDebounced, useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader } from '../ui/Misc';
import { Pagination } from '../ui/Pagination';
import { Loading, Spinner } from '../ui/Spinner';
import { OrgNav } from './OrgNav';
import { PeopleTable } from './PeopleTable';

export interface PeopleSearch {
  q?: string;
  teamId?: string;
  offset?: number;
}

const LIMIT = 25;

export function PeoplePage({ search }: { search: PeopleSearch }) {
  useDocumentTitle('People');
  const navigate = useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  const debouncedQ = useDebounced(q.trim(), 300);
  const teams = useQuery(teamsQuery);
  const offset = search.offset ?? 0;
  const people = useQuery(peopleQuery({ q: search.q, teamId: search.teamId, limit: LIMIT, offset }));

  // Keep the search in the address so it survives reloads and can be shared.
  useEffect(() => {
    if ((search.q ?? '') !== debouncedQ) {
      void navigate({ to: '/people', search: { ...search, q: debouncedQ || undefined, offset: undefined }, replace: true });
    }
  }, [debouncedQ]); // eslint-disable-line react-hooks/exhaustive-deps

  const setSearch = (next: PeopleSearch) => void navigate({ to: '/people', search: next, replace: true });

  return (
    <>
      <PageHeader title="People" description="Everyone in your organisation. Search by name or e-mail, or narrow the list to one team." />
      <OrgNav />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField label="Search people" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or e-mail" />
        <SelectField
          label="Team"
          value={search.teamId ?? ''}
          emptyLabel="All teams"
          options={(teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
          onChange={(e) => setSearch({ ...search, teamId: e.target.value || undefined, offset: undefined })}
        />
        <div className="filters__status" aria-live="polite">
          {people.isFetching && !people.isPending ? (
            <span className="inline-loading">
              <Spinner size="small" /> Updating…
            </span>
          ) : people.data ? (
            <span>
              {people.data.total} {people.data.total === 1 ? 'person' : 'people'} found
            </span>
          ) : null}
        </div>
      </form>
      <ErrorAlert error={people.error} />
      {people.isPending ? <Loading label="Loading people…" /> : null}
      {people.data && people.data.items.length === 0 ? <EmptyState>No one matches this search.</EmptyState> : null}
      {people.data && people.data.items.length > 0 ? (
        <>
          <PeopleTable people={people.data.items} label="People" />
          <Pagination
            total={people.data.total}
            limit={people.data.limit || LIMIT}
            offset={people.data.offset}
            onChange={(next) => setSearch({ ...search, offset: next || undefined })}
            label="People pages"
          />
        </>
      ) : null}
    </>
  );
}
