import { Link } from '@tanstack/react-router';
import type { Person } from '../api/types';
import { levelLabel } from '../ui/format';
import { TableWrap } from '../ui/Misc';

/** Name, job role, career level, team and manager; names link to the person's profile. */
export function PeopleTable({ people, label }: { people: Person[]; label: string }) {
  return (
    <TableWrap label={label}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Job role</th>
            <th scope="col">Career level</th>
            <th scope="col">Team</th>
            <th scope="col">Manager</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                <Link to="/people/$id" params={{ id: p.id }}>
                  {p.name}
                </Link>
                {p.status !== 'active' ? <span className="muted small"> ({p.status === 'invited' ? 'invited' : 'deactivated'})</span> : null}
              </th>
              <td>{p.jobRole || '—'}</td>
              <td>{levelLabel(p.careerLevel)}</td>
              <td>{p.teamName ?? '—'}</td>
              <td>
                {p.managerId && p.managerName ? (
                  <Link to="/people/$id" params={{ id: p.managerId }}>
                    {p.managerName}
                  </Link>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
