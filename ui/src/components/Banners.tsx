import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Live } from '../live/useLiveUpdates.js';

const subscribeOnline = (l: () => void) => {
  window.addEventListener('online', l);
  window.addEventListener('offline', l);
  return () => {
    window.removeEventListener('online', l);
    window.removeEventListener('offline', l);
  };
};
export const useOnline = (): boolean => useSyncExternalStore(subscribeOnline, () => navigator.onLine);

const BACK_SHOWN_MS = 6_000;

/** Says when the live connection (or the network) is down, and when it is back. */
export const ConnectionBanner = ({ live }: { live: Live | undefined }) => {
  const online = useOnline();
  const [showBack, setShowBack] = useState(false);
  const reconnectedAt = live?.reconnectedAt ?? null;
  useEffect(() => {
    if (reconnectedAt === null) return;
    setShowBack(true);
    const t = setTimeout(() => setShowBack(false), BACK_SHOWN_MS);
    return () => clearTimeout(t);
  }, [reconnectedAt]);
  let text: string | null = null;
  let kind = 'down';
  if (!online) text = 'You are offline. What you see may be out of date; Guildhall reconnects when the network is back.';
  else if (live?.state === 'down') text = 'Live updates are down: reconnecting… What you see may be out of date.';
  else if (showBack && live?.state === 'live') {
    text = 'Live updates are back; everything on this page was refreshed.';
    kind = 'back';
  }
  return (
    <div role="status" aria-live="polite" className={text ? `banner banner-${kind}` : 'sr-only'} data-testid="connection-banner">
      {text}
    </div>
  );
};
