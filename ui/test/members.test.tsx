// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../src/api/types.js';
import { MembersPage } from '../src/pages/MembersPage.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const guild: Me['guilds'][number] = { id: '1', name: 'G', icon: null, owner: false, level: 'moderator', permissions: ['BAN_MEMBERS'] };
const row = (id: string, name: string, caseCount = 0) => ({ userId: id, username: name.toLowerCase(), globalName: name, nickname: null, displayName: name, presence: 'present', joinedAt: '2026-01-01T00:00:00.000Z', caseCount, roles: [] });

/** fetch answering as `GET /members` (listMembers) does: two pages, then the search. */
const answering = () => {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(url);
    const q = new URL(url, 'http://x').searchParams;
    const body = q.get('q') === 'ann' ? { items: [row('12', 'Ann', 2)], nextCursor: null } : q.get('cursor') ? { items: [row('13', 'Cy')], nextCursor: null } : { items: [row('11', 'Bo'), row('12', 'Ann', 2)], nextCursor: 'c1' };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return calls;
};

const renderPage = (search: string) =>
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MembersPage guild={guild} search={new URLSearchParams(search)} />
    </QueryClientProvider>,
  );

describe('member list page', () => {
  it('lists members with links to their profiles and loads the next page', async () => {
    const calls = answering();
    renderPage('');
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(3));
    expect(screen.getByRole('link', { name: 'Ann' }).getAttribute('href')).toBe('/g/1/members/12');
    expect(calls[0]).toBe('/api/guilds/1/members?limit=50');
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getByRole('link', { name: 'Cy' })).toBeTruthy());
    expect(calls[1]).toBe('/api/guilds/1/members?limit=50&cursor=c1');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('asks with the search from the address, and puts a new search in the address', async () => {
    const calls = answering();
    history.replaceState(null, '', '/g/1/members');
    renderPage('q=ann');
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    expect(calls[0]).toBe('/api/guilds/1/members?q=ann&limit=50');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Name, nickname or id' }), { target: { value: ' bo ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(location.pathname + location.search).toBe('/g/1/members?q=bo');
  });

  it("shows the API's error with its code", async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: { code: 'INVALID_QUERY', reason: 'must be at most 100 characters', field: 'q' } }), { status: 400 }));
    renderPage('q=x');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('INVALID_QUERY'));
    expect(screen.getByRole('alert').textContent).toContain('q: must be at most 100 characters');
  });
});
