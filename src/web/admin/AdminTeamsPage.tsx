import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { del } from '../api/client';
import { teamsQuery } from '../api/org';
import type { Team } from '../api/types';
import { ErrorAlert } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Dialog } from '../ui/Dialog';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, TableWrap } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { AdminNav } from './AdminNav';
import { RequirePermission } from './RequirePermission';
import { TeamForm } from './TeamForm';

export function AdminTeamsPage() {
  useDocumentTitle('Manage teams');
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const teams = useQuery(teamsQuery);
  const [editing, setEditing] = useState<Team | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => del(`/api/v1/teams/${encodeURIComponent(id)}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['teams'] });
      void queryClient.invalidateQueries({ queryKey: ['people'] });
      announce(`Team ${deleting?.name ?? ''} was deleted.`);
      setDeleting(null);
    },
  });
  const byId = new Map((teams.data?.items ?? []).map((t) => [t.id, t]));

  return (
    <>
      <PageHeader title="Manage teams" description="Teams group people for filtering, the org chart and, later, reports." />
      <AdminNav />
      <RequirePermission permission="teams.manage">
        <section className="card" aria-labelledby="new-team-heading">
          <h2 id="new-team-heading">New team</h2>
          <TeamForm onDone={() => undefined} />
        </section>
        <section className="card" aria-labelledby="teams-heading">
          <h2 id="teams-heading">Teams</h2>
          {teams.isPending ? <Loading label="Loading teams…" /> : null}
          <ErrorAlert error={teams.error} />
          {teams.data && teams.data.items.length === 0 ? <EmptyState>There are no teams yet. Create the first one above.</EmptyState> : null}
          {teams.data && teams.data.items.length > 0 ? (
            <TableWrap label="Teams">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Team</th>
                    <th scope="col">Description</th>
                    <th scope="col">Part of</th>
                    <th scope="col" className="num">
                      Members
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {teams.data.items.map((t) => (
                    <tr key={t.id}>
                      <th scope="row">
                        <Link to="/admin/people" search={{ teamId: t.id }}>
                          {t.name}
                        </Link>
                      </th>
                      <td>{t.description || '—'}</td>
                      <td>{t.parentTeamId ? (byId.get(t.parentTeamId)?.name ?? '—') : '—'}</td>
                      <td className="num">{t.memberCount}</td>
                      <td>
                        <div className="row-actions">
                          <Button variant="secondary" onClick={() => setEditing(t)} aria-label={`Edit team ${t.name}`}>
                            Edit
                          </Button>
                          <Button variant="danger" onClick={() => setDeleting(t)} aria-label={`Delete team ${t.name}`}>
                            Delete
                          </Button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : null}
        </section>
      </RequirePermission>
      <Dialog open={editing !== null} title={`Edit team ${editing?.name ?? ''}`} onClose={() => setEditing(null)}>
        {editing ? <TeamForm key={editing.id} team={editing} onDone={() => setEditing(null)} /> : null}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete team ${deleting?.name ?? ''}?`}
        confirmLabel="Delete team"
        busy={remove.isPending}
        error={remove.error}
        onCancel={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
      >
        <p>
          {deleting && deleting.memberCount > 0
            ? `${deleting.memberCount} ${deleting.memberCount === 1 ? 'person is' : 'people are'} in this team. `
            : ''}
          Deleting a team cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
