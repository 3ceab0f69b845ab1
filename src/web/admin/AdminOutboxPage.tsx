import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { outboxMessageQuery, outboxQuery } from '../api/admin';
import type { OutboxMessage } from '../api/types';
import { ErrorAlert } from '../ui/Alert';
import { Dialog } from '../ui/Dialog';
import { formatDateTime } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, StatusBadge, TableWrap } from '../ui/Misc';
import { Pagination } from '../ui/Pagination';
import { Loading } from '../ui/Spinner';
import { AdminNav } from './AdminNav';
import { RequirePermission } from './RequirePermission';

function MessageView({ id }: { id: string }) {
  const message = useQuery(outboxMessageQuery(id));
  if (message.isPending) return <Loading label="Loading the message…" />;
  if (message.isError) return <ErrorAlert error={message.error} />;
  const m = message.data;
  return (
    <>
      <dl className="facts facts--compact">
        <dt>To</dt>
        <dd className="break">{m.toAddress}</dd>
        <dt>Subject</dt>
        <dd>{m.subject}</dd>
        <dt>Kind</dt>
        <dd>{m.kind}</dd>
        <dt>Status</dt>
        <dd>
          {m.status}
          {m.attempts ? ` after ${m.attempts} ${m.attempts === 1 ? 'attempt' : 'attempts'}` : ''}
        </dd>
        <dt>Created</dt>
        <dd>{formatDateTime(m.createdAt)}</dd>
        <dt>Delivered</dt>
        <dd>{m.deliveredAt ? formatDateTime(m.deliveredAt) : 'Not yet'}</dd>
        {m.lastError ? (
          <>
            <dt>Last error</dt>
            <dd>{m.lastError}</dd>
          </>
        ) : null}
      </dl>
      <h3>Message text</h3>
      <pre className="message-text" tabIndex={0} aria-label="Message text">
        {m.textBody}
      </pre>
    </>
  );
}

export function AdminOutboxPage() {
  useDocumentTitle('Outbox');
  const [offset, setOffset] = useState(0);
  const outbox = useQuery(outboxQuery(offset));
  const [open, setOpen] = useState<OutboxMessage | null>(null);
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Every e-mail Milewide sends, newest first. Open a message to read it, including its links, even when no mail server is configured."
      />
      <AdminNav />
      <RequirePermission permission="outbox.read">
        {outbox.isPending ? <Loading label="Loading the outbox…" /> : null}
        <ErrorAlert error={outbox.error} />
        {outbox.data && outbox.data.items.length === 0 ? <EmptyState>No e-mail has been sent yet.</EmptyState> : null}
        {outbox.data && outbox.data.items.length > 0 ? (
          <>
            <TableWrap label="Outbox">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Subject</th>
                    <th scope="col">To</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Attempts
                    </th>
                    <th scope="col">Created</th>
                    <th scope="col">Delivered</th>
                  </tr>
                </thead>
                <tbody>
                  {outbox.data.items.map((m) => (
                    <tr key={m.id}>
                      <th scope="row">
                        <button type="button" className="link-button" onClick={() => setOpen(m)}>
                          {m.subject}
                        </button>
                      </th>
                      <td className="cell-email">{m.toAddress}</td>
                      <td>{m.kind}</td>
                      <td>
                        <StatusBadge status={`mail-${m.status}`} label={m.status} />
                        {m.lastError ? <span className="muted small block">{m.lastError}</span> : null}
                      </td>
                      <td className="num">{m.attempts}</td>
                      <td>{formatDateTime(m.createdAt)}</td>
                      <td>{m.deliveredAt ? formatDateTime(m.deliveredAt) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pagination total={outbox.data.total} limit={outbox.data.limit} offset={outbox.data.offset} onChange={setOffset} label="Outbox pages" />
          </>
        ) : null}
      </RequirePermission>
      <Dialog open={open !== null} title={open?.subject ?? 'Message'} onClose={() => setOpen(null)} wide>
        {open ? <MessageView id={open.id} /> : null}
      </Dialog>
    </>
  );
}
