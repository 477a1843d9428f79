import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { ApiError, setUnauthenticatedHandler } from './api/client.js';
import { keys } from './api/queries.js';
import './styles.css';

const client = new QueryClient({
  defaultOptions: {
    queries: {
      // Live updates invalidate what changed; no need to refetch on every focus.
      refetchOnWindowFocus: false,
      staleTime: 10_000,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});
setUnauthenticatedHandler(() => client.setQueryData(keys.me, null));

// Installable, with an offline shell (public/sw.js never caches API responses). Not in `vite dev`.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
