import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { personQuery } from '../api/org';
import { ErrorAlert } from '../ui/Alert';
import { formatDate, levelLabel, rolesLabel, statusLabel } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { OrgNav } from './OrgNav';
import { PeopleTable } from './PeopleTable';

export function PersonPage({ id }: { id: string }) {
  const person = useQuery(personQuery(id));
  useDocumentTitle(person.data?.name ?? 'Person');
  const p = person.data;
  return (
    <>
      <PageHeader title={p?.name ?? 'Person'} description={p ? [p.jobRole, p.teamName].filter(Boolean).join(' · ') || undefined : undefined} />
      <OrgNav />
      {person.isPending ? <Loading /> : null}
      <ErrorAlert error={person.error} />
      {p ? (
        <>
          <section className="card" aria-labelledby="person-facts">
            <h2 id="person-facts">Profile</h2>
            <dl className="facts">
              <dt>E-mail</dt>
              <dd>
                <a href={`mailto:${p.email}`}>{p.email}</a>
              </dd>
              <dt>Job role</dt>
              <dd>{p.jobRole || '—'}</dd>
              <dt>Career level</dt>
              <dd>{levelLabel(p.careerLevel)}</dd>
              <dt>Team</dt>
              <dd>{p.teamName ?? '—'}</dd>
              <dt>Manager</dt>
              <dd>
                {p.managerId && p.managerName ? (
                  <Link to="/people/$id" params={{ id: p.managerId }}>
                    {p.managerName}
                  </Link>
                ) : (
                  '—'
                )}
              </dd>
              <dt>Roles</dt>
              <dd>{rolesLabel(p.roles)}</dd>
              <dt>Status</dt>
              <dd>{statusLabel(p.status)}</dd>
              <dt>Member since</dt>
              <dd>{formatDate(p.createdAt)}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="person-reports">
            <h2 id="person-reports">Direct reports ({p.directReports.length})</h2>
            {p.directReports.length === 0 ? (
              <EmptyState>{p.name} has no direct reports.</EmptyState>
            ) : (
              <PeopleTable people={p.directReports} label={`Direct reports of ${p.name}`} />
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
