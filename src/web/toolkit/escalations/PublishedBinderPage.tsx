import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { procedurePdfUrl, publishedQuery } from '../../api/escalations';
import { ErrorAlert } from '../../ui/Alert';
import { formatDate } from '../../ui/format';
import { useDocumentTitle } from '../../ui/hooks';
import { EmptyState, PageHeader } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { RequirePermission } from '../../admin/RequirePermission';
import '../toolkit.css';
import { EscalationsNav } from './EscalationsNav';
import { plural } from './labels';

/** The read-only binder for the organisation's managers: every procedure in force. */
export function PublishedBinderPage() {
  useDocumentTitle('Published binder');
  const binder = useQuery(publishedQuery);
  return (
    <>
      <PageHeader
        title="Published binder"
        description="Every escalation procedure in force, as incidents follow it. Print one and keep it where people will look during an outage, including at the sites."
      />
      <EscalationsNav />
      <RequirePermission permission="escalations.binder.read">
        {binder.isPending ? <Loading label="Loading the binder…" /> : null}
        <ErrorAlert error={binder.error} />
        {binder.data && binder.data.items.length === 0 ? <EmptyState>Nothing is published yet. Procedures appear here once a manager publishes them.</EmptyState> : null}
        {binder.data && binder.data.items.length > 0 ? (
          <ul className="binder-list">
            {binder.data.items.map((p) => (
              <li key={p.procedureId} className="card binder-entry">
                <h2 className="binder-entry__title">
                  <Link to="/toolkit/escalations/binder/$id" params={{ id: p.procedureId }}>
                    {p.title}
                  </Link>
                </h2>
                <p className="muted">
                  {p.situationLabel}
                  {p.supportAreaName ? ` · ${p.supportAreaName}` : ''} · Version {p.version}, published {formatDate(p.publishedAt)}
                </p>
                <p>{p.summary}</p>
                <dl className="facts facts--compact">
                  <dt>Expert</dt>
                  <dd>{p.expert?.name ?? '—'}</dd>
                  <dt>Sites</dt>
                  <dd>{p.sites.length ? p.sites.join(', ') : '—'}</dd>
                  <dt>Services</dt>
                  <dd>{p.services.length ? p.services.join(', ') : '—'}</dd>
                  <dt>Steps</dt>
                  <dd>{plural(p.stepCount, 'timed step')}</dd>
                </dl>
                {p.newerDraftInProgress ? <p className="small">A newer draft is being prepared; this version stays in force until it is published.</p> : null}
                <p>
                  <a href={procedurePdfUrl(p.procedureId)} target="_blank" rel="noopener">
                    Print / PDF<span className="visually-hidden"> of {p.title} (opens in a new tab)</span>
                  </a>
                </p>
              </li>
            ))}
          </ul>
        ) : null}
      </RequirePermission>
    </>
  );
}
