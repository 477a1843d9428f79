// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsPage } from '../src/pages/SettingsPage.js';
import { storageKey } from '../src/settings/stored.js';
import { ACCENTS, applyTheme, contrast, DEFAULT_THEME, resolveMode, THEME_SURFACES } from '../src/settings/theme.js';

const me = { user: { id: '42', name: 'Ann', avatar: null }, expiresAt: '2030-01-01T00:00:00.000Z', guilds: [] };

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('themes', () => {
  it('every accent keeps WCAG AA contrast for links and accent buttons in both themes', () => {
    for (const [name, a] of Object.entries(ACCENTS)) {
      for (const mode of ['light', 'dark'] as const) {
        const s = THEME_SURFACES[mode];
        const colour = a[mode];
        expect(contrast(colour, s.bg), `${name} on the ${mode} page`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(colour, s.panel), `${name} on a ${mode} panel`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(s.onAccent, colour), `text on ${name} (${mode})`).toBeGreaterThanOrEqual(4.5);
      }
    }
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21);
  });

  it('resolves "system" from the device and applies the palette to <html>', () => {
    expect(resolveMode('system', true)).toBe('dark');
    expect(resolveMode('system', false)).toBe('light');
    expect(resolveMode('light', true)).toBe('light');
    const root = document.documentElement;
    expect(applyTheme(root, { mode: 'dark', accent: 'green' }, false)).toBe('dark');
    expect(root.dataset.theme).toBe('dark');
    expect(root.style.getPropertyValue('--accent')).toBe(ACCENTS.green.dark);
  });

  it('switches theme and accent from the settings page and remembers them per user', () => {
    render(<SettingsPage me={me} />);
    fireEvent.click(screen.getByLabelText('Dark'));
    expect(document.documentElement.dataset.theme).toBe('dark');
    fireEvent.click(screen.getByLabelText('Orange'));
    expect(document.documentElement.style.getPropertyValue('--accent')).toBe(ACCENTS.orange.dark);
    expect(JSON.parse(localStorage.getItem(storageKey('42', 'theme'))!)).toEqual({ mode: 'dark', accent: 'orange' });
    // Another visit: the page starts from what was remembered.
    cleanup();
    render(<SettingsPage me={me} />);
    expect(screen.getByLabelText('Dark')).toHaveProperty('checked', true);
    expect(screen.getByLabelText('Orange')).toHaveProperty('checked', true);
    // Another user in the same browser has their own.
    cleanup();
    render(<SettingsPage me={{ ...me, user: { ...me.user, id: '43' } }} />);
    expect(screen.getByLabelText('Same as my device')).toHaveProperty('checked', DEFAULT_THEME.mode === 'system');
  });

  it('ignores a stored value it cannot read', () => {
    localStorage.setItem(storageKey('42', 'theme'), JSON.stringify({ mode: 'neon', accent: 'blurple' }));
    render(<SettingsPage me={me} />);
    expect(screen.getByLabelText('Same as my device')).toHaveProperty('checked', true);
  });
});
