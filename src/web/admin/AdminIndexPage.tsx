import { Link } from '@tanstack/react-router';
import { useMe } from '../api/identity';
import { Notice } from '../ui/Alert';
import { useDocumentTitle } from '../ui/hooks';
import { PageHeader } from '../ui/Misc';
import { ADMIN_AREAS } from './AdminNav';

export function AdminIndexPage() {
  useDocumentTitle('Administration');
  const { data: me } = useMe();
  const areas = ADMIN_AREAS.filter((a) => me?.permissions.includes(a.permission));
  return (
    <>
      <PageHeader title="Administration" description={`Manage ${me?.organisationName ?? 'your organisation'}.`} />
      {areas.length === 0 ? <Notice kind="warning">You do not have any administration permissions.</Notice> : null}
      <ul className="tiles">
        {areas.map((a) => (
          <li key={a.to} className="tile">
            <h2 className="tile__title">
              <Link to={a.to}>{a.label}</Link>
            </h2>
            <p>{a.description}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
