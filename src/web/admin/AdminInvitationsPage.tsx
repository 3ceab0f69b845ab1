import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../api/client';
import { invitationsQuery } from '../api/admin';
import type { Invitation } from '../api/types';
import { ErrorAlert } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { formatDateTime, statusLabel } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, StatusBadge, TableWrap } from '../ui/Misc';
import { Pagination } from '../ui/Pagination';
import { Loading } from '../ui/Spinner';
import { AdminNav } from './AdminNav';
import { InviteForm } from './InviteForm';
import { RequirePermission } from './RequirePermission';

function InvitationActions({ invitation }: { invitation: Invitation }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const act = useMutation({
    mutationFn: (what: 'revoke' | 'resend') => post<Invitation>(`/api/v1/invitations/${encodeURIComponent(invitation.id)}/${what}`),
    onSuccess: (_inv, what) => {
      void queryClient.invalidateQueries({ queryKey: ['invitations'] });
      void queryClient.invalidateQueries({ queryKey: ['outbox'] });
      announce(what === 'revoke' ? `Invitation for ${invitation.email} revoked.` : `Invitation resent to ${invitation.email}.`);
    },
  });
  const canResend = invitation.status === 'pending' || invitation.status === 'expired';
  const canRevoke = invitation.status === 'pending';
  if (!canResend && !canRevoke) return null;
  return (
    <div>
      <div className="row-actions">
        {canResend ? (
          <Button variant="secondary" busy={act.isPending && act.variables === 'resend'} disabled={act.isPending} onClick={() => act.mutate('resend')} aria-label={`Resend invitation to ${invitation.email}`}>
            Resend
          </Button>
        ) : null}
        {canRevoke ? (
          <Button variant="danger" busy={act.isPending && act.variables === 'revoke'} disabled={act.isPending} onClick={() => act.mutate('revoke')} aria-label={`Revoke invitation for ${invitation.email}`}>
            Revoke
          </Button>
        ) : null}
      </div>
      <ErrorAlert error={act.error} />
    </div>
  );
}

export function AdminInvitationsPage() {
  useDocumentTitle('Invitations');
  const [offset, setOffset] = useState(0);
  const invitations = useQuery(invitationsQuery(offset));
  return (
    <>
      <PageHeader title="Invitations" description="Invite people by e-mail. They follow the link to choose a password and join." />
      <AdminNav />
      <RequirePermission permission="invitations.manage">
        <section className="card" aria-labelledby="invite-heading">
          <h2 id="invite-heading">Invite someone</h2>
          <InviteForm />
        </section>
        <section className="card" aria-labelledby="invitations-heading">
          <h2 id="invitations-heading">Sent invitations</h2>
          {invitations.isPending ? <Loading label="Loading invitations…" /> : null}
          <ErrorAlert error={invitations.error} />
          {invitations.data && invitations.data.items.length === 0 ? <EmptyState>No invitations have been sent yet.</EmptyState> : null}
          {invitations.data && invitations.data.items.length > 0 ? (
            <>
              <TableWrap label="Invitations">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">E-mail</th>
                      <th scope="col">Status</th>
                      <th scope="col">Sent</th>
                      <th scope="col">Expires</th>
                      <th scope="col">Invited by</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {invitations.data.items.map((inv) => (
                      <tr key={inv.id}>
                        <th scope="row">{inv.name}</th>
                        <td className="cell-email">{inv.email}</td>
                        <td>
                          <StatusBadge status={inv.status} label={statusLabel(inv.status)} />
                        </td>
                        <td>{formatDateTime(inv.createdAt)}</td>
                        <td>{formatDateTime(inv.expiresAt)}</td>
                        <td>{inv.invitedByName ?? '—'}</td>
                        <td>
                          <InvitationActions invitation={inv} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <Pagination total={invitations.data.total} limit={invitations.data.limit} offset={invitations.data.offset} onChange={setOffset} label="Invitation pages" />
            </>
          ) : null}
        </section>
      </RequirePermission>
    </>
  );
}
