import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useCallback, useState } from 'react';
import { procedurePdfUrl, procedureQuery } from '../../api/escalations';
import { can, useMe } from '../../api/identity';
import { ErrorAlert } from '../../ui/Alert';
import { formatDateTime } from '../../ui/format';
import { useDocumentTitle } from '../../ui/hooks';
import { PageHeader } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import '../toolkit.css';
import { EscalationsNav } from './EscalationsNav';
import { LifecyclePanel } from './LifecyclePanel';
import { ProcedureForm } from './ProcedureForm';
import { ProcedureReadView } from './ProcedureReadView';
import { ProcedureStatusBadge } from './ProcedureStatus';
import { VersionHistory } from './VersionHistory';

/** One procedure's working copy: edit it, move it through review and publishing, see its versions. */
export function ProcedurePage({ id }: { id: string }) {
  const { data: me } = useMe();
  const manager = can(me, 'escalations.binder.manage');
  const queryClient = useQueryClient();
  const procedure = useQuery(procedureQuery(id));
  const [dirty, setDirty] = useState(false);
  const [reloads, setReloads] = useState(0);
  const onDirtyChange = useCallback((d: boolean) => setDirty(d), []);
  const reload = useCallback(async () => {
    await queryClient.refetchQueries({ queryKey: ['escalations', 'procedure', id] });
    setReloads((n) => n + 1);
  }, [queryClient, id]);
  useDocumentTitle(procedure.data ? procedure.data.title : 'Procedure');

  if (procedure.isPending) return <Loading label="Loading the procedure…" />;
  if (procedure.isError)
    return (
      <>
        <PageHeader title="Procedure" />
        <EscalationsNav />
        <ErrorAlert error={procedure.error} title="The procedure could not be opened." />
      </>
    );
  const p = procedure.data;
  const editable = p.allowedActions.includes('edit');
  return (
    <>
      <PageHeader
        title={p.title}
        description={
          <>
            <ProcedureStatusBadge procedure={p} /> {p.situationLabel}
            {p.supportAreaName ? ` · ${p.supportAreaName}` : ''} · {p.currentVersion !== null ? `Version ${p.currentVersion} in force` : 'Not published yet'}
            {p.currentVersion !== null && (p.hasUnpublishedChanges || p.status !== 'published') ? ' (this working copy has changes not published yet)' : ''} · Updated {formatDateTime(p.updatedAt)}
          </>
        }
        actions={
          p.currentVersion !== null && (can(me, 'escalations.binder.read') || p.expertPersonId === me?.id) ? (
            <div className="row-actions row-actions--wrap">
              <Link to="/toolkit/escalations/binder/$id" params={{ id: p.id }} className="button button--secondary">
                View in the binder
              </Link>
              <a className="button button--secondary" href={procedurePdfUrl(p.id)} target="_blank" rel="noopener">
                Print / PDF<span className="visually-hidden"> (version {p.currentVersion}, opens in a new tab)</span>
              </a>
            </div>
          ) : null
        }
      />
      <EscalationsNav />
      <LifecyclePanel procedure={p} dirty={dirty} />
      {editable ? (
        <ProcedureForm key={`${p.id}-${reloads}`} procedure={p} manager={manager} onDirtyChange={onDirtyChange} onReload={() => void reload()} />
      ) : (
        <section className="card" aria-labelledby="read-heading">
          <h2 id="read-heading">The procedure</h2>
          <ProcedureReadView
            headingLevel={3}
            p={{
              ...p,
              expertName: p.expert?.name ?? null,
              itPointName: p.itPointPerson?.name ?? null,
              sitePointName: p.sitePointPerson?.name ?? p.contacts.find((c) => c.id === p.sitePointContactId)?.name ?? null,
            }}
          />
        </section>
      )}
      {manager || p.expertPersonId === me?.id ? <VersionHistory procedureId={p.id} /> : null}
    </>
  );
}
