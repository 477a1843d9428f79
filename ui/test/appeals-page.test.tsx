// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { appealKeys, type AppealView } from '../src/api/appeals.js';
import { approvalKeys, type Approval } from '../src/api/approvals.js';
import type { Me } from '../src/api/types.js';
import { AppealsPage } from '../src/pages/AppealsPage.js';

const now = new Date().toISOString();
const appeal = (id: string, caseNumber: number): AppealView => ({
  id,
  guildId: '1',
  caseNumber,
  appellantId: '300',
  statement: `appeal ${id}`,
  answers: [],
  submittedAt: now,
  reviewDueAt: now,
  appealedCase: { targetId: '300', moderatorId: '77', action: 'ban', hidden: false },
  status: 'under-review',
  reviewer: { id: '42', name: 'mod 42', at: now },
  decision: null,
  withdrawnAt: null,
  remindedAt: null,
  updatedAt: now,
});
const heldDecision: Approval = {
  approvalId: 'ap-1',
  act: 'appeal-decision',
  status: 'pending',
  summary: { text: 'Deny appeal 1-5-1 of case #5', targets: [], caseNumber: 5 },
  held: { context: 'appeals', type: 'DecideAppeal', payload: { caseNumber: 5, appealId: '1-5-1', decision: 'denied', reason: 'no' } },
  requestedBy: { kind: 'dashboard-user', id: '42', name: 'mod 42' },
  requestedAt: now,
  expiresAt: now,
  decidedBy: null,
  decidedAt: null,
  denialReason: null,
  execution: null,
};

const renderPage = () => {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(appealKeys.list('1', { status: 'open' }), { appeals: [appeal('1-5-1', 5), appeal('1-6-1', 6)] });
  client.setQueryData(approvalKeys.list('1', 'pending'), { approvals: [heldDecision] });
  const guild = { id: '1', name: 'G', icon: null, owner: false, level: 'moderator' as const, permissions: [] };
  const me: Me = { user: { id: '42', name: 'mod 42', avatar: null }, expiresAt: null, guilds: [guild] };
  return render(
    <QueryClientProvider client={client}>
      <AppealsPage guild={guild} me={me} search={new URLSearchParams()} />
    </QueryClientProvider>,
  );
};

afterEach(cleanup);

describe('the appeals review queue with four-eyes on decisions', () => {
  it('an appeal whose decision waits for a second moderator says so and offers no second decision; the others can be decided', () => {
    renderPage();
    const waiting = document.querySelector('[data-appeal-id="1-5-1"]')!;
    expect(waiting.textContent).toContain('A decision (deny) by mod 42 waits for a second moderator');
    expect(waiting.querySelector('a[href="/g/1/approvals"]')).toBeTruthy();
    expect(waiting.querySelector('form')).toBeNull();
    const other = document.querySelector('[data-appeal-id="1-6-1"]')!;
    expect(other.querySelector('form')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Send decision' })).toHaveLength(1);
  });
});
