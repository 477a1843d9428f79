import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';

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

/** What a page gives its editor form: the item edited (null: a new one), how to close it, and its heading (focused on opening). */
export type InlineEditorProps<T> = { editing: T | null; onDone: () => void; heading: RefObject<HTMLHeadingElement | null> };

/**
 * A list page's one inline editor: closed, open on a new item, or open on an existing one, with
 * its focus handled as `useEditorFocus` says. `keyOf` names an item's version: the form is keyed
 * by it, so editing another item (or a newer version) starts from that item's values.
 */
export const useInlineEditor = <T,>(keyOf: (item: T) => string) => {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const focus = useEditorFocus(editing !== null);
  const { remember } = focus;
  const open = useCallback(
    (what: T | 'new') => {
      remember();
      setEditing(what);
    },
    [remember],
  );
  const props: InlineEditorProps<T> = { editing: editing === 'new' ? null : editing, onDone: () => setEditing(null), heading: focus.heading };
  return { isOpen: editing !== null, key: editing === null || editing === 'new' ? 'new' : keyOf(editing), props, open, focus };
};

export type InlineEditor<T> = ReturnType<typeof useInlineEditor<T>>;

/** The list's "New …" button: opens the editor on a new item; focus comes back to it when the editor closes. */
export const NewButton = <T,>({ editor, children }: { editor: InlineEditor<T>; children: ReactNode }) => (
  <button type="button" className="primary" ref={editor.focus.fallback} onClick={() => editor.open('new')}>
    {children}
  </button>
);
