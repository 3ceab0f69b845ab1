import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { Person } from '../api/types';
import { PEOPLE_PAGE_SIZE, PeopleFilters, usePeopleSearch, type PeopleSearch } from '../org/people-search';
import { ErrorAlert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { levelLabel, rolesLabel, statusLabel } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, StatusBadge, TableWrap } from '../ui/Misc';
import { Pagination } from '../ui/Pagination';
import { Loading } from '../ui/Spinner';
import { AdminNav } from './AdminNav';
import { PersonForm } from './PersonForm';
import { RequirePermission } from './RequirePermission';

export function AdminPeoplePage({ search }: { search: PeopleSearch }) {
  useDocumentTitle('Manage people');
  const state = usePeopleSearch('/admin/people', search);
  const { people, setSearch } = state;
  const [editing, setEditing] = useState<Person | 'new' | null>(null);

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
        <PeopleFilters search={search} state={state} />
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
              limit={people.data.limit || PEOPLE_PAGE_SIZE}
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
