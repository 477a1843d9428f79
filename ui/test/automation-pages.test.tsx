// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CustomCommandDefinitionSchema } from '@guildhall/automation';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { automationKeys } from '../src/api/custom-commands.js';
import { NAV, navFor } from '../src/nav.js';
import { CustomCommandsPage } from '../src/pages/CustomCommandsPage.js';
import { DeliveriesPage } from '../src/pages/DeliveriesPage.js';
import { WorkflowsPage } from '../src/pages/WorkflowsPage.js';

const admin = { id: '1', name: 'G', icon: null, owner: false, level: 'admin' as const, permissions: [] };
const moderator = { ...admin, level: 'moderator' as const };
const ANN = { kind: 'dashboard-user' as const, id: '2', name: 'Ann' };

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const withClient = (client: QueryClient, ui: ReactNode) => render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
const cached = () => new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
const answering = (status: number, body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

describe('the side navigation', () => {
  it('offers the admin-only pages to admins and the owner, not to moderators and viewers', () => {
    const labels = (level: Parameters<typeof navFor>[0]) => navFor(level).map((n) => n.label);
    expect(labels('admin')).toEqual(NAV.map((n) => n.label));
    expect(labels('owner')).toEqual(NAV.map((n) => n.label));
    for (const level of ['moderator', 'viewer'] as const) {
      expect(labels(level)).not.toContain('Settings history');
      expect(labels(level)).not.toContain('Notifications');
      expect(labels(level)).toContain('Cases');
    }
  });
});

describe('notification deliveries', () => {
  it("a moderator is told the page is for admins, and the page asks the API nothing (it would answer 403)", () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    withClient(cached(), <DeliveriesPage guild={moderator} />);
    expect(screen.getByText(/notification deliveries are for admins/)).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('custom commands page', () => {
  it('says it is loading, then that there is no command yet', async () => {
    let answer: (r: Response) => void = () => undefined;
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>((r) => (answer = r))));
    withClient(cached(), <CustomCommandsPage guild={admin} />);
    expect(screen.getByRole('status').textContent).toContain('Loading custom commands');
    answer(new Response(JSON.stringify({ commands: [] }), { status: 200 }));
    await screen.findByText(/No custom command yet/);
    expect(screen.queryByRole('table')).toBeNull();
  });

  it("shows the API's code and reason when the list cannot be read", async () => {
    vi.stubGlobal('fetch', answering(403, { error: { code: 'FORBIDDEN', reason: 'needs the moderator level in this guild' } }));
    withClient(cached(), <CustomCommandsPage guild={admin} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('FORBIDDEN needs the moderator level in this guild');
  });

  it('moves focus into the editor when it opens, and back to the button that opened it when it closes', async () => {
    const client = cached();
    const definition = CustomCommandDefinitionSchema.parse({ name: 'hello', description: 'Says hello', response: 'Hello {{user}}' });
    client.setQueryData(automationKeys.customCommands('1'), {
      commands: [{ commandId: 'c1', version: 2, definition, runs: 5, counters: {}, updatedAt: '2026-03-01T12:00:00.000Z', updatedBy: ANN }],
    });
    withClient(client, <CustomCommandsPage guild={admin} />);
    const edit = screen.getByRole('button', { name: 'Edit /hello' });
    edit.focus();
    fireEvent.click(edit);
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Edit /hello (version 2)'));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit /hello' })));
    // "New command" is replaced by the editor: closing it focuses the new "New command" button.
    screen.getByRole('button', { name: 'New command' }).focus();
    fireEvent.click(screen.getByRole('button', { name: 'New command' }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('New custom command'));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'New command' })));
  });
});

describe('workflows page', () => {
  it('says it is loading, then that there is no workflow yet, or the reason it cannot list them', async () => {
    let answer: (r: Response) => void = () => undefined;
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>((r) => (answer = r))));
    withClient(cached(), <WorkflowsPage guild={admin} />);
    expect(screen.getByRole('status').textContent).toContain('Loading workflows');
    answer(new Response(JSON.stringify({ workflows: [] }), { status: 200 }));
    await screen.findByText(/No workflow yet/);
    cleanup();
    vi.stubGlobal('fetch', answering(503, { error: { code: 'UNAVAILABLE', reason: 'the event store did not answer' } }));
    withClient(cached(), <WorkflowsPage guild={admin} />);
    expect((await screen.findByRole('alert')).textContent).toBe('UNAVAILABLE the event store did not answer');
  });
});
