// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MyCase } from '../src/api/appeals.js';
import type { Me } from '../src/api/types.js';
import { MyRecordPage } from '../src/pages/MyRecordPage.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const me: Me = { user: { id: '300', name: 'Bob', avatar: null }, expiresAt: null, guilds: [] };
const banCase: MyCase = {
  guildId: '100',
  caseNumber: 4,
  type: 'ban',
  status: 'active',
  reason: 'spam links',
  openedAt: '2026-03-01T12:00:00.000Z',
  expiresAt: null,
  endedHow: null,
  endedAt: null,
  moderatorName: null,
  appeal: null,
  canAppeal: true,
  questions: ['Why should we lift it?'],
  guildName: null,
};

/** The API as `GET /api/me/cases` and `POST /api/me/appeals` answer. */
const api = (cases: MyCase[], submit: { status: number; body: unknown }) => {
  const posts: { url: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    if (init?.method === 'POST') {
      posts.push({ url, body: JSON.parse(String(init.body)) });
      return new Response(JSON.stringify(submit.body), { status: submit.status, headers: { 'content-type': 'application/json' } });
    }
    return new Response(JSON.stringify({ cases }), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return posts;
};

const renderPage = () =>
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MyRecordPage me={me} guildNames={new Map([['100', 'Guildhall Sandbox']])} />
    </QueryClientProvider>,
  );

describe('My record', () => {
  it("lists the member's cases per server and sends an appeal with the server's questions answered", async () => {
    const posts = api([banCase], { status: 201, body: { status: 'accepted', commandId: 'c', correlationId: 'c', appealId: '100-4-1' } });
    renderPage();
    await screen.findByRole('heading', { name: 'Guildhall Sandbox' });
    expect(screen.getByText('spam links')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Appeal' }));
    fireEvent.change(screen.getByLabelText('Why should we lift it?'), { target: { value: 'I am sorry' } });
    fireEvent.change(screen.getByLabelText('Why should the moderators reconsider?'), { target: { value: 'It was my brother.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send appeal' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({ url: '/api/me/appeals', body: { guildId: '100', caseNumber: 4, statement: 'It was my brother.', answers: ['I am sorry'] } });
  });

  it('shows a refusal with its code and the field, and keeps what was typed', async () => {
    api([banCase], { status: 409, body: { status: 'rejected', commandId: 'c', correlationId: 'c', error: { code: 'APPEAL_COOLDOWN', reason: 'a new appeal of case #4 is possible from 2026-03-08' } } });
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Appeal' }));
    fireEvent.change(screen.getByLabelText('Why should the moderators reconsider?'), { target: { value: 'Please.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send appeal' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('APPEAL_COOLDOWN');
    expect((screen.getByLabelText('Why should the moderators reconsider?') as HTMLTextAreaElement).value).toBe('Please.');
  });

  it("shows an appeal's state and the moderators' answer, and offers no second appeal while one is open", async () => {
    api([{ ...banCase, appeal: { id: '100-4-1', status: 'under-review', decisionReason: null, submittedAt: '2026-03-01T13:00:00.000Z', decidedAt: null }, canAppeal: false }, { ...banCase, caseNumber: 2, type: 'warn', appeal: { id: '100-2-1', status: 'denied', decisionReason: 'Caps are caps.', submittedAt: '2026-03-01T13:00:00.000Z', decidedAt: '2026-03-01T14:00:00.000Z' } }], { status: 200, body: {} });
    renderPage();
    await screen.findByText('under review');
    expect(screen.getByText('Caps are caps.')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /^Appeal/ }).map((b) => b.textContent)).toEqual(['Appeal again']);
    expect(screen.getByRole('button', { name: 'Withdraw the appeal' })).toBeTruthy();
  });
});
