import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { teamsQuery } from '../api/org';
import { ErrorAlert } from '../ui/Alert';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, TableWrap } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { OrgNav } from './OrgNav';

export function TeamsPage() {
  useDocumentTitle('Teams');
  const teams = useQuery(teamsQuery);
  const byId = new Map((teams.data?.items ?? []).map((t) => [t.id, t]));
  return (
    <>
      <PageHeader title="Teams" description="The teams in your organisation and how many people each has." />
      <OrgNav />
      {teams.isPending ? <Loading label="Loading teams…" /> : null}
      <ErrorAlert error={teams.error} />
      {teams.data && teams.data.items.length === 0 ? <EmptyState>There are no teams yet.</EmptyState> : null}
      {teams.data && teams.data.items.length > 0 ? (
        <TableWrap label="Teams">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Description</th>
                <th scope="col">Part of</th>
                <th scope="col" className="num">
                  Members
                </th>
              </tr>
            </thead>
            <tbody>
              {teams.data.items.map((t) => (
                <tr key={t.id}>
                  <th scope="row">
                    <Link to="/people" search={{ teamId: t.id }}>
                      {t.name}
                    </Link>
                  </th>
                  <td>{t.description || '—'}</td>
                  <td>{t.parentTeamId ? (byId.get(t.parentTeamId)?.name ?? '—') : '—'}</td>
                  <td className="num">{t.memberCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}
