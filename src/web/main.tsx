import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client';
import { initTheme } from './layout/theme';
import { makeRouter } from './router';
import { AnnouncerProvider } from './ui/Announcer';
import './styles.css';
// After the base styles, so the Learn area's modifiers win over them.
import './learn/learn.css';

initTheme();

const PUBLIC_PATHS = ['/sign-in', '/setup', '/forgot-password', '/reset-password', '/invite', '/unsubscribe'];

function onUnauthorised(error: unknown) {
  // A 401 anywhere while signed in means the session ended: refresh "me", which sends the
  // app layout to the sign-in page.
  if (error instanceof ApiError && error.status === 401 && !PUBLIC_PATHS.includes(window.location.pathname)) {
    void queryClient.invalidateQueries({ queryKey: ['me'] });
  }
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onUnauthorised }),
  mutationCache: new MutationCache({ onError: onUnauthorised }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

const router = makeRouter(queryClient);

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <AnnouncerProvider>
        <RouterProvider router={router} />
      </AnnouncerProvider>
    </QueryClientProvider>
  </StrictMode>,
);
