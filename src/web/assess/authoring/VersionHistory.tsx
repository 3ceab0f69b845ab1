import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { formatDateTime } from '../../ui/format';
import { TableWrap } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { itemVersionQuery, type ItemDetail } from './api';
import { VersionView } from './VersionView';

/** Every version of an item; any one can be opened to see exactly what candidates who had it saw. */
export function VersionHistory({ item }: { item: ItemDetail }) {
  const [open, setOpen] = useState<number | null>(null);
  const version = useQuery({ ...itemVersionQuery(item.id, open ?? 1), enabled: open !== null });
  return (
    <section className="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Version history</h2>
      <p>
        {item.versions.length === 1
          ? 'One version so far. Editing a published item adds a new version; attempts keep the version they were given.'
          : `${item.versions.length} versions. Each edit of a published item added a new version; attempts keep the version they were given.`}
      </p>
      <TableWrap label="Versions">
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col" className="num">Version</th>
              <th scope="col">Created</th>
              <th scope="col">By</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {item.versions.map((v) => (
              <tr key={v.itemVersionId}>
                <th scope="row" className="num">
                  {v.version}
                  {v.version === item.currentVersion ? <span className="small muted"> (current)</span> : null}
                </th>
                <td>{formatDateTime(v.createdAt)}</td>
                <td>{v.createdByName ?? 'Import or system'}</td>
                <td>
                  <Button variant="link" aria-expanded={open === v.version} onClick={() => setOpen(open === v.version ? null : v.version)}>
                    {open === v.version ? `Hide version ${v.version}` : `Show version ${v.version}`}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {open !== null ? (
        <div role="region" aria-label={`Version ${open}`}>
          {version.isPending ? <Loading label={`Loading version ${open}…`} /> : null}
          <ErrorAlert error={version.error} />
          {version.data ? <VersionView version={version.data} headingLevel={3} /> : null}
        </div>
      ) : null}
    </section>
  );
}
