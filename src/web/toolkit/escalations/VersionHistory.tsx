import { useQuery } from '@tanstack/react-query';
import { versionsQuery, type ProcedureSnapshot } from '../../api/escalations';
import { ErrorAlert } from '../../ui/Alert';
import { formatDateTime } from '../../ui/format';
import { EmptyState } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { ProcedureReadView } from './ProcedureReadView';
import { usePersonName } from './usePersonName';

function SnapshotView({ s }: { s: ProcedureSnapshot }) {
  const expertName = usePersonName(s.expertPersonId);
  const itPointName = usePersonName(s.itPointPersonId);
  const sitePerson = usePersonName(s.sitePointPersonId);
  const siteContact = s.sitePointContactId ? (s.contacts.find((c) => c.id === s.sitePointContactId)?.name ?? null) : null;
  return <ProcedureReadView headingLevel={3} p={{ ...s, expertName, itPointName, sitePointName: sitePerson ?? siteContact }} />;
}

/** Every published version as it was published, newest first (managers). */
export function VersionHistory({ procedureId }: { procedureId: string }) {
  const versions = useQuery(versionsQuery(procedureId));
  return (
    <section className="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Version history</h2>
      {versions.isPending ? <Loading label="Loading versions…" /> : null}
      <ErrorAlert error={versions.error} />
      {versions.data && versions.data.items.length === 0 ? <EmptyState>Not published yet. Publishing makes version 1.</EmptyState> : null}
      {versions.data && versions.data.items.length > 0 ? (
        <ol className="versions" reversed>
          {versions.data.items.map((v) => (
            <li key={v.id}>
              <details className="more">
                <summary>
                  Version {v.version}, published {formatDateTime(v.publishedAt)}
                  {v.publishedBy ? ` by ${v.publishedBy.name}` : ''}
                  {v.reviewedBy ? `, reviewed by ${v.reviewedBy.name}` : ''}
                </summary>
                <p className="small">
                  {v.sharedWith && v.sharedWith.length
                    ? `Shared with ${v.sharedWith.map((p) => `${p.name} (${formatDateTime(p.sharedAt)})`).join(', ')}.`
                    : 'Not shared with anyone yet.'}
                </p>
                <h3 className="h-small">{v.snapshot.title}</h3>
                <SnapshotView s={v.snapshot} />
              </details>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
