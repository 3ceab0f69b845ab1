import { Link, useRouterState } from '@tanstack/react-router';
import { can, useMe } from '../../api/identity';

interface Item {
  to: string;
  label: string;
  /** Also active on these path prefixes. */
  also?: string[];
}

/** Tabs of the escalation area: building the binder, the published binder, incidents. */
export function EscalationsNav() {
  const { data: me } = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const manager = can(me, 'escalations.binder.manage');
  const items: Item[] = [
    { to: '/toolkit/escalations', label: manager ? 'Build the binder' : 'My procedures', also: ['/toolkit/escalations/procedures/'] },
    ...(can(me, 'escalations.binder.read') ? [{ to: '/toolkit/escalations/binder', label: 'Published binder', also: ['/toolkit/escalations/binder/'] }] : []),
    { to: '/incidents', label: 'Incidents', also: ['/incidents/'] },
  ];
  return (
    <nav className="subnav" aria-label="Escalations">
      <ul>
        {items.map((item) => {
          const active = pathname === item.to || (item.also ?? []).some((p) => pathname.startsWith(p));
          return (
            <li key={item.to}>
              <Link to={item.to} className={active ? 'subnav__link subnav__link--active' : 'subnav__link'} aria-current={active ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
