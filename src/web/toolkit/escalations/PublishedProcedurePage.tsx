import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { procedurePdfUrl, publishedDetailQuery } from '../../api/escalations';
import { can, useMe } from '../../api/identity';
import { ErrorAlert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { formatDate } from '../../ui/format';
import { useDocumentTitle } from '../../ui/hooks';
import { PageHeader } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { OpenIncidentForm } from '../incidents/OpenIncidentForm';
import '../toolkit.css';
import { EscalationsNav } from './EscalationsNav';
import { ProcedureReadView } from './ProcedureReadView';

/** One procedure as it is in force: read-only, printable, and the place to open an incident from. */
export function PublishedProcedurePage({ id }: { id: string }) {
  const { data: me } = useMe();
  const detail = useQuery(publishedDetailQuery(id));
  const [opening, setOpening] = useState(false);
  useDocumentTitle(detail.data?.title ?? 'Published procedure');
  if (detail.isPending) return <Loading label="Loading the procedure…" />;
  if (detail.isError)
    return (
      <>
        <PageHeader title="Published procedure" />
        <EscalationsNav />
        <ErrorAlert error={detail.error} title="The procedure could not be opened." />
      </>
    );
  const p = detail.data;
  const named = [p.expert?.id, p.itPointPerson?.id, p.sitePointPerson?.id, ...p.contacts.map((c) => c.personId)].includes(me?.id);
  // People managers and admins open incidents from any procedure; anyone else only from one that names them.
  const mayOpen = can(me, 'escalations.binder.manage') || named;
  return (
    <>
      <PageHeader
        title={p.title}
        description={`${p.situationLabel}${p.supportAreaName ? ` · ${p.supportAreaName}` : ''} · Version ${p.version}, published ${formatDate(p.publishedAt)}${p.publishedBy ? ` by ${p.publishedBy.name}` : ''}`}
        actions={
          <div className="row-actions row-actions--wrap">
            {mayOpen ? (
              <Button variant="danger" onClick={() => setOpening(true)}>
                Open an incident
              </Button>
            ) : null}
            <a className="button button--secondary" href={procedurePdfUrl(p.procedureId)} target="_blank" rel="noopener">
              Print / PDF<span className="visually-hidden"> (opens in a new tab)</span>
            </a>
            {can(me, 'escalations.binder.manage') ? (
              <Link to="/toolkit/escalations/procedures/$id" params={{ id: p.procedureId }} className="button button--secondary">
                Edit
              </Link>
            ) : null}
          </div>
        }
      />
      <EscalationsNav />
      {p.newerDraftInProgress ? <p className="alert alert--info">A newer draft is being prepared. This version stays in force until the draft is published.</p> : null}
      <section className="card" aria-label="Procedure">
        <ProcedureReadView
          p={{
            ...p,
            expertName: p.expert?.name ?? null,
            itPointName: p.itPointPerson?.name ?? null,
            sitePointName: p.sitePointPerson?.name ?? p.sitePointContact?.name ?? null,
          }}
        />
      </section>
      <Dialog open={opening} title="Open an incident" onClose={() => setOpening(false)}>
        {opening ? <OpenIncidentForm procedure={{ id: p.procedureId, title: p.title, version: p.version }} onDone={() => setOpening(false)} /> : null}
      </Dialog>
    </>
  );
}
