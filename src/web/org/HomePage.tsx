import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { isAdmin, useMe } from '../api/identity';
import { personQuery } from '../api/org';
import { ErrorAlert } from '../ui/Alert';
import { levelLabel, rolesLabel } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader } from '../ui/Misc';
import { Loading } from '../ui/Spinner';

export function HomePage() {
  useDocumentTitle('Home');
  const { data: me } = useMe();
  const self = useQuery({ ...personQuery(me?.id ?? ''), enabled: !!me });
  if (!me) return null;
  const firstName = me.name.split(/\s+/)[0] || me.name;
  const reports = self.data?.directReports ?? [];
  return (
    <>
      <PageHeader title={`Welcome, ${firstName}`} description={`You are signed in to ${me.organisationName} on Milewide.`} />
      <div className="grid-2">
        <section className="card" aria-labelledby="home-profile">
          <h2 id="home-profile">Your profile</h2>
          <dl className="facts">
            <dt>Job role</dt>
            <dd>{me.jobRole || '—'}</dd>
            <dt>Career level</dt>
            <dd>{levelLabel(me.careerLevel)}</dd>
            <dt>Team</dt>
            <dd>{me.teamName ?? '—'}</dd>
            <dt>Roles</dt>
            <dd>{rolesLabel(me.roles)}</dd>
          </dl>
          <p>
            <Link to="/profile">Edit your profile</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="home-line">
          <h2 id="home-line">Your reporting line</h2>
          <h3 className="h-small">Manager</h3>
          {me.managerId && me.managerName ? (
            <p>
              <Link to="/people/$id" params={{ id: me.managerId }}>
                {me.managerName}
              </Link>
            </p>
          ) : (
            <p className="muted">No manager is recorded for you.</p>
          )}
          <h3 className="h-small">Direct reports ({me.directReportCount})</h3>
          {me.directReportCount === 0 ? (
            <EmptyState>No one reports to you.</EmptyState>
          ) : self.isPending ? (
            <Loading label="Loading your direct reports…" />
          ) : (
            <>
              <ErrorAlert error={self.error} />
              <ul className="plain-list">
                {reports.map((r) => (
                  <li key={r.id}>
                    <Link to="/people/$id" params={{ id: r.id }}>
                      {r.name}
                    </Link>
                    {r.jobRole ? <span className="muted"> · {r.jobRole}</span> : null}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="home-links">
        <h2 id="home-links">Quick links</h2>
        <ul className="quick-links">
          <li>
            <Link to="/people">People directory</Link>
            <span>Find colleagues by name, e-mail or team.</span>
          </li>
          <li>
            <Link to="/org-chart">Org chart</Link>
            <span>See who reports to whom.</span>
          </li>
          <li>
            <Link to="/learn">Learn</Link>
            <span>What the learning area will offer.</span>
          </li>
          <li>
            <Link to="/toolkit">Toolkit</Link>
            <span>The manager's tools that are on the way.</span>
          </li>
          <li>
            <Link to="/tokens">API tokens</Link>
            <span>Connect scripts and other systems.</span>
          </li>
          {isAdmin(me) ? (
            <li>
              <Link to="/admin">Administration</Link>
              <span>People, teams, invitations, import, outbox and audit log.</span>
            </li>
          ) : null}
        </ul>
      </section>
    </>
  );
}
