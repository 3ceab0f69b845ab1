import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { post } from '../api/client';

/** Sign out of this browser, or (everywhere=true) end every session of the caller. */
export function useSignOut(everywhere: boolean) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => post<void>(everywhere ? '/api/v1/auth/logout-everywhere' : '/api/v1/auth/logout'),
    onSuccess: async () => {
      // Leave the app first, so the layout does not react to the cleared session itself.
      await navigate({ to: '/sign-in', search: { signedOut: everywhere ? 'everywhere' : 'here' } });
      queryClient.setQueryData(['me'], null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey[0] !== 'setup' });
    },
  });
}
