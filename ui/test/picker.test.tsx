// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemberPicker } from '../src/components/MemberPicker.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The browser's fetch answering as `GET /member-search?q=` (searchMembers) does. */
const answering = (status: number, body: unknown) => {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(url);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
};

const renderPicker = (onPick: (m: { id: string; name: string | null }) => void) =>
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemberPicker guildId="1" onPick={onPick} />
    </QueryClientProvider>,
  );

describe('member picker', () => {
  it('searches by what is typed and picks with the keyboard', async () => {
    const calls = answering(200, {
      members: [
        { userId: '11', username: 'fuzzy', displayName: 'Fuzzy River', nickname: null },
        { userId: '12', username: 'fuzz2', displayName: null, nickname: 'Fuzzball' },
      ],
    });
    const picked: { id: string; name: string | null }[] = [];
    renderPicker((m) => picked.push(m));
    const box = screen.getByRole('combobox', { name: 'Find a member' });
    fireEvent.change(box, { target: { value: 'fuz' } });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    expect(calls[0]).toBe('/api/guilds/1/member-search?q=fuz');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(box.getAttribute('aria-activedescendant')).toMatch(/opt-1$/);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(picked).toEqual([{ id: '12', name: 'Fuzzball' }]);
    expect((box as HTMLInputElement).value).toBe('Fuzzball');
  });

  it('says when the search route is not there yet, so the id field is the way', async () => {
    answering(404, { error: { code: 'NOT_FOUND', reason: 'no route' } });
    renderPicker(() => undefined);
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'ann' } });
    await waitFor(() => expect(screen.getByText(/Member search is not available on this server yet/)).toBeTruthy());
  });
});
