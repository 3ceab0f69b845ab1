import { Link } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState } from 'react';
import type { Me } from '../api/types';
import { errorMessage } from '../api/client';
import { Spinner } from '../ui/Spinner';
import { useSignOut } from './signOut';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase() || '?';
}

/** A disclosure menu: a button that shows a list of links and actions. */
export function UserMenu({ me }: { me: Me }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const signOut = useSignOut(false);
  const signOutEverywhere = useSignOut(true);
  const error = signOut.error ?? signOutEverywhere.error;

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onFocus = (e: FocusEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    document.addEventListener('focusin', onFocus);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('focusin', onFocus);
    };
  }, [open]);

  const close = () => setOpen(false);

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button button--ghost user-menu__button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((v) => !v)}
      >
        <span className="avatar" aria-hidden="true">
          {initials(me.name)}
        </span>
        <span className="user-menu__name">
          <span className="visually-hidden">Account menu for </span>
          {me.name}
        </span>
        <span aria-hidden="true" className="user-menu__caret">
          ▾
        </span>
      </button>
      <div id={menuId} className="user-menu__panel" hidden={!open}>
        <p className="user-menu__who">
          <strong>{me.name}</strong>
          <br />
          <span className="muted">{me.email}</span>
        </p>
        <ul className="user-menu__list">
          <li>
            <Link to="/profile" onClick={close}>
              Profile
            </Link>
          </li>
          <li>
            <Link to="/tokens" onClick={close}>
              API tokens
            </Link>
          </li>
          <li>
            <button type="button" className="user-menu__action" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
              {signOut.isPending ? <Spinner size="small" /> : null} Sign out
            </button>
          </li>
          <li>
            <button
              type="button"
              className="user-menu__action"
              disabled={signOutEverywhere.isPending}
              onClick={() => signOutEverywhere.mutate()}
            >
              {signOutEverywhere.isPending ? <Spinner size="small" /> : null} Sign out everywhere
            </button>
          </li>
        </ul>
        {error ? (
          <p className="field__error" role="alert">
            {errorMessage(error)}
          </p>
        ) : null}
      </div>
    </div>
  );
}
