import { useEffect, useSyncExternalStore } from 'react';
import { z } from 'zod';
import { storageKey, useStored } from './stored.js';

export const THEME_MODES = ['system', 'light', 'dark'] as const;
export type ThemeMode = (typeof THEME_MODES)[number];

/**
 * Accent colours a person may pick. Each has a shade for the light theme and one for the dark,
 * chosen so that links and accent buttons keep WCAG AA contrast (≥ 4.5:1) on either background
 * (test/theme.test.ts measures every pair).
 */
export const ACCENTS = {
  blurple: { label: 'Blurple', light: '#4450d0', dark: '#a9b1ff' },
  green: { label: 'Green', light: '#1d6b3e', dark: '#6fd69a' },
  purple: { label: 'Purple', light: '#7a35b8', dark: '#d2a8ff' },
  orange: { label: 'Orange', light: '#a34700', dark: '#ffb06b' },
  pink: { label: 'Pink', light: '#b0246b', dark: '#ff9fcf' },
} as const;
export type AccentName = keyof typeof ACCENTS;

/** The two backgrounds each theme draws text on (page and panel), and the text drawn on an accent. */
export const THEME_SURFACES = {
  light: { bg: '#f6f7f9', panel: '#ffffff', onAccent: '#ffffff' },
  dark: { bg: '#14161c', panel: '#1d2029', onAccent: '#14161c' },
} as const;

export const ThemeSettingsSchema = z.object({
  mode: z.enum(THEME_MODES),
  accent: z.enum(Object.keys(ACCENTS) as [AccentName, ...AccentName[]]),
});
export type ThemeSettings = z.infer<typeof ThemeSettingsSchema>;
export const DEFAULT_THEME: ThemeSettings = { mode: 'system', accent: 'blurple' };

export const resolveMode = (mode: ThemeMode, prefersDark: boolean): 'light' | 'dark' => (mode === 'system' ? (prefersDark ? 'dark' : 'light') : mode);

/** Puts the theme on <html>: data-theme picks the palette in styles.css, --accent the colour. */
export const applyTheme = (root: HTMLElement, settings: ThemeSettings, prefersDark: boolean): 'light' | 'dark' => {
  const resolved = resolveMode(settings.mode, prefersDark);
  root.dataset.theme = resolved;
  root.style.setProperty('--accent', ACCENTS[settings.accent][resolved]);
  root.style.setProperty('--on-accent', THEME_SURFACES[resolved].onAccent);
  root.style.colorScheme = resolved;
  const meta = root.ownerDocument.querySelector('meta[name="theme-color"]');
  meta?.setAttribute('content', THEME_SURFACES[resolved].panel);
  return resolved;
};

const writeLastTheme = (mode: ThemeMode) => {
  try {
    localStorage.setItem('guildhall.last-theme', JSON.stringify(mode));
  } catch {
    // Not remembered: the next visit starts in the device's theme.
  }
};

const darkQuery = () => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null);
const subscribeDark = (l: () => void) => {
  const q = darkQuery();
  q?.addEventListener('change', l);
  return () => q?.removeEventListener('change', l);
};
export const usePrefersDark = (): boolean => useSyncExternalStore(subscribeDark, () => darkQuery()?.matches ?? false);

/** The signed-in person's theme (remembered per user in this browser), applied to the page. */
export const useTheme = (userId: string | null) => {
  const [settings, setSettings] = useStored(storageKey(userId, 'theme'), ThemeSettingsSchema, DEFAULT_THEME);
  const prefersDark = usePrefersDark();
  const resolved = resolveMode(settings.mode, prefersDark);
  useEffect(() => {
    applyTheme(document.documentElement, settings, prefersDark);
    // Read by index.html before the first paint of the next visit (no flash of the wrong theme).
    writeLastTheme(settings.mode);
  }, [settings, prefersDark]);
  return { settings, resolved, setSettings };
};

/** WCAG relative luminance contrast of two #rrggbb colours. */
export const contrast = (a: string, b: string): number => {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

const subscribeDocTheme = (l: () => void) => {
  const o = new MutationObserver(l);
  o.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'style'] });
  return () => o.disconnect();
};
/** The theme the page shows now (for canvas drawings such as charts, which CSS cannot restyle). */
export const useDocumentTheme = (): string =>
  useSyncExternalStore(subscribeDocTheme, () => `${document.documentElement.dataset.theme ?? 'light'}:${document.documentElement.style.getPropertyValue('--accent')}`);
