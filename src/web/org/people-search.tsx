import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { peopleQuery, teamsQuery } from '../api/org';
import { SelectField, TextField } from '../ui/Field';
import { useDebounced } from '../ui/hooks';
import { Spinner } from '../ui/Spinner';

export interface PeopleSearch {
  q?: string;
  teamId?: string;
  offset?: number;
}

export const PEOPLE_PAGE_SIZE = 25;

/**
 * The people search both the directory and the admin page use: the query and filters live in the
 * address (so they survive reloads and can be shared), typing is debounced into it.
 */
export function usePeopleSearch(path: '/people' | '/admin/people', search: PeopleSearch) {
  const navigate = useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  const debouncedQ = useDebounced(q.trim(), 300);
  const teams = useQuery(teamsQuery);
  const offset = search.offset ?? 0;
  const people = useQuery(peopleQuery({ q: search.q, teamId: search.teamId, limit: PEOPLE_PAGE_SIZE, offset }));

  useEffect(() => {
    if ((search.q ?? '') !== debouncedQ) {
      void navigate({ to: path, search: { ...search, q: debouncedQ || undefined, offset: undefined }, replace: true });
    }
  }, [debouncedQ]); // eslint-disable-line react-hooks/exhaustive-deps

  const setSearch = (next: PeopleSearch) => void navigate({ to: path, search: next, replace: true });
  return { q, setQ, teams, people, offset, setSearch };
}

export function PeopleFilters({ search, state }: { search: PeopleSearch; state: ReturnType<typeof usePeopleSearch> }) {
  const { q, setQ, teams, people, setSearch } = state;
  return (
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
  );
}
