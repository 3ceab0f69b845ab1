import { Link, useRouterState } from '@tanstack/react-router';

/** Secondary navigation inside an area (Organisation, Admin). */
export function SubNav({ label, items }: { label: string; items: { to: string; label: string }[] }) {
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  return (
    <nav className="subnav" aria-label={label}>
      <ul>
        {items.map((item) => {
          const active = pathname === item.to || pathname.startsWith(`${item.to}/`);
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
