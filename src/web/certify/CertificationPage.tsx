import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { post } from '../api/client';
import { ErrorAlert } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, StatusBadge } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { programsQuery, programStatusQuery, type Program, type ProgramStatus } from './api';
import { CertifyNav, RequirementChecklist, yearsText } from './parts';
import './certify.css';

export function useEnrol(program: Pick<Program, 'id' | 'name'>) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: () => post(`/api/v1/certify/programs/${program.id}/enrol`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['certify'] });
      announce(`You are enrolled in ${program.name}.`);
    },
  });
}

function ProgramCard({ program, status }: { program: Program; status: ProgramStatus | undefined }) {
  const enrol = useEnrol(program);
  const headingId = `program-${program.id}`;
  const left = status ? status.requirements.filter((r) => !r.met).length : null;
  return (
    <li>
      <article className="card" aria-labelledby={headingId}>
        <h2 id={headingId} className="tile__title">
          <Link to="/certification/programs/$id" params={{ id: program.id }}>
            {program.name}
          </Link>
        </h2>
        <p>{program.description}</p>
        <p className="field__hint">
          Valid for {yearsText(program.validityDays)}; renew with {program.renewalCeHours} hours of continuing education.
        </p>
        {!status ? (
          <Loading label="Loading your status…" />
        ) : status.credentialId ? (
          <p>
            <StatusBadge status="accepted" label="Certified" />{' '}
            <Link to="/certification/credentials">See your credential</Link>
          </p>
        ) : status.enrolled ? (
          <>
            <p>
              {left === 0 ? (
                <>
                  <StatusBadge status="accepted" label="Ready to claim" />{' '}
                  <Link to="/certification/programs/$id" params={{ id: program.id }}>
                    Claim your credential
                  </Link>
                </>
              ) : (
                <StatusBadge status="pending" label={`Enrolled: ${left} of ${status.requirements.length} requirements left`} />
              )}
            </p>
            <RequirementChecklist requirements={status.requirements} programId={program.id} pathKey={program.pathKey} label={`Requirements of ${program.name}`} />
          </>
        ) : (
          <>
            <RequirementChecklist requirements={status.requirements} programId={undefined} pathKey={program.pathKey} label={`Requirements of ${program.name}`} />
            <ErrorAlert error={enrol.error} />
            <Button onClick={() => enrol.mutate()} busy={enrol.isPending} busyLabel="Enrolling…">
              Enrol in {program.name}
            </Button>
          </>
        )}
      </article>
    </li>
  );
}

/** Certification programs for learners: each one's requirements as a checklist, and enrolment. */
export function CertificationPage() {
  useDocumentTitle('Certification');
  const programs = useQuery(programsQuery);
  const statuses = useQueries({ queries: (programs.data?.items ?? []).map((p) => programStatusQuery(p.id)) });
  return (
    <>
      <PageHeader
        title="Certification"
        description="Two certifications, each earned by knowing and by doing: the learning path, the exam, practicum evidence from your real work, and a 30-day action plan your manager acknowledges."
      />
      <CertifyNav />
      {programs.isPending ? (
        <Loading label="Loading programs…" />
      ) : programs.error ? (
        <ErrorAlert error={programs.error} />
      ) : programs.data.items.length === 0 ? (
        <EmptyState>Your organisation has no certification programs.</EmptyState>
      ) : (
        <ul className="certify-list">
          {programs.data.items.map((p, i) => (
            <ProgramCard key={p.id} program={p} status={statuses[i]?.data} />
          ))}
        </ul>
      )}
      {statuses.find((s) => s.error) ? <ErrorAlert error={statuses.find((s) => s.error)!.error} /> : null}
    </>
  );
}
