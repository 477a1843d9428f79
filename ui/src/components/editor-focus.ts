import { useCallback, useEffect, useRef } from 'react';

/**
 * Focus for a page's inline editor (custom commands, workflows): opening it moves focus to its
 * heading (the form may appear far from the button pressed); closing it — saved or cancelled —
 * puts focus back on the button that opened it, or on `fallback` (e.g. "New …", which the editor
 * replaced) when that button is gone. Without this, focus falls to the page's body and a keyboard
 * user starts again from the top.
 */
export const useEditorFocus = (open: boolean) => {
  const opener = useRef<HTMLElement | null>(null);
  const heading = useRef<HTMLHeadingElement | null>(null);
  const fallback = useRef<HTMLButtonElement | null>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    if (open && !wasOpen.current) heading.current?.focus();
    if (!open && wasOpen.current) {
      const back = opener.current?.isConnected ? opener.current : fallback.current;
      back?.focus();
    }
    wasOpen.current = open;
  }, [open]);
  /** Call when the editor opens (from the click handler): remembers what had focus. */
  const remember = useCallback(() => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, []);
  return { heading, fallback, remember };
};
