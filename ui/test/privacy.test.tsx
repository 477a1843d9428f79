// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeChange } from '../src/api/privacy.js';
import { ForgetButton } from '../src/components/ForgetButton.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('settings diff lines', () => {
  it('say what was added, removed and changed, by section and path', () => {
    expect(describeChange({ section: 'access', path: 'grants.g-1', kind: 'added', before: null, after: { level: 'viewer' } })).toBe('access · grants.g-1: added {"level":"viewer"}');
    expect(describeChange({ section: 'access', path: 'tokens.t-1', kind: 'removed', before: { name: 'bot' }, after: null })).toBe('access · tokens.t-1: removed (was {"name":"bot"})');
    expect(describeChange({ section: 'retention', path: 'messageContentDays', kind: 'changed', before: null, after: 30 })).toBe('retention · messageContentDays: nothing → 30');
  });
});

describe('"Forget me" button', () => {
  it('asks first, then posts forgetMe for the guild and says it is done', async () => {
    const calls: { url: string; method: string }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, method: init.method ?? 'GET' });
      return new Response(JSON.stringify({ commandId: 'c', memberId: '1', status: 'accepted', erasure: 'scheduled' }), { status: 202, headers: { 'content-type': 'application/json' } });
    });
    render(
      <QueryClientProvider client={new QueryClient()}>
        <ForgetButton guildId="42" who="me" />
      </QueryClientProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Forget me…' }));
    expect(calls).toEqual([]);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Yes, forget me' }));
    });
    expect(calls).toEqual([{ url: '/api/me/guilds/42/forget', method: 'POST' }]);
    expect((await screen.findByRole('status')).textContent).toContain('being erased');
  });

  it('can be cancelled without sending anything', () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(
      <QueryClientProvider client={new QueryClient()}>
        <ForgetButton guildId="42" who="me" />
      </QueryClientProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Forget me…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Forget me…' })).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('for an admin, posts forgetMember for that member', async () => {
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      calls.push(url);
      return new Response(JSON.stringify({ commandId: 'c', memberId: '7', status: 'accepted', erasure: 'scheduled' }), { status: 202, headers: { 'content-type': 'application/json' } });
    });
    render(
      <QueryClientProvider client={new QueryClient()}>
        <ForgetButton guildId="42" who="member" userId="7" />
      </QueryClientProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Forget this member (on their request)…' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Yes, forget them' }));
    });
    expect(calls).toEqual(['/api/guilds/42/members/7/forget']);
    expect((await screen.findByRole('status')).textContent).toContain('on the record');
  });
});
