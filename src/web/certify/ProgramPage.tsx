import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { post } from '../api/client';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { useDocumentTitle } from '../ui/hooks';
import { PageHeader } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { programStatusQuery, type Credential } from './api';
import { ActionPlanSection } from './ActionPlanSection';
import { useEnrol } from './CertificationPage';
import { CertifyNav, RequirementChecklist, yearsText } from './parts';
import { PracticumSection } from './PracticumSection';
import './certify.css';

function ClaimCard({ programId, name }: { programId: string; name: string }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const navigate = useNavigate();
  const claim = useMutation({
    mutationFn: () => post<Credential>(`/api/v1/certify/programs/${programId}/claim`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['certify'] });
      announce(`Your credential ${name} is issued.`);
      void navigate({ to: '/certification/credentials' });
    },
  });
  return (
    <section className="card card--highlight" aria-labelledby="claim">
      <h2 id="claim">Every requirement is met</h2>
      <p>Claim your credential: a PDF certificate and an Open Badges 3.0 credential anyone can verify.</p>
      <ErrorAlert error={claim.error} />
      <Button onClick={() => claim.mutate()} busy={claim.isPending} busyLabel="Issuing…">
        Claim credential
      </Button>
    </section>
  );
}

/** One program for the learner: the checklist, the practicum, the action plan and claiming. */
export function ProgramPage({ id }: { id: string }) {
  const status = useQuery(programStatusQuery(id));
  useDocumentTitle(status.data?.program.name ?? 'Certification program');
  if (status.isPending) return <Loading label="Loading the program…" />;
  if (status.error) return <ErrorAlert error={status.error} />;
  const { program, enrolled, credentialId, complete, requirements } = status.data;
  return (
    <>
      <PageHeader title={program.name} description={program.description} />
      <CertifyNav />
      <section className="card" aria-labelledby="requirements">
        <h2 id="requirements">Requirements</h2>
        <p>{program.criteriaNarrative}</p>
        <p className="field__hint">
          The credential is valid for {yearsText(program.validityDays)}; renewing it takes {program.renewalCeHours} hours of continuing education.
        </p>
        <RequirementChecklist requirements={requirements} programId={enrolled ? program.id : undefined} pathKey={program.pathKey} label={`Requirements of ${program.name}`} />
        {!enrolled ? <EnrolButton id={program.id} name={program.name} /> : null}
      </section>
      {credentialId ? (
        <Notice kind="success">
          You hold this certification. <Link to="/certification/credentials">See your credential</Link>.
        </Notice>
      ) : enrolled && complete ? (
        <ClaimCard programId={program.id} name={program.name} />
      ) : null}
      <PracticumSection program={program} enrolled={enrolled} />
      <ActionPlanSection program={program} enrolled={enrolled} exam={requirements.find((r) => r.key === 'exam')} />
    </>
  );
}

function EnrolButton({ id, name }: { id: string; name: string }) {
  const enrol = useEnrol({ id, name });
  return (
    <>
      <ErrorAlert error={enrol.error} />
      <Button onClick={() => enrol.mutate()} busy={enrol.isPending} busyLabel="Enrolling…">
        Enrol in {name}
      </Button>
    </>
  );
}
