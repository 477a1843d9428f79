import { useEffect, useState, useSyncExternalStore } from 'react';

/**
 * Polite announcements for screen readers: live changes (a case arrived, a bulk member's
 * outcome) are said once, without moving focus. One region for the whole app, in the shell.
 */
let message = { text: '', n: 0 };
const listeners = new Set<() => void>();

export const announce = (text: string): void => {
  message = { text, n: message.n + 1 };
  listeners.forEach((l) => l());
};

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export const LiveRegion = () => {
  const current = useSyncExternalStore(subscribe, () => message);
  // Cleared first, then set: a screen reader announces a repeat of the same words too.
  const [shown, setShown] = useState('');
  useEffect(() => {
    setShown('');
    const t = setTimeout(() => setShown(current.text), 50);
    return () => clearTimeout(t);
  }, [current]);
  return (
    <div className="sr-only" aria-live="polite" role="status" data-testid="announcer">
      {shown}
    </div>
  );
};
