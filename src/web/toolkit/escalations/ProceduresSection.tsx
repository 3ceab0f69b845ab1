import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { proceduresQuery, type ProcedureStatus } from '../../api/escalations';
import { can, useMe } from '../../api/identity';
import { ErrorAlert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { SelectField, TextField } from '../../ui/Field';
import { formatDateTime } from '../../ui/format';
import { useDebounced } from '../../ui/hooks';
import { EmptyState, TableWrap } from '../../ui/Misc';
import { Pagination } from '../../ui/Pagination';
import { Loading } from '../../ui/Spinner';
import { NewProcedureForm } from './NewProcedureForm';
import { ProcedureStatusBadge, VersionInForce } from './ProcedureStatus';

/** Steps 4 to 6: the procedures being drafted, reviewed and published. */
export function ProceduresSection() {
  const { data: me } = useMe();
  const manager = can(me, 'escalations.binder.manage');
  const [status, setStatus] = useState<ProcedureStatus | ''>('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const debounced = useDebounced(q.trim(), 300);
  const procedures = useQuery(proceduresQuery({ status: status || undefined, q: debounced || undefined, offset }));
  const [creating, setCreating] = useState(false);
  const items = procedures.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="procedures-heading">
      <div className="section-head">
        <h2 id="procedures-heading">{manager ? 'Procedures' : 'Procedures you own as Expert'}</h2>
        {manager ? <Button onClick={() => setCreating(true)}>New procedure from a template</Button> : null}
      </div>
      <div className="filters">
        <TextField
          label="Search titles and summaries"
          type="search"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setOffset(0);
          }}
        />
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as ProcedureStatus | '');
            setOffset(0);
          }}
          options={[
            { value: '', label: 'All but archived' },
            { value: 'draft', label: 'Draft' },
            { value: 'reviewed', label: 'Reviewed' },
            { value: 'published', label: 'Published' },
            { value: 'archived', label: 'Archived' },
          ]}
        />
      </div>
      {procedures.isPending ? <Loading label="Loading procedures…" /> : null}
      <ErrorAlert error={procedures.error} />
      {procedures.data && items.length === 0 ? (
        <EmptyState>
          {debounced || status ? 'No procedure matches.' : manager ? 'No procedures yet. Create one from a template, or start one from an accepted proposal.' : 'No procedure names you as its Expert yet.'}
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <>
          <TableWrap label="Procedures">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Procedure</th>
                  <th scope="col">Support area</th>
                  <th scope="col">Expert</th>
                  <th scope="col">Status</th>
                  <th scope="col">Version</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to="/toolkit/escalations/procedures/$id" params={{ id: p.id }}>
                        {p.title}
                      </Link>
                      <span className="muted small block">{p.situationLabel}</span>
                    </th>
                    <td>{p.supportAreaName ?? '—'}</td>
                    <td>{p.expert?.name ?? <span className="warning-text">Not named</span>}</td>
                    <td>
                      <ProcedureStatusBadge procedure={p} />
                      {p.missing.length > 0 && p.status === 'draft' ? <span className="muted small block">{p.missing.length} to complete</span> : null}
                    </td>
                    <td>
                      <VersionInForce procedure={p} />
                    </td>
                    <td>{formatDateTime(p.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Pagination total={procedures.data!.total} limit={procedures.data!.limit} offset={procedures.data!.offset} onChange={setOffset} label="Procedure pages" />
        </>
      ) : null}
      <Dialog open={creating} title="New procedure" onClose={() => setCreating(false)} wide>
        {creating ? <NewProcedureForm onDone={() => setCreating(false)} /> : null}
      </Dialog>
    </section>
  );
}
