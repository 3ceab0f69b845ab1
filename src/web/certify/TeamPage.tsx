import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { post } from '../api/client';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { formatDate } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, StatusBadge } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { REQUIREMENT_LABELS, teamQuery, type ActionPlan, type TeamMember } from './api';
import { PlanItems } from './ActionPlanSection';
import { CertifyNav, RequirementChecklist } from './parts';
import './certify.css';

function Acknowledge({ plan, person }: { plan: ActionPlan; person: string }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const ack = useMutation({
    mutationFn: () => post(`/api/v1/certify/action-plans/${plan.id}/acknowledge`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['certify'] });
      announce(`${person}'s action plan acknowledged.`);
    },
  });
  return (
    <>
      <ErrorAlert error={ack.error} />
      <Button onClick={() => ack.mutate()} busy={ack.isPending} busyLabel="Acknowledging…">
        Acknowledge {person}'s plan
      </Button>
    </>
  );
}

function MemberCard({ member }: { member: TeamMember }) {
  const headingId = `report-${member.person.id}`;
  return (
    <li>
      <article className="card" aria-labelledby={headingId}>
        <h2 id={headingId} className="tile__title">
          {member.person.name}
          {member.person.jobRole ? <span className="field__hint">, {member.person.jobRole}</span> : null}
        </h2>
        {member.programs.length === 0 ? <p>Not enrolled in a certification program.</p> : null}
        {member.programs.map((p) => (
          <section key={p.programId} aria-label={`${member.person.name}: ${p.programName}`}>
            <h3>
              {p.programName}{' '}
              {p.credentialId ? <StatusBadge status="accepted" label="Certified" /> : p.at ? <StatusBadge status="pending" label={`At: ${REQUIREMENT_LABELS[p.at]}`} /> : <StatusBadge status="accepted" label="Ready to claim" />}
            </h3>
            <RequirementChecklist requirements={p.requirements} pathKey={null} label={`${member.person.name}'s requirements in ${p.programName}`} />
            {p.plan ? (
              <>
                <h4>Action plan</h4>
                <PlanItems plan={p.plan} />
                {p.plan.acknowledgedAt ? <Notice kind="success">You acknowledged this plan on {formatDate(p.plan.acknowledgedAt)}.</Notice> : <Acknowledge plan={p.plan} person={member.person.name} />}
              </>
            ) : null}
          </section>
        ))}
      </article>
    </li>
  );
}

/** A manager's direct reports: where each stands in their programs, and their action plans to acknowledge. */
export function TeamPage() {
  useDocumentTitle('My team: certification');
  const team = useQuery(teamQuery);
  return (
    <>
      <PageHeader title="My team: certification" description="Your direct reports' certification programs, and the action plans they ask you to acknowledge." />
      <CertifyNav />
      {team.isPending ? (
        <Loading label="Loading your team…" />
      ) : team.error ? (
        <ErrorAlert error={team.error} />
      ) : team.data.items.length === 0 ? (
        <EmptyState>You have no direct reports.</EmptyState>
      ) : (
        <ul className="certify-list">
          {team.data.items.map((m) => (
            <MemberCard key={m.person.id} member={m} />
          ))}
        </ul>
      )}
    </>
  );
}
