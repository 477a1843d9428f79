import { useCallback, useSyncExternalStore } from 'react';
import type { z } from 'zod';

/**
 * Per-user settings kept in localStorage (server-side settings can replace this later). What is
 * read back is parsed with its zod schema: a value from an older build, or one edited by hand,
 * falls back to the default instead of breaking the page.
 */
const PREFIX = 'guildhall';
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
if (typeof window !== 'undefined') window.addEventListener('storage', notify);

export const storageKey = (userId: string | null, name: string): string => `${PREFIX}.${userId ?? 'anonymous'}.${name}`;

export const readStored = <T,>(key: string, schema: z.ZodType<T>, fallback: T): T => {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(key);
  } catch {
    return fallback;
  }
  if (raw === null) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
};

export const writeStored = (key: string, value: unknown): void => {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full quota: the setting lasts for this page only.
  }
  notify();
};

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** A stored value and its setter; every component using the same key sees each change. */
export const useStored = <T,>(key: string, schema: z.ZodType<T>, fallback: T): [T, (next: T) => void] => {
  // The raw string is the snapshot (stable between changes), parsed on read.
  const raw = useSyncExternalStore(subscribe, () => {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  });
  const value = raw === null ? fallback : readStored(key, schema, fallback);
  const set = useCallback((next: T) => writeStored(key, next), [key]);
  return [value, set];
};
