import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { incidentQuery, incidentTimelineQuery } from '../../api/escalations';
import { ErrorAlert } from '../../ui/Alert';
import { formatDateTime } from '../../ui/format';
import { useDocumentTitle } from '../../ui/hooks';
import { PageHeader } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { EscalationsNav } from '../escalations/EscalationsNav';
import { ProcedureReadView } from '../escalations/ProcedureReadView';
import '../toolkit.css';
import { DeliveriesSection } from './DeliveriesSection';
import { AcknowledgeButton, ResolveButton, StatusUpdateForm } from './IncidentActions';
import { IncidentStateBadge } from './IncidentState';
import { SOURCE_LABELS } from './labels';
import { NowPanel, StatusReminder } from './NowPanel';
import { ReviewSection } from './ReviewSection';
import { Timeline } from './Timeline';
import { useIncidentStream } from './useIncidentStream';

function focusUpdate() {
  const field = document.getElementById('status-update-message');
  field?.scrollIntoView({ block: 'center' });
  field?.focus({ preventScroll: true });
}

/** One live incident: what happens next, the live timeline, and the actions of the people leading it. */
export function IncidentPage({ id }: { id: string }) {
  const incident = useQuery(incidentQuery(id));
  const timeline = useQuery({ ...incidentTimelineQuery(id), enabled: incident.isSuccess });
  const loadedUpTo = timeline.isSuccess ? (timeline.data.items.at(-1)?.id ?? null) : undefined;
  const stream = useIncidentStream(id, loadedUpTo);
  useDocumentTitle(incident.data ? `Incident: ${incident.data.title}` : 'Incident');

  if (incident.isPending) return <Loading label="Loading the incident…" />;
  if (incident.isError)
    return (
      <>
        <PageHeader title="Incident" />
        <EscalationsNav />
        <ErrorAlert error={incident.error} title="The incident could not be opened." />
        <p>
          <Link to="/incidents">All incidents</Link>
        </p>
      </>
    );
  const i = incident.data;
  const s = i.snapshot;
  return (
    <>
      <PageHeader
        title={i.title}
        description={
          <>
            <IncidentStateBadge state={i.state} /> {s.title} (version {s.version}) · Opened {formatDateTime(i.openedAt)} by {i.openedByName}
            {i.acknowledgedAt ? ` · Acknowledged ${formatDateTime(i.acknowledgedAt)}${i.acknowledgedByName ? ` by ${i.acknowledgedByName}` : ''}` : ''}
          </>
        }
        actions={
          i.can.acknowledge || i.can.resolve ? (
            <div className="row-actions row-actions--wrap">
              {i.can.acknowledge ? <AcknowledgeButton incident={i} /> : null}
              {i.can.resolve ? <ResolveButton incident={i} /> : null}
            </div>
          ) : null
        }
      />
      <EscalationsNav />
      <StatusReminder incident={i} onWrite={focusUpdate} />
      <NowPanel incident={i} />
      {i.details || i.externalRef ? (
        <section className="card" aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          {i.details ? <p className="prewrap">{i.details}</p> : null}
          <p className="muted small">
            {SOURCE_LABELS[i.source] ?? i.source}
            {i.externalRef ? ` · Alert reference ${i.externalRef}` : ''}
          </p>
        </section>
      ) : null}
      {i.can.postUpdate ? <StatusUpdateForm incident={i} /> : null}
      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        {timeline.isPending ? <Loading label="Loading the timeline…" /> : null}
        <ErrorAlert error={timeline.error} />
        {timeline.data ? <Timeline items={timeline.data.items} stream={i.state === 'resolved' ? undefined : stream} /> : null}
      </section>
      {i.state === 'resolved' ? <ReviewSection incident={i} /> : null}
      <DeliveriesSection incidentId={i.id} />
      <section className="card" aria-labelledby="plan-heading">
        <details className="more">
          <summary>
            <h2 id="plan-heading" className="summary-heading">
              The procedure this incident follows
            </h2>
          </summary>
          <ProcedureReadView
            headingLevel={3}
            p={{
              ...s,
              expertName: i.people.expert?.name ?? (s.expertPersonId ? 'A person no longer in the organisation' : null),
              itPointName: i.people.itPointPerson?.name ?? (s.itPointPersonId ? 'A person no longer in the organisation' : null),
              sitePointName: i.people.sitePointPerson?.name ?? i.people.sitePointContact?.name ?? (s.sitePointPersonId ? 'A person no longer in the organisation' : null),
            }}
          />
        </details>
      </section>
    </>
  );
}
