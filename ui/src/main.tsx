import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { ApiError, apiGet, setUnauthenticatedHandler } from './api/client.js';
import { keys } from './api/queries.js';
import type { OverviewResponse } from './api/types.js';
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

// Opening a guild's overview directly: ask for it alongside the session instead of after it
// (the largest paint of that page is its numbers).
const guildPath = /^\/g\/(\d{1,20})\/?$/.exec(location.pathname);
if (guildPath?.[1]) {
  const g = guildPath[1];
  void client.prefetchQuery({ queryKey: keys.overview(g), queryFn: () => apiGet<OverviewResponse>(`/api/guilds/${g}/overview`) });
}

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
