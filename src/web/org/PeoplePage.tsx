import { ErrorAlert } from '../ui/Alert';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader } from '../ui/Misc';
import { Pagination } from '../ui/Pagination';
import { Loading } from '../ui/Spinner';
import { OrgNav } from './OrgNav';
import { PeopleTable } from './PeopleTable';
import { PEOPLE_PAGE_SIZE, PeopleFilters, usePeopleSearch, type PeopleSearch } from './people-search';

export type { PeopleSearch };

export function PeoplePage({ search }: { search: PeopleSearch }) {
  useDocumentTitle('People');
  const state = usePeopleSearch('/people', search);
  const { people, setSearch } = state;

  return (
    <>
      <PageHeader title="People" description="Everyone in your organisation. Search by name or e-mail, or narrow the list to one team." />
      <OrgNav />
      <PeopleFilters search={search} state={state} />
      <ErrorAlert error={people.error} />
      {people.isPending ? <Loading label="Loading people…" /> : null}
      {people.data && people.data.items.length === 0 ? <EmptyState>No one matches this search.</EmptyState> : null}
      {people.data && people.data.items.length > 0 ? (
        <>
          <PeopleTable people={people.data.items} label="People" />
          <Pagination
            total={people.data.total}
            limit={people.data.limit || PEOPLE_PAGE_SIZE}
            offset={people.data.offset}
            onChange={(next) => setSearch({ ...search, offset: next || undefined })}
            label="People pages"
          />
        </>
      ) : null}
    </>
  );
}
