import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del } from '../../api/client';
import { ESC, supportAreasQuery, type SupportArea } from '../../api/escalations';
import { can, useMe } from '../../api/identity';
import { ErrorAlert } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Dialog } from '../../ui/Dialog';
import { EmptyState, TableWrap } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { ProposalForm } from './ProposalForm';
import { SupportAreaForm } from './SupportAreaForm';

/** Step 1: the key support areas and their Experts; Experts propose situations from here (step 2). */
export function SupportAreasSection() {
  const { data: me } = useMe();
  const manager = can(me, 'escalations.binder.manage');
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const areas = useQuery(supportAreasQuery);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<SupportArea | null>(null);
  const [deleting, setDeleting] = useState<SupportArea | null>(null);
  const [proposingFor, setProposingFor] = useState<SupportArea | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => del(`${ESC}/support-areas/${id}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['escalations'] });
      announce(`Support area ${deleting?.name ?? ''} was removed.`);
      setDeleting(null);
    },
  });
  const items = areas.data?.items ?? [];
  const mayPropose = (a: SupportArea) => manager || a.expertPersonId === me?.id;
  const proposable = items.filter(mayPropose);

  return (
    <section className="card" aria-labelledby="areas-heading">
      <div className="section-head">
        <h2 id="areas-heading">Support areas and Experts</h2>
        {manager ? <Button onClick={() => setAdding(true)}>Add support area</Button> : null}
      </div>
      <p className="muted">Each key support area has an owning Expert, who proposes the situations that need a procedure and drafts them.</p>
      {areas.isPending ? <Loading label="Loading support areas…" /> : null}
      <ErrorAlert error={areas.error} />
      {areas.data && items.length === 0 ? (
        <EmptyState>{manager ? 'No support areas yet. Add the first one, for example E-mail or WAN/telecom, and name its Expert.' : 'No support areas have been set up yet.'}</EmptyState>
      ) : null}
      {items.length > 0 ? (
        <TableWrap label="Support areas">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Support area</th>
                <th scope="col">Expert</th>
                <th scope="col" className="num">
                  Proposals
                </th>
                <th scope="col" className="num">
                  Procedures
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id} id={`area-${a.id}`} tabIndex={-1}>
                  <th scope="row">
                    {a.name}
                    {a.description ? <span className="muted small block">{a.description}</span> : null}
                  </th>
                  <td>{a.expert ? a.expert.name : <span className="warning-text">No Expert yet</span>}</td>
                  <td className="num">{a.proposalCount}</td>
                  <td className="num">{a.procedureCount}</td>
                  <td>
                    <div className="row-actions">
                      {mayPropose(a) ? (
                        <Button variant="secondary" onClick={() => setProposingFor(a)} aria-label={`Propose a situation for ${a.name}`}>
                          Propose
                        </Button>
                      ) : null}
                      {manager ? (
                        <>
                          <Button variant="secondary" onClick={() => setEditing(a)} aria-label={`Edit support area ${a.name}`}>
                            Edit
                          </Button>
                          {a.proposalCount === 0 && a.procedureCount === 0 ? (
                            <Button variant="danger" onClick={() => setDeleting(a)} aria-label={`Remove support area ${a.name}`}>
                              Remove
                            </Button>
                          ) : null}
                        </>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <Dialog open={adding} title="Add a support area" onClose={() => setAdding(false)}>
        {adding ? <SupportAreaForm onDone={() => setAdding(false)} /> : null}
      </Dialog>
      <Dialog open={editing !== null} title={`Edit support area ${editing?.name ?? ''}`} onClose={() => setEditing(null)}>
        {editing ? <SupportAreaForm key={editing.id} area={editing} onDone={() => setEditing(null)} /> : null}
      </Dialog>
      <Dialog open={proposingFor !== null} title="Propose a situation" onClose={() => setProposingFor(null)}>
        {proposingFor ? <ProposalForm areas={proposable} areaId={proposingFor.id} onDone={() => setProposingFor(null)} /> : null}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={`Remove support area ${deleting?.name ?? ''}?`}
        confirmLabel="Remove support area"
        busy={remove.isPending}
        error={remove.error}
        onCancel={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
      >
        <p>It has no proposals or procedures. Removing it cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
