// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../src/api/queries.js';
import type { OverviewResponse } from '../src/api/types.js';
import { addWidget, DEFAULT_LAYOUT, missingWidgets, moveWidget, removeWidget } from '../src/overview/layout.js';
import { OverviewPage } from '../src/pages/OverviewPage.js';
import { storageKey } from '../src/settings/stored.js';

const guild = { id: '1', name: 'G', icon: null, owner: false, level: 'moderator' as const, permissions: ['BAN_MEMBERS' as const] };
const overview: OverviewResponse = {
  overview: { guildId: '1', memberCount: 12, onlineCount: 5, presence: null, casesToday: 2, casesThisWeek: 3, casesLast7Days: 3, openTemporaryActions: 0, nextDue: [], updatedAt: null },
  counts: { total: 3, byType: { ban: 2, warn: 1 }, byStatus: {}, byTypeAndStatus: {} },
  bot: null,
};
const emptyPages = { pages: [{ items: [], nextCursor: null }], pageParams: [null] };

/** The page over a cache filled with the API's answers (nothing is fetched: data never goes stale here). */
const renderOverview = () => {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(keys.overview('1'), overview);
  client.setQueryData(keys.cases('1', new URLSearchParams({ limit: '8' }).toString()), emptyPages);
  client.setQueryData(keys.activity('1', new URLSearchParams({ limit: '6' }).toString()), emptyPages);
  return render(
    <QueryClientProvider client={client}>
      <OverviewPage guild={guild} userId="42" />
    </QueryClientProvider>,
  );
};
const order = () => [...document.querySelectorAll('[data-widget]')].map((w) => w.getAttribute('data-widget'));

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('overview widget layout', () => {
  it('adds, removes and moves widgets (pure)', () => {
    expect(moveWidget(['a', 'b', 'c'] as never, 'c' as never, -1)).toEqual(['a', 'c', 'b']);
    expect(moveWidget(['a', 'b'] as never, 'a' as never, -1)).toEqual(['a', 'b']);
    expect(moveWidget(['a', 'b'] as never, 'a' as never, 5)).toEqual(['b', 'a']);
    expect(addWidget(['members'], 'bot')).toEqual(['members', 'bot']);
    expect(addWidget(['members'], 'members')).toEqual(['members']);
    expect(removeWidget(['members', 'bot'], 'members')).toEqual(['bot']);
    expect(missingWidgets(DEFAULT_LAYOUT)).toEqual(['case-types', 'activity']);
  });

  it('arranges the overview by keyboard-reachable buttons and remembers it per user and guild', () => {
    renderOverview();
    expect(order()).toEqual([...DEFAULT_LAYOUT]);
    expect(screen.getByText('12')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Arrange widgets' }));
    fireEvent.click(screen.getByRole('button', { name: 'Move Bot status up' }));
    expect(order()).toEqual(['members', 'bot', 'cases', 'expiries', 'recent-cases']);
    fireEvent.click(screen.getByRole('button', { name: 'Remove Next to expire' }));
    fireEvent.change(screen.getByLabelText('Add a widget'), { target: { value: 'case-types' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(order()).toEqual(['members', 'bot', 'cases', 'recent-cases', 'case-types']);
    expect(screen.getByRole('heading', { name: 'Cases by type' })).toBeTruthy();
    expect(JSON.parse(localStorage.getItem(storageKey('42', 'overview.1'))!)).toEqual(['members', 'bot', 'cases', 'recent-cases', 'case-types']);
    cleanup();
    renderOverview();
    expect(order()).toEqual(['members', 'bot', 'cases', 'recent-cases', 'case-types']);
    fireEvent.click(screen.getByRole('button', { name: 'Arrange widgets' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reset to default' }));
    expect(order()).toEqual([...DEFAULT_LAYOUT]);
  });
});
