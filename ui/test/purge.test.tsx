// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../src/api/types.js';
import { outcomeText, PurgeDialog, purgeOutcome } from '../src/components/PurgeDialog.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const guild: Me['guilds'][number] = { id: '1', name: 'G', icon: null, owner: false, level: 'moderator', permissions: ['BAN_MEMBERS'] };
const STREAM = 'messaging.purge.1-cmd-1';
const ok = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const entry = (type: string, payload: unknown) => ({ position: 1, streamId: STREAM, version: 1, type, occurredAt: '2026-01-01T00:00:00.000Z', actor: null, source: 'web', payload });

/**
 * fetch as the API answers: the channel list, the member search, the command (accepted, or a
 * 400 naming the field), and the purge's stream in the audit log (its outcome once `settled`).
 */
const answering = (opts: { command?: () => Response; outcome?: unknown; channels?: unknown[] } = {}) => {
  const sent: { url: string; body: unknown }[] = [];
  let settled = false;
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    if (init?.method === 'POST') {
      sent.push({ url, body: JSON.parse(String(init.body)) });
      return opts.command?.() ?? ok({ status: 'accepted', commandId: 'cmd-1', correlationId: 'c', result: { status: 'accepted' } });
    }
    if (url.includes('/channels')) return ok({ channels: opts.channels ?? [{ id: '50', name: 'general' }, { id: '51', name: 'random' }] });
    if (url.includes('/member-search')) return ok({ members: [{ userId: '77', username: 'spammer', displayName: 'Spam Bot', nickname: null }] });
    if (url.includes('/audit-log')) {
      const items = [entry('MessagesPurgeRequested', { count: 5 }), ...(settled ? [entry(...(opts.outcome as [string, unknown]))] : [])];
      return ok({ items, nextCursor: null });
    }
    return ok({}, 404);
  });
  return { sent, settle: () => (settled = true) };
};

const renderDialog = (member?: { id: string; name: string | null }) => {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <PurgeDialog guild={guild} {...(member ? { member, label: 'Delete recent messages…' } : {})} />
    </QueryClientProvider>,
  );
  return client;
};

const dialog = () => within(screen.getByRole('dialog'));

describe('purge dialog', () => {
  it("purges one member's messages after a confirmation, then shows Discord's count live", async () => {
    const api = answering({ outcome: ['MessagesPurged', { deletedCount: 3, skippedCount: 2 }] });
    const client = renderDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Purge messages…' }));
    await waitFor(() => expect(dialog().getAllByRole('option', { name: /#/ })).toHaveLength(2));
    fireEvent.change(dialog().getByRole('combobox', { name: 'Channel' }), { target: { value: '51' } });
    fireEvent.change(dialog().getByRole('spinbutton'), { target: { value: '5' } });
    fireEvent.change(dialog().getByRole('combobox', { name: "Only one member's messages (optional)" }), { target: { value: 'spam' } });
    await waitFor(() => expect(dialog().getByRole('option', { name: /Spam Bot/ })).toBeTruthy());
    fireEvent.click(dialog().getByRole('option', { name: /Spam Bot/ }));
    expect(dialog().getByTestId('purge-member').textContent).toContain('Spam Bot');
    fireEvent.change(dialog().getByRole('textbox', { name: /Reason/ }), { target: { value: ' raid ' } });
    fireEvent.click(dialog().getByRole('button', { name: 'Purge…' }));
    // Nothing is sent before the confirmation, which says what goes.
    expect(api.sent).toHaveLength(0);
    expect(dialog().getByRole('alert').textContent).toContain("Delete the 5 newest of Spam Bot's messages among the last 500 in #random?");
    const yes = dialog().getByRole('button', { name: 'Yes, purge' });
    expect(document.activeElement).toBe(yes);
    fireEvent.click(yes);
    await waitFor(() => expect(screen.getByTestId('purge-progress').textContent).toContain('waiting for Discord'));
    expect(api.sent).toEqual([{ url: '/api/guilds/1/commands/messaging/PurgeMessages', body: { channelId: '51', count: 5, userId: '77', reason: 'raid' } }]);
    // The live change (an audit-log notification) refetches the purge's stream: Discord's answer shows.
    api.settle();
    await client.invalidateQueries({ queryKey: ['audit_log'] });
    await waitFor(() => expect(screen.getByTestId('purge-progress').textContent).toContain('Deleted 3 messages in #random. 2 messages older than 14 days left'));
  });

  it("from a member's profile the member is already chosen, and can be taken off", async () => {
    const api = answering({ outcome: ['MessagesPurgeFailed', { reason: 'missing permission: the bot lacks Manage Messages here', discordErrorCode: 50013 }] });
    const client = renderDialog({ id: '77', name: 'Spam Bot' });
    fireEvent.click(screen.getByRole('button', { name: 'Delete recent messages…' }));
    expect(dialog().getByRole('heading').textContent).toBe("Delete Spam Bot's recent messages");
    await waitFor(() => expect(dialog().getAllByRole('option', { name: /#/ })).toHaveLength(2));
    fireEvent.click(dialog().getByRole('button', { name: 'Purge…' }));
    fireEvent.click(dialog().getByRole('button', { name: 'Yes, purge' }));
    await waitFor(() => expect(api.sent).toHaveLength(1));
    expect(api.sent[0]!.body).toEqual({ channelId: '50', count: 10, userId: '77', reason: null });
    api.settle();
    await client.invalidateQueries({ queryKey: ['audit_log'] });
    await waitFor(() => expect(screen.getByTestId('purge-progress').textContent).toContain('Discord did not purge #general: missing permission: the bot lacks Manage Messages here (Discord error 50013).'));
    // Opened again: the member is chosen again; "anyone's instead" takes them off.
    fireEvent.click(screen.getByRole('button', { name: 'Delete recent messages…' }));
    fireEvent.click(dialog().getByRole('button', { name: "Anyone's instead" }));
    expect(dialog().queryByTestId('purge-member')).toBeNull();
    expect(dialog().getByRole('combobox', { name: "Only one member's messages (optional)" })).toBeTruthy();
  });

  it("shows the API's 400 in the dialog, naming the field; the form comes back with what was typed", async () => {
    const api = answering({ channels: [], command: () => ok({ error: { code: 'INVALID_COMMAND', reason: 'must be a Discord snowflake (1-20 digits)', field: 'channelId' } }, 400) });
    renderDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Purge messages…' }));
    // No channel list (the bot has not reported one): the channel is typed.
    const channel = await waitFor(() => dialog().getByRole('textbox', { name: 'Channel' }));
    fireEvent.change(channel, { target: { value: '#general' } });
    fireEvent.click(dialog().getByRole('button', { name: 'Purge…' }));
    expect(dialog().getByRole('alert').textContent).toContain('in channel #general?');
    fireEvent.click(dialog().getByRole('button', { name: 'Yes, purge' }));
    await waitFor(() => expect(dialog().getByRole('alert').textContent).toContain('INVALID_COMMAND channelId: must be a Discord snowflake (1-20 digits)'));
    expect(api.sent).toHaveLength(1);
    expect(screen.queryByTestId('purge-progress')).toBeNull();
    expect((dialog().getByRole('textbox', { name: 'Channel' }) as HTMLInputElement).value).toBe('#general');
  });

  it('reads the outcome from the stream: pending until Discord answers', () => {
    expect(purgeOutcome([entry('MessagesPurgeRequested', {}) as never])).toEqual({ status: 'pending' });
    expect(outcomeText({ status: 'purged', deleted: 1, skipped: 0 }, '#a')).toBe('Deleted 1 message in #a.');
  });
});
