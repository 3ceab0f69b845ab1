import { useQuery } from '@tanstack/react-query';
import { incidentDeliveriesQuery } from '../../api/escalations';
import { ErrorAlert } from '../../ui/Alert';
import { formatDateTime } from '../../ui/format';
import { EmptyState, StatusBadge, TableWrap } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { channelLabel } from './labels';

const BADGE: Record<string, string> = { sent: 'mail-sent', captured: 'mail-captured', read: 'mail-sent', queued: 'mail-queued', sending: 'mail-queued', unread: 'mail-queued', failed: 'mail-failed' };

/** Who was told what, on which channel, and how each delivery stands. */
export function DeliveriesSection({ incidentId }: { incidentId: string }) {
  const deliveries = useQuery(incidentDeliveriesQuery(incidentId));
  const items = deliveries.data?.items ?? [];
  const failed = items.filter((d) => d.status === 'failed').length;
  return (
    <section className="card" aria-labelledby="deliveries-heading">
      <details className="more">
        <summary>
          <h2 id="deliveries-heading" className="summary-heading">
            Messages sent ({items.length}
            {failed ? `, ${failed} failed` : ''})
          </h2>
        </summary>
        {deliveries.isPending ? <Loading label="Loading deliveries…" /> : null}
        <ErrorAlert error={deliveries.error} />
        {deliveries.data && items.length === 0 ? <EmptyState>Nobody has been messaged yet.</EmptyState> : null}
        {items.length > 0 ? (
          <TableWrap label="Messages sent">
            <table className="table table--compact">
              <thead>
                <tr>
                  <th scope="col">To</th>
                  <th scope="col">Channel</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Attempts
                  </th>
                  <th scope="col">Queued</th>
                </tr>
              </thead>
              <tbody>
                {items.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      {d.recipientName}
                      <span className="muted small block cell-email">{d.address}</span>
                    </th>
                    <td>{channelLabel(d.channel)}</td>
                    <td>
                      <StatusBadge status={BADGE[d.status] ?? 'expired'} label={d.status} />
                      {d.lastError ? <span className="muted small block">{d.lastError}</span> : null}
                    </td>
                    <td className="num">{d.attempts}</td>
                    <td>{formatDateTime(d.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        ) : null}
      </details>
    </section>
  );
}
