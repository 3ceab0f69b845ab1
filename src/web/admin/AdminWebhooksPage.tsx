import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { webhookDeliveriesQuery, webhookDeliveryQuery, type WebhookDelivery, type WebhookStatus } from '../api/escalations';
import { ErrorAlert } from '../ui/Alert';
import { Dialog } from '../ui/Dialog';
import { SelectField } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, StatusBadge, TableWrap } from '../ui/Misc';
import { Pagination } from '../ui/Pagination';
import { Loading } from '../ui/Spinner';
import { AdminNav } from './AdminNav';
import { RequirePermission } from './RequirePermission';

const BADGE: Record<WebhookStatus, string> = { queued: 'mail-queued', sending: 'mail-queued', sent: 'mail-sent', failed: 'mail-failed' };
const LABEL: Record<WebhookStatus, string> = { queued: 'Queued', sending: 'Sending', sent: 'Sent', failed: 'Failed' };

function DeliveryView({ id }: { id: string }) {
  const delivery = useQuery(webhookDeliveryQuery(id));
  if (delivery.isPending) return <Loading label="Loading the delivery…" />;
  if (delivery.isError) return <ErrorAlert error={delivery.error} />;
  const d = delivery.data;
  return (
    <>
      <dl className="facts facts--compact">
        <dt>To</dt>
        <dd className="break">{d.url}</dd>
        <dt>Kind</dt>
        <dd>{d.kind}</dd>
        <dt>Status</dt>
        <dd>
          {LABEL[d.status]}
          {d.attempts ? ` after ${d.attempts} ${d.attempts === 1 ? 'attempt' : 'attempts'}` : ''}
          {d.lastStatusCode ? ` (last answer HTTP ${d.lastStatusCode})` : ''}
        </dd>
        <dt>Created</dt>
        <dd>{formatDateTime(d.createdAt)}</dd>
        <dt>Delivered</dt>
        <dd>{d.deliveredAt ? formatDateTime(d.deliveredAt) : 'Not yet'}</dd>
        {d.lastError ? (
          <>
            <dt>Last error</dt>
            <dd>{d.lastError}</dd>
          </>
        ) : null}
      </dl>
      <h3>JSON sent</h3>
      <pre className="message-text" tabIndex={0} aria-label="JSON sent">
        {JSON.stringify(d.payload, null, 2)}
      </pre>
    </>
  );
}

/** Webhook deliveries (chat tools) with their retries, beside the e-mail outbox. */
export function AdminWebhooksPage() {
  useDocumentTitle('Webhook deliveries');
  const [status, setStatus] = useState<WebhookStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const deliveries = useQuery(webhookDeliveriesQuery(status || undefined, offset));
  const [open, setOpen] = useState<WebhookDelivery | null>(null);
  const items = deliveries.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Webhook deliveries"
        description={
          <>
            Every message Milewide posts to a chat webhook, newest first. Failed deliveries are retried with growing pauses; one marked failed has used up its retries. E-mail is in
            the <Link to="/admin/outbox">outbox</Link>. Addresses show only their start: the rest of a chat webhook address is its secret.
          </>
        }
      />
      <AdminNav />
      <RequirePermission permission="outbox.read">
        <div className="filters">
          <SelectField
            label="Status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as WebhookStatus | '');
              setOffset(0);
            }}
            options={[
              { value: '', label: 'All deliveries' },
              { value: 'failed', label: 'Failed' },
              { value: 'queued', label: 'Queued' },
              { value: 'sending', label: 'Sending' },
              { value: 'sent', label: 'Sent' },
            ]}
          />
        </div>
        {deliveries.isPending ? <Loading label="Loading webhook deliveries…" /> : null}
        <ErrorAlert error={deliveries.error} />
        {deliveries.data && items.length === 0 ? <EmptyState>{status ? 'No deliveries with this status.' : 'No webhook has been called yet.'}</EmptyState> : null}
        {items.length > 0 ? (
          <>
            <TableWrap label="Webhook deliveries">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Webhook</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Incident</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Attempts
                    </th>
                    <th scope="col">Last error</th>
                    <th scope="col">Created</th>
                    <th scope="col">Delivered</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((d) => (
                    <tr key={d.id}>
                      <th scope="row">
                        <button type="button" className="link-button cell-email" onClick={() => setOpen(d)}>
                          {d.url}
                        </button>
                      </th>
                      <td>{d.kind}</td>
                      <td>
                        {d.incidentId ? (
                          <Link to="/incidents/$id" params={{ id: d.incidentId }}>
                            Open<span className="visually-hidden"> the incident of this delivery</span>
                          </Link>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        <StatusBadge status={BADGE[d.status]} label={LABEL[d.status]} />
                      </td>
                      <td className="num">{d.attempts}</td>
                      <td>
                        {d.lastError ? d.lastError : '—'}
                        {d.lastStatusCode ? <span className="muted small block">HTTP {d.lastStatusCode}</span> : null}
                      </td>
                      <td>{formatDateTime(d.createdAt)}</td>
                      <td>{d.deliveredAt ? formatDateTime(d.deliveredAt) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pagination total={deliveries.data!.total} limit={deliveries.data!.limit} offset={deliveries.data!.offset} onChange={setOffset} label="Webhook delivery pages" />
          </>
        ) : null}
      </RequirePermission>
      <Dialog open={open !== null} title="Webhook delivery" onClose={() => setOpen(null)} wide>
        {open ? <DeliveryView id={open.id} /> : null}
      </Dialog>
    </>
  );
}
