import { TOOL_LINKS } from './tool-links';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { TOOLKIT_TOOLS, type ToolkitToolId } from '../../shared/toolkit-tools';
import { incidentsQuery, publishedQuery } from '../api/escalations';
import { can, useMe } from '../api/identity';
import { useDocumentTitle } from '../ui/hooks';
import { PageHeader, StatusBadge } from '../ui/Misc';
import { plural } from './escalations/labels';
import './toolkit.css';

const WHAT: Record<ToolkitToolId, string> = {
  'escalation-binder': 'A binder of procedures for the standard situations: the Expert and point people, contacts and timed steps. Built in six guided steps, reviewed and published with versions, printable.',
  'live-incidents': 'Open an incident from a published procedure; steps fire on time and notify people by e-mail, chat webhook and in the app; status updates follow a cadence; resolve and review.',
  'project-portfolio': 'Initiatives with business value, committed against expected dates and costs, and a monthly status report.',
  'capacity-planner': 'Team members and productive hours against the backlog of change requests, showing the staffing gap.',
  'client-interviews': 'A guide for interviewing the departments you serve, with scores and notes over time.',
  'activity-log': 'Log your work for a week or two, decide what to delegate and to whom, and plan the hand-over.',
  'assessment-action-plan': 'Findings on demand and supply that lead to an agreed action plan with check-ins.',
  'change-communication': 'For each affected person: what changes, why, and why it helps them.',
  'ten-habits': 'Rate yourself on the habits of effective IT managers, with a 360 variant for peers, team and clients.',
};

/** Tools this web app can open today, and where. The rest are listed as planned. */
const OPEN = TOOL_LINKS;

function BinderFact() {
  const { data: me } = useMe();
  const binder = useQuery({ ...publishedQuery, enabled: can(me, 'escalations.binder.read') });
  if (!binder.data) return null;
  return <p className="tool-card__fact">{plural(binder.data.items.length, 'procedure')} in force.</p>;
}

function IncidentsFact() {
  const open = useQuery(incidentsQuery('open', 0));
  if (!open.data) return null;
  return <p className="tool-card__fact">{open.data.total === 0 ? 'No incident is open.' : `${plural(open.data.total, 'incident')} open now.`}</p>;
}

export function ToolkitPage() {
  useDocumentTitle('Toolkit');
  const available = TOOLKIT_TOOLS.filter((t) => OPEN[t.id]);
  const planned = TOOLKIT_TOOLS.filter((t) => !OPEN[t.id]);
  return (
    <>
      <PageHeader
        title="Toolkit"
        description="Tools for the real work of an IT manager. What you do with them counts as evidence of skill: a lesson on escalation ends by building a real procedure here."
      />
      <section aria-labelledby="tools-available">
        <h2 id="tools-available">Available now</h2>
        <ul className="tiles">
          {available.map((t) => {
            const open = OPEN[t.id]!;
            return (
              <li key={t.id} className="tile tool-card">
                <h3 className="tile__title">
                  <Link to={open.to}>{t.name}</Link>
                </h3>
                <p>{WHAT[t.id]}</p>
                {t.id === 'escalation-binder' ? <BinderFact /> : <IncidentsFact />}
                <p className="tool-card__meta">
                  <StatusBadge status="active" label="Available" /> <span className="muted small">Capability {t.capability}</span>
                </p>
              </li>
            );
          })}
        </ul>
      </section>
      <section className="card" aria-labelledby="tools-planned">
        <h2 id="tools-planned">Planned</h2>
        <p className="muted">These tools are not in this release yet. Lessons that point to them say so.</p>
        <dl className="tool-list">
          {planned.map((t) => (
            <div key={t.id}>
              <dt>
                {t.name} <StatusBadge status="expired" label="Not available yet" />
              </dt>
              <dd>{WHAT[t.id]}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
