import { Link, useRouterState } from '@tanstack/react-router';
import { can, useMe } from '../api/identity';
import type { Requirement } from './api';

/** Secondary navigation of the certification area (the index matches only itself). */
export function CertifyNav() {
  const { data: me } = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const items = [
    { to: '/certification', label: 'Programs', exact: false, also: '/certification/programs' },
    { to: '/certification/credentials', label: 'My credentials' },
    { to: '/certification/team', label: 'My team' },
    ...(can(me, 'certify.review') ? [{ to: '/certification/review', label: 'Practicum reviews' }] : []),
    ...(can(me, 'certify.manage') ? [{ to: '/admin/certification', label: 'Settings' }] : []),
  ];
  const isActive = (item: (typeof items)[number]) =>
    item.to === '/certification' ? pathname === '/certification' || pathname.startsWith('/certification/programs') : pathname === item.to || pathname.startsWith(`${item.to}/`);
  return (
    <nav className="subnav" aria-label="Certification">
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <Link to={item.to} className={isActive(item) ? 'subnav__link subnav__link--active' : 'subnav__link'} aria-current={isActive(item) ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Where a learner goes to meet one requirement. */
function RequirementLink({ requirement, programId, pathKey }: { requirement: Requirement; programId?: string; pathKey: string | null }) {
  if (requirement.met) return null;
  switch (requirement.key) {
    case 'learning_path':
      return pathKey ? (
        <Link className="checklist__link" to="/learn/paths/$pathKey" params={{ pathKey }}>
          Go to the learning path
        </Link>
      ) : null;
    case 'exam':
      return (
        <Link className="checklist__link" to="/exams">
          Go to exams
        </Link>
      );
    case 'practicum':
      return programId ? (
        <Link className="checklist__link" to="/certification/programs/$id" params={{ id: programId }} hash="practicum">
          Submit practicum evidence
        </Link>
      ) : null;
    case 'action_plan':
      return programId ? (
        <Link className="checklist__link" to="/certification/programs/$id" params={{ id: programId }} hash="action-plan">
          Write the action plan
        </Link>
      ) : null;
  }
}

/** The program's requirements as a checklist: what is done and what remains, with where to go next. */
export function RequirementChecklist({ requirements, programId, pathKey, label }: { requirements: Requirement[]; programId?: string; pathKey: string | null; label: string }) {
  return (
    <ul className="checklist" aria-label={label}>
      {requirements.map((r) => (
        <li key={r.key} className={r.met ? 'checklist__item checklist__item--met' : 'checklist__item'}>
          <span className="checklist__mark" aria-hidden="true">
            {r.met ? '✓' : ''}
          </span>
          <span className="checklist__title">
            {r.title}
            <span className="visually-hidden">{r.met ? ': done' : ': to do'}</span>
          </span>
          <p className="checklist__detail">{r.detail}</p>
          <RequirementLink requirement={r} programId={programId} pathKey={pathKey} />
        </li>
      ))}
    </ul>
  );
}

export const yearsText = (days: number) => (days % 365 === 0 ? `${days / 365} year${days === 365 ? '' : 's'}` : `${days} days`);
