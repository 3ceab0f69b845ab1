import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { get, post } from '../api/client';
import type { UnsubscribeLookup } from '../api/learn';
import { PublicLayout } from '../layout/PublicLayout';
import { ErrorAlert, Notice } from '../ui/Alert';
import { Button } from '../ui/Button';
import { useDocumentTitle } from '../ui/hooks';
import { Loading } from '../ui/Spinner';

/**
 * Stopping the weekly tip from the e-mail link, signed out. Opening the page changes nothing (mail
 * scanners follow links); the button does.
 */
export function UnsubscribePage({ token }: { token: string }) {
  useDocumentTitle('Weekly tips');
  const lookup = useQuery({
    queryKey: ['tips-unsubscribe', token],
    queryFn: () => get<UnsubscribeLookup>('/api/v1/learn/tips/unsubscribe', { token }),
    enabled: token.length >= 10,
    retry: false,
  });
  const unsubscribe = useMutation({ mutationFn: () => post<UnsubscribeLookup>('/api/v1/learn/tips/unsubscribe', { token }) });

  if (token.length < 10) {
    return (
      <PublicLayout title="Weekly tips">
        <Notice kind="warning">This page needs the whole unsubscribe link from a weekly tip e-mail. You can also sign in and turn the tips off in your profile.</Notice>
        <p>
          <Link to="/sign-in">Sign in</Link>
        </p>
      </PublicLayout>
    );
  }
  const done = unsubscribe.data ?? (lookup.data && !lookup.data.subscribed ? lookup.data : null);
  return (
    <PublicLayout title={done ? 'You are unsubscribed' : lookup.isError ? 'This link does not work' : 'Stop the weekly tips?'}>
      {lookup.isPending ? <Loading label="Checking the link…" /> : null}
      <ErrorAlert error={lookup.error} />
      {done ? (
        <Notice kind="success" role="status">
          <p>
            <strong>{done.email}</strong> no longer gets the weekly tip from {done.organisationName}. To get it again, sign in and turn it on in your profile.
          </p>
        </Notice>
      ) : lookup.data ? (
        <>
          <p>
            <strong>{lookup.data.email}</strong> gets one short management tip a week from {lookup.data.organisationName} on Milewide.
          </p>
          <ErrorAlert error={unsubscribe.error} />
          <div className="form__actions">
            <Button onClick={() => unsubscribe.mutate()} busy={unsubscribe.isPending} busyLabel="Unsubscribing…">
              Unsubscribe
            </Button>
          </div>
          <p className="small muted">You can subscribe again from your profile at any time.</p>
        </>
      ) : null}
      <p>
        <Link to="/sign-in">Sign in to Milewide</Link>
      </p>
    </PublicLayout>
  );
}
