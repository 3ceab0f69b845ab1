import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TipSubscription } from '../api/learn';
import { put, tipSubscriptionQuery } from '../api/learn';
import { ErrorAlert } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Loading } from '../ui/Spinner';

/** The weekly tip on or off, for the profile page. */
export function TipsSubscription() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const sub = useQuery(tipSubscriptionQuery);
  const change = useMutation({
    mutationFn: (subscribed: boolean) => put<TipSubscription>('/api/v1/learn/tips/subscription', { subscribed }),
    // The box follows the click at once; a failed save puts it back and says why.
    onMutate: (subscribed) => {
      const before = queryClient.getQueryData<TipSubscription>(tipSubscriptionQuery.queryKey);
      if (before) queryClient.setQueryData(tipSubscriptionQuery.queryKey, { ...before, subscribed });
      return { before };
    },
    onError: (_e, _v, context) => {
      if (context?.before) queryClient.setQueryData(tipSubscriptionQuery.queryKey, context.before);
    },
    onSuccess: (next) => {
      queryClient.setQueryData(tipSubscriptionQuery.queryKey, next);
      void queryClient.invalidateQueries({ queryKey: ['learn', 'tip'] });
      announce(next.subscribed ? 'Weekly tips turned on.' : 'Weekly tips turned off.');
    },
  });
  return (
    <section className="card" aria-labelledby="tips-heading">
      <h2 id="tips-heading">Weekly tip</h2>
      {sub.isPending ? <Loading label="Loading…" /> : null}
      <ErrorAlert error={sub.error ?? change.error} />
      {sub.data ? (
        <>
          <p>
            One short, practical management tip each Monday by e-mail and on your Learn page, chosen for your stage: <strong>{sub.data.stageTitle}</strong>.
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={sub.data.subscribed} onChange={(e) => change.mutate(e.target.checked)} />
            <span>Send me the weekly tip</span>
          </label>
          <p className="small muted" aria-live="polite">
            {change.isPending ? 'Saving…' : change.isError ? '' : sub.data.subscribed ? 'You get the weekly tip.' : 'You do not get the weekly tip.'}
          </p>
        </>
      ) : null}
    </section>
  );
}
