import type { ReactNode } from 'react';
import { errorMessage } from '../api/client';

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <div className="alert alert--error" role="alert">
      {title ? <p className="alert__title">{title}</p> : null}
      <p>{errorMessage(error)}</p>
    </div>
  );
}

export function Notice({ kind = 'info', children, role }: { kind?: 'info' | 'success' | 'warning'; children: ReactNode; role?: 'status' | 'alert' }) {
  return (
    <div className={`alert alert--${kind}`} role={role}>
      {children}
    </div>
  );
}
