import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState } from 'react';
import { post, errorMessage } from '../api/client';
import { NOTIFICATION_STREAM, notificationsQuery, type InAppNotification, type NotificationPage } from '../api/escalations';
import { useEventStream } from '../api/live';
import { useAnnounce } from '../ui/Announcer';
import { formatDateTime } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import './notifications.css';

/** Only links inside the app are followed from a notification. */
function internalPath(link: string): string | null {
  return link.startsWith('/') && !link.startsWith('//') ? link : null;
}

/**
 * The bell in the header: the unread count, kept live over Server-Sent Events, and a panel with
 * the latest notifications. Opening one marks it read.
 */
export function NotificationsBell() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const navigate = useNavigate();
  const panelId = useId();
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const list = useQuery(notificationsQuery);
  const [liveUnread, setLiveUnread] = useState<number | null>(null);

  useEventStream(NOTIFICATION_STREAM, {
    // Sent first on every (re)connection: refresh the list too, in case something arrived meanwhile.
    unread: (data) => {
      setLiveUnread((data as { unread: number }).unread);
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    },
    notification: (data) => {
      const n = data as InAppNotification & { unread: number };
      setLiveUnread(n.unread);
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      announce(`New notification: ${n.title}`);
    },
  });

  const unread = liveUnread ?? list.data?.unread ?? 0;
  const setUnread = (n: number) => {
    setLiveUnread(n);
    queryClient.setQueryData<NotificationPage>(['notifications'], (old) => (old ? { ...old, unread: n } : old));
  };

  const markRead = useMutation({
    mutationFn: (id: string) => post<InAppNotification>(`/api/v1/me/notifications/${id}/read`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const markAll = useMutation({
    mutationFn: () => post<{ updated: number }>('/api/v1/me/notifications/read-all'),
    onSuccess: (r) => {
      setUnread(0);
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      announce(r.updated ? `${r.updated} marked read.` : 'Nothing was unread.');
    },
  });

  // The list's own count is the truth after each refetch.
  useEffect(() => {
    if (list.data) setLiveUnread(list.data.unread);
  }, [list.data]);

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

  const follow = (n: InAppNotification) => {
    if (!n.readAt) {
      setUnread(Math.max(0, unread - 1));
      markRead.mutate(n.id);
    }
    setOpen(false);
    const to = internalPath(n.link);
    if (to) void navigate({ to });
  };

  const items = list.data?.items ?? [];
  const label = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  return (
    <div className="bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button button--ghost bell__button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={label}
        onClick={() => {
          setOpen((v) => !v);
          if (!open) void list.refetch();
        }}
      >
        <svg className="bell__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Zm-2 1H7v-6a5 5 0 0 1 10 0v6Z"
          />
        </svg>
        {unread > 0 ? (
          <span className="bell__count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      <div id={panelId} className="bell__panel" hidden={!open} role="region" aria-labelledby={headingId}>
        <div className="bell__head">
          <h2 id={headingId} className="bell__title">
            Notifications
          </h2>
          <button type="button" className="link-button" disabled={unread === 0 || markAll.isPending} onClick={() => markAll.mutate()}>
            {markAll.isPending ? <Spinner size="small" /> : null} Mark all read
          </button>
        </div>
        {list.isPending ? (
          <p className="bell__empty">
            <Spinner size="small" /> Loading…
          </p>
        ) : null}
        {list.isError ? <p className="field__error">{errorMessage(list.error)}</p> : null}
        {markRead.isError || markAll.isError ? <p className="field__error">{errorMessage(markRead.error ?? markAll.error)}</p> : null}
        {list.data && items.length === 0 ? <p className="bell__empty">No notifications yet. Incidents you are part of are announced here.</p> : null}
        {items.length > 0 ? (
          <ul className="bell__list">
            {items.map((n) => {
              const to = internalPath(n.link);
              return (
                <li key={n.id} className={n.readAt ? 'bell__item' : 'bell__item bell__item--unread'}>
                  {to ? (
                    <a
                      href={to}
                      className="bell__link"
                      onClick={(e) => {
                        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                        e.preventDefault();
                        follow(n);
                      }}
                    >
                      {!n.readAt ? <span className="visually-hidden">Unread: </span> : null}
                      {n.title}
                    </a>
                  ) : (
                    <span className="bell__link">
                      {!n.readAt ? <span className="visually-hidden">Unread: </span> : null}
                      {n.title}
                    </span>
                  )}
                  {n.body ? <span className="bell__body">{n.body.split('\n')[0]}</span> : null}
                  <span className="bell__time">{formatDateTime(n.createdAt)}</span>
                </li>
              );
            })}
          </ul>
        ) : null}
        {list.data && list.data.total > items.length ? <p className="bell__more muted small">Showing the latest {items.length} of {list.data.total}.</p> : null}
      </div>
    </div>
  );
}
