// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { RuleDefinitionSchema } from '@guildhall/automation';
import { afterEach, describe, expect, it } from 'vitest';
import { automodKeys } from '../src/api/automod.js';
import { keys } from '../src/api/queries.js';
import { definitionOf, emptyForm, formOf } from '../src/pages/automod-form.js';
import { AutomodPage } from '../src/pages/AutomodPage.js';

const guild = { id: '1', name: 'G', icon: null, owner: false, level: 'admin' as const, permissions: [] };
const ANN = { kind: 'dashboard-user' as const, id: '2', name: 'Ann' };

afterEach(cleanup);

describe('automod rule editor (pure)', () => {
  it('the default form is a valid invite rule; every trigger round-trips through the form', () => {
    expect(RuleDefinitionSchema.parse(definitionOf(emptyForm()))).toMatchObject({ trigger: { kind: 'invite-links' }, actions: [{ kind: 'delete' }, { kind: 'warn' }] });
    const samples = [
      { name: 'a', trigger: { kind: 'message-rate', maxMessages: 5, perSeconds: 10 }, actions: [{ kind: 'timeout', durationSeconds: 600 }] },
      { name: 'b', trigger: { kind: 'links', mode: 'allow', hosts: ['github.com'] }, actions: [{ kind: 'delete' }, { kind: 'alert', channelId: '9' }] },
      { name: 'c', trigger: { kind: 'words', words: ['scam'], patterns: ['b+uy'] }, actions: [{ kind: 'ban' }], exemptRoleIds: ['5'], dryRun: true },
      { name: 'd', trigger: { kind: 'raid', joins: 10, perSeconds: 30, maxAccountAgeDays: 7 }, actions: [{ kind: 'kick' }] },
      { name: 'e', trigger: { kind: 'caps', minLength: 12, maxRatio: 0.8 }, actions: [{ kind: 'warn' }] },
    ];
    for (const s of samples) {
      const d = RuleDefinitionSchema.parse(s);
      expect(RuleDefinitionSchema.parse(definitionOf(formOf(d)))).toEqual(d);
    }
  });
});

describe('automod page', () => {
  it('lists rules with their state and logs, and opens the editor', () => {
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    const definition = RuleDefinitionSchema.parse({ name: 'No invites', trigger: { kind: 'invite-links' }, actions: [{ kind: 'delete' }] });
    client.setQueryData(automodKeys.rules('1'), {
      rules: [{ ruleId: 'r1', name: 'No invites', triggerKind: 'invite-links', revision: 2, enabled: true, dryRun: false, definition, createdBy: ANN, createdAt: '2026-03-01T12:00:00.000Z', updatedBy: ANN, updatedAt: '2026-03-01T12:00:00.000Z', hits: 3, lastHitAt: null }],
    });
    client.setQueryData(automodKeys.hits('1', false), {
      items: [{ ruleId: 'r1', revision: 2, dryRun: false, reason: 'invite link: discord.gg/spam', at: '2026-03-01T12:00:00.000Z', subjectKind: 'message', messageId: '7', channelId: '6', userId: '3', userName: 'sam', content: 'JOIN discord.gg/spam', actions: ['delete'], deleteStatus: 'deleted', deleteDetail: null, recordedAt: '2026-03-01T12:00:00.000Z' }],
      nextCursor: null,
    });
    client.setQueryData(automodKeys.hits('1', true), { items: [], nextCursor: null });
    client.setQueryData(keys.channels('1'), { channels: [{ id: '6', name: 'staff', type: 0, parentId: null, position: 0 }] });
    render(
      <QueryClientProvider client={client}>
        <AutomodPage guild={guild} />
      </QueryClientProvider>,
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Automod');
    expect(screen.getByText('enabled')).toBeTruthy();
    expect(screen.getByText('JOIN discord.gg/spam')).toBeTruthy();
    expect(screen.getByText('deleted')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Edit No invites' }));
    expect(screen.getByRole('heading', { name: 'Edit “No invites” (revision 2)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Backtest' })).toBeTruthy();
  });
});
