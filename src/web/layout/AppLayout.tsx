import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { isAdmin, useMe } from '../api/identity';
import { AUTHORING_PERMISSIONS } from '../assess/authoring/AuthoringNav';
import { Loading } from '../ui/Spinner';
import { NotificationsBell } from './NotificationsBell';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';

interface NavItem {
  to: string;
  label: string;
  match: string[];
}

function navItems(admin: boolean, authoring: boolean): NavItem[] {
  const items: NavItem[] = [
    { to: '/', label: 'Home', match: ['/'] },
    { to: '/learn', label: 'Learn', match: ['/learn'] },
    { to: '/exams', label: 'Exams', match: ['/exams', '/exam-attempts'] },
    { to: '/certification', label: 'Certification', match: ['/certification'] },
    { to: '/toolkit', label: 'Toolkit', match: ['/toolkit', '/incidents'] },
    { to: '/people', label: 'Organisation', match: ['/people', '/org-chart', '/teams'] },
  ];
  if (authoring) items.push({ to: '/authoring/items', label: 'Item bank & exams', match: ['/authoring'] });
  if (admin) items.push({ to: '/admin', label: 'Admin', match: ['/admin'] });
  return items;
}

function isActive(pathname: string, item: NavItem): boolean {
  return item.match.some((m) => (m === '/' ? pathname === '/' : pathname === m || pathname.startsWith(`${m}/`)));
}

export function AppLayout() {
  const { data: me, isPending } = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const navigate = useNavigate();
  const [navOpen, setNavOpen] = useState(false);
  const firstRender = useRef(true);

  // The session ended (expired, or signed out elsewhere): go to the sign-in page, once, and
  // come back to this page after signing in again.
  const leaving = useRef(false);
  useEffect(() => {
    if (!isPending && me === null && !leaving.current) {
      leaving.current = true;
      void navigate({ to: '/sign-in', search: { redirect: pathname === '/' ? undefined : pathname } });
    }
    if (me) leaving.current = false;
  }, [me, isPending, navigate, pathname]);

  // After client-side navigation move focus to the new page's heading, so screen reader and
  // keyboard users start at the top of the new content.
  useEffect(() => {
    setNavOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('#main h1');
    heading?.focus();
  }, [pathname]);

  if (!me) return <Loading />;

  const items = navItems(isAdmin(me), AUTHORING_PERMISSIONS.some((p) => me.permissions.includes(p)));

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <div className="topbar__start">
          <button
            type="button"
            className="button button--ghost topbar__menu-button"
            aria-expanded={navOpen}
            aria-controls="primary-nav"
            onClick={() => setNavOpen((v) => !v)}
          >
            <span aria-hidden="true">☰</span> Menu
          </button>
          <Link to="/" className="topbar__brand">
            <span className="topbar__logo" aria-hidden="true">
              M
            </span>
            <span className="topbar__org">{me.organisationName}</span>
          </Link>
        </div>
        <div className="topbar__end">
          <ThemeToggle />
          <NotificationsBell />
          <UserMenu me={me} />
        </div>
      </header>
      <div className="app__body">
        <nav id="primary-nav" className={navOpen ? 'sidenav sidenav--open' : 'sidenav'} aria-label="Primary">
          <ul>
            {items.map((item) => {
              const active = isActive(pathname, item);
              return (
                <li key={item.to}>
                  <Link to={item.to} className={active ? 'sidenav__link sidenav__link--active' : 'sidenav__link'} aria-current={active ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <main id="main" className="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <footer className="footer">
        <p>
          Milewide · <a href="/api/docs">API documentation</a>
        </p>
      </footer>
    </div>
  );
}
