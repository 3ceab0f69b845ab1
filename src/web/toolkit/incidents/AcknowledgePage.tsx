import { useMutation, useQuery } from '@tanstack/react-query';
import { post } from '../../api/client';
import { ackLinkQuery, type AckLink, type AckLinkView } from '../../api/escalations';
import { PublicLayout } from '../../layout/PublicLayout';
import { ErrorAlert, Notice } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { formatDateTime } from '../../ui/format';
import { useDocumentTitle } from '../../ui/hooks';
import { Loading } from '../../ui/Spinner';

/**
 * The page behind the signed link in an incident e-mail: whoever holds the e-mail acknowledges
 * without signing in. Opening the page changes nothing; the button does.
 */
export function AcknowledgePage({ link }: { link: AckLink }) {
  useDocumentTitle('Acknowledge an incident');
  const complete = !!(link.incident && link.r && link.t);
  const view = useQuery(ackLinkQuery(link));
  const ack = useMutation({ mutationFn: () => post<AckLinkView & { alreadyAcknowledged: boolean }>('/api/v1/incident-acknowledgements', link) });
  const v = ack.data ?? view.data;
  return (
    <PublicLayout title="Acknowledge an incident" intro="Tell the people leading the incident that you have seen it.">
      {!complete ? <Notice kind="warning">This link is incomplete. Open the link from the incident e-mail again, or copy all of it into the address bar.</Notice> : null}
      {complete && view.isPending ? <Loading label="Checking the link…" /> : null}
      {view.isError ? <ErrorAlert error={view.error} title="This link cannot be used." /> : null}
      {v ? (
        <>
          <dl className="facts">
            <dt>Incident</dt>
            <dd>{v.title}</dd>
            <dt>Procedure</dt>
            <dd>{v.procedureTitle}</dd>
            <dt>For</dt>
            <dd>{v.recipientName}</dd>
            <dt>State</dt>
            <dd>{v.state === 'resolved' ? `Resolved ${formatDateTime(v.resolvedAt)}` : v.state === 'acknowledged' ? `Acknowledged ${formatDateTime(v.acknowledgedAt)}${v.acknowledgedByName ? ` by ${v.acknowledgedByName}` : ''}` : 'Open, not acknowledged yet'}</dd>
          </dl>
          {ack.data ? (
            <Notice kind="success" role="status">
              {ack.data.alreadyAcknowledged ? `It was already acknowledged${ack.data.acknowledgedByName ? ` by ${ack.data.acknowledgedByName}` : ''}. Thank you.` : 'Thank you: the incident is acknowledged and the people leading it can see that you did.'}
            </Notice>
          ) : v.state === 'resolved' ? (
            <Notice kind="info">This incident is resolved; there is nothing to acknowledge.</Notice>
          ) : (
            <>
              <ErrorAlert error={ack.error} />
              <Button onClick={() => ack.mutate()} busy={ack.isPending} busyLabel="Acknowledging…">
                Acknowledge as {v.recipientName}
              </Button>
            </>
          )}
        </>
      ) : null}
    </PublicLayout>
  );
}
