import { useDocumentTitle } from '../ui/hooks';
import { Notice } from '../ui/Alert';
import { PageHeader } from '../ui/Misc';

const TOOLS: { name: string; what: string }[] = [
  { name: 'Escalation procedures', what: 'A binder of procedures for the standard situations, with the expert and point people, contacts and timed steps.' },
  { name: 'Live incidents', what: 'Open an incident from a procedure; steps fire on time, people are notified, and status updates follow a set cadence.' },
  { name: 'Project portfolio', what: 'Initiatives with business value, committed against expected dates and costs, and a monthly status report.' },
  { name: 'Capacity and demand', what: 'Team members and productive hours against the backlog of change requests, showing the staffing gap.' },
  { name: 'Client interviews', what: 'A guide for interviewing the departments you serve, with scores and notes over time.' },
  { name: 'Activity log and delegation', what: 'Log your work for a week or two, decide what to delegate and to whom, and plan the hand-over.' },
  { name: 'IT assessment and 30-day plan', what: 'Findings on demand and supply that lead to an agreed action plan with check-ins.' },
  { name: 'Change communication planner', what: 'For each affected person: what changes, why, and why it helps them.' },
  { name: 'Ten-habit self-assessment', what: 'Rate yourself on the habits of effective IT managers, with a 360 variant for peers, team and clients.' },
];

export function ToolkitPage() {
  useDocumentTitle('Toolkit');
  return (
    <>
      <PageHeader title="Toolkit" description="Tools for the real work of an IT manager. What you do with them counts as evidence of skill." />
      <Notice>The tools arrive in coming releases. None of them is available yet.</Notice>
      <section className="card">
        <h2>What this area is for</h2>
        <p>
          Lessons in Milewide end in doing: a lesson on escalation ends by building a real escalation procedure here. Work done in
          the Toolkit can be submitted as evidence towards a certificate, and it gives HR a view of readiness built from real use.
        </p>
        <h2>Planned tools</h2>
        <dl className="tool-list">
          {TOOLS.map((t) => (
            <div key={t.name}>
              <dt>{t.name}</dt>
              <dd>{t.what}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
