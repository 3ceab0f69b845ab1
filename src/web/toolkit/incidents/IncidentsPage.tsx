import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { incidentsQuery, type IncidentFilter } from '../../api/escalations';
import { ErrorAlert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { formatDateTime } from '../../ui/format';
import { TextField } from '../../ui/Field';
import { useDebounced, useDocumentTitle } from '../../ui/hooks';
import { EmptyState, PageHeader, TableWrap } from '../../ui/Misc';
import { Pagination } from '../../ui/Pagination';
import { Loading } from '../../ui/Spinner';
import { EscalationsNav } from '../escalations/EscalationsNav';
import '../toolkit.css';
import { IncidentStateBadge } from './IncidentState';
import { OpenIncidentForm } from './OpenIncidentForm';

export interface IncidentsSearch {
  filter?: IncidentFilter;
  offset?: number;
  q?: string;
}

const FILTERS: { value: IncidentFilter; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
];

/** Incidents the caller may see, open ones first by default. */
export function IncidentsPage({ search }: { search: IncidentsSearch }) {
  useDocumentTitle('Incidents');
  const filter = search.filter ?? 'open';
  const offset = search.offset ?? 0;
  const navigate = useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  const debounced = useDebounced(q.trim(), 300);
  useEffect(() => {
    if (debounced !== (search.q ?? '')) void navigate({ to: '/incidents', search: { filter: search.filter, q: debounced || undefined }, replace: true });
  }, [debounced, search.q, search.filter, navigate]);
  const incidents = useQuery(incidentsQuery(filter, offset, search.q));
  const [opening, setOpening] = useState(false);
  const items = incidents.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Incidents"
        description="Live incidents opened from the binder's procedures: their steps fire on time, and everyone on the procedure is told."
        actions={
          <Button variant="danger" onClick={() => setOpening(true)}>
            Open an incident
          </Button>
        }
      />
      <EscalationsNav />
      <nav className="segmented" aria-label="Incident filter">
        <ul>
          {FILTERS.map((f) => (
            <li key={f.value}>
              <Link to="/incidents" search={{ filter: f.value, q: search.q }} className={filter === f.value ? 'segmented__item segmented__item--active' : 'segmented__item'} aria-current={filter === f.value ? 'page' : undefined}>
                {f.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section className="card" aria-labelledby="incidents-heading">
        <h2 id="incidents-heading">{filter === 'open' ? 'Open incidents' : filter === 'resolved' ? 'Resolved incidents' : 'All incidents'}</h2>
        <div className="filters">
          <TextField label="Search titles" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        {incidents.isPending ? <Loading label="Loading incidents…" /> : null}
        <ErrorAlert error={incidents.error} />
        {incidents.data && items.length === 0 ? (
          <EmptyState>{search.q ? 'No incident matches.' : filter === 'open' ? 'No incident is open.' : filter === 'resolved' ? 'No incident has been resolved yet.' : 'No incidents yet.'}</EmptyState>
        ) : null}
        {items.length > 0 ? (
          <>
            <TableWrap label="Incidents">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Incident</th>
                    <th scope="col">State</th>
                    <th scope="col">Opened</th>
                    <th scope="col">Acknowledged</th>
                    <th scope="col">Resolved</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((i) => (
                    <tr key={i.id}>
                      <th scope="row">
                        <Link to="/incidents/$id" params={{ id: i.id }}>
                          {i.title}
                        </Link>
                        {i.procedureTitle !== i.title ? <span className="muted small block">{i.procedureTitle}</span> : null}
                      </th>
                      <td>
                        <IncidentStateBadge state={i.state} />
                      </td>
                      <td>
                        {formatDateTime(i.openedAt)}
                        <span className="muted small block">by {i.openedByName}</span>
                      </td>
                      <td>{formatDateTime(i.acknowledgedAt)}</td>
                      <td>{formatDateTime(i.resolvedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <IncidentPager total={incidents.data!.total} limit={incidents.data!.limit} offset={incidents.data!.offset} filter={filter} q={search.q} />
          </>
        ) : null}
      </section>
      <Dialog open={opening} title="Open an incident" onClose={() => setOpening(false)}>
        {opening ? <OpenIncidentForm onDone={() => setOpening(false)} /> : null}
      </Dialog>
    </>
  );
}

function IncidentPager({ total, limit, offset, filter, q }: { total: number; limit: number; offset: number; filter: IncidentFilter; q?: string }) {
  const navigate = useNavigate();
  return <Pagination total={total} limit={limit} offset={offset} label="Incident pages" onChange={(next) => void navigate({ to: '/incidents', search: { filter, q, offset: next || undefined } })} />;
}
