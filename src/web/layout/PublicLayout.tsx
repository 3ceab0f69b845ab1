import type { ReactNode } from 'react';
import { ThemeToggle } from './ThemeToggle';

/** The frame for pages used while signed out: sign-in, setup, invitations, password reset. */
export function PublicLayout({ title, intro, children, wide = false }: { title: string; intro?: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <div className="public">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="public__header">
        <span className="public__brand">
          <span className="topbar__logo" aria-hidden="true">
            M
          </span>
          Milewide
        </span>
        <ThemeToggle />
      </header>
      <main id="main" className={wide ? 'public__main public__main--wide' : 'public__main'} tabIndex={-1}>
        <div className="card public__card">
          <h1 tabIndex={-1} className="page-title">
            {title}
          </h1>
          {intro ? <div className="page-description">{intro}</div> : null}
          {children}
        </div>
      </main>
    </div>
  );
}
