import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { peopleQuery, teamsQuery } from '../api/org';
import type { Person } from '../api/types';
import type { PeopleSearch } from '../org/PeoplePage';
import { ErrorAlert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { SelectField, TextField } from '../ui/Field';
import { levelLabel, rolesLabel, statusLabel } from '../ui/format';
import { useDebounced, useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, StatusBadge, TableWrap } from '../ui/Misc';
import { Pagination } from '../ui/Pagination';
import { Loading, Spinner } from '../ui/Spinner';
import { AdminNav } from './AdminNav';
import { PersonForm } from './PersonForm';
import { RequirePermission } from './RequirePermission';

const LIMIT = 25;

export function AdminPeoplePage({ search }: { search: PeopleSearch }) {
  useDocumentTitle('Manage people');
  const navigate = useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  const debouncedQ = useDebounced(q.trim(), 300);
  const teams = useQuery(teamsQuery);
  const offset = search.offset ?? 0;
  const people = useQuery(peopleQuery({ q: search.q, teamId: search.teamId, limit: LIMIT, offset }));
  const [editing, setEditing] = useState<Person | 'new' | null>(null);

  useEffect(() => {
    if ((search.q ?? '') !== debouncedQ) {
      void navigate({ to: '/admin/people', search: { ...search, q: debouncedQ || undefined, offset: undefined }, replace: true });
    }
  }, [debouncedQ]); // eslint-disable-line react-hooks/exhaustive-deps

  const setSearch = (next: PeopleSearch) => void navigate({ to: '/admin/people', search: next, replace: true });

  return (
    <>
      <PageHeader
        title="Manage people"
        description={
          <>
            Add people directly, or <Link to="/admin/invitations">invite them</Link> so they choose their own password.
          </>
        }
        actions={<Button onClick={() => setEditing('new')}>Add person</Button>}
      />
      <AdminNav />
      <RequirePermission permission="people.manage">
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
              <span>{people.data.total} found</span>
            ) : null}
          </div>
        </form>
        <ErrorAlert error={people.error} />
        {people.isPending ? <Loading label="Loading people…" /> : null}
        {people.data && people.data.items.length === 0 ? <EmptyState>No one matches this search.</EmptyState> : null}
        {people.data && people.data.items.length > 0 ? (
          <>
            <TableWrap label="People">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name and e-mail</th>
                    <th scope="col">Job role</th>
                    <th scope="col">Career level</th>
                    <th scope="col">Team</th>
                    <th scope="col">Manager</th>
                    <th scope="col">Roles</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {people.data.items.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">
                        <Link to="/people/$id" params={{ id: p.id }}>
                          {p.name}
                        </Link>
                        <span className="block muted small cell-email">{p.email}</span>
                      </th>
                      <td>{p.jobRole || '—'}</td>
                      <td>{levelLabel(p.careerLevel)}</td>
                      <td>{p.teamName ?? '—'}</td>
                      <td>{p.managerName ?? '—'}</td>
                      <td>{rolesLabel(p.roles)}</td>
                      <td>
                        <StatusBadge status={p.status} label={statusLabel(p.status)} />
                      </td>
                      <td>
                        <Button variant="secondary" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                          Edit
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pagination
              total={people.data.total}
              limit={people.data.limit || LIMIT}
              offset={people.data.offset}
              onChange={(next) => setSearch({ ...search, offset: next || undefined })}
              label="People pages"
            />
          </>
        ) : null}
      </RequirePermission>
      <Dialog open={editing !== null} title={editing === 'new' ? 'Add a person' : `Edit ${editing?.name ?? ''}`} onClose={() => setEditing(null)} wide>
        {editing !== null ? (
          <PersonForm key={editing === 'new' ? 'new' : editing.id} person={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
        ) : null}
      </Dialog>
    </>
  );
}
