// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { approvalKeys, type Approval, type FourEyesSettings } from '../src/api/approvals.js';
import { keys } from '../src/api/queries.js';
import { CommandOutcome } from '../src/components/CommandOutcome.js';
import { ApprovalsPage } from '../src/pages/ApprovalsPage.js';

const soon = new Date(Date.now() + 30 * 60_000).toISOString();
const approval = (id: string, by: string): Approval => ({
  approvalId: id,
  act: 'ban',
  status: 'pending',
  summary: { text: `Ban raider${id} (raid)`, targets: [{ id: '300', name: 'raider' }], caseNumber: null },
  held: { context: 'moderation', type: 'BanMember', payload: {} },
  requestedBy: { kind: 'dashboard-user', id: by, name: `mod ${by}` },
  requestedAt: new Date().toISOString(),
  expiresAt: soon,
  decidedBy: null,
  decidedAt: null,
  denialReason: null,
  execution: null,
});
const appealDecision: Approval = {
  ...approval('c', '8'),
  act: 'appeal-decision',
  summary: { text: 'Approve appeal 1-5-1 of case #5: it was his brother', targets: [], caseNumber: 5 },
  held: { context: 'appeals', type: 'DecideAppeal', payload: { caseNumber: 5, appealId: '1-5-1', decision: 'approved', reason: 'it was his brother' } },
};
const settings: FourEyesSettings = { acts: ['ban'], bulkThreshold: 10, expirySeconds: 86_400, staffChannelId: null, configured: null, history: [] };

const renderPage = (level: 'moderator' | 'admin') => {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(approvalKeys.list('1', 'pending'), { approvals: [approval('a', '42'), approval('b', '7'), appealDecision] });
  client.setQueryData(approvalKeys.fourEyes('1'), settings);
  // The rules form's staff-channel picker reads the guild's channels: given here, never fetched.
  client.setQueryData(keys.channels('1'), { channels: [] });
  const guild = { id: '1', name: 'G', icon: null, owner: false, level, permissions: [] };
  return render(
    <QueryClientProvider client={client}>
      <ApprovalsPage guild={guild} userId="42" />
    </QueryClientProvider>,
  );
};

afterEach(cleanup);

describe('Pending approvals page', () => {
  it('shows who asked, what and when it expires; offers approve and deny on others’ requests only', () => {
    renderPage('moderator');
    expect(screen.getByRole('heading', { name: 'Pending approvals' })).toBeTruthy();
    expect(screen.getByText('Ban raidera (raid)')).toBeTruthy();
    expect(screen.getByText('mod 7')).toBeTruthy();
    expect(screen.getAllByText(/expires/).length).toBe(3);
    // Request "a" is the viewer's own: no buttons; "b" is someone else's.
    expect(screen.queryByRole('button', { name: 'Approve: Ban raidera (raid)' })).toBeNull();
    expect(screen.getByText('Your request: another moderator decides.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Approve: Ban raiderb (raid)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Deny: Ban raiderb (raid)' })).toBeTruthy();
    // An appeal decision reads as one, with its case, and another moderator may let it through.
    expect(screen.getByText('Approve appeal 1-5-1 of case #5: it was his brother')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Case #5' }).getAttribute('href')).toBe('/g/1/cases/5');
    expect(screen.getByRole('button', { name: 'Approve: Approve appeal 1-5-1 of case #5: it was his brother' })).toBeTruthy();
    // The rules are an admin's.
    expect(screen.queryByRole('heading', { name: 'Four-eyes rules' })).toBeNull();
  });

  it('shows admins the rules form with the acts in force', () => {
    renderPage('admin');
    expect(screen.getByRole('heading', { name: 'Four-eyes rules' })).toBeTruthy();
    expect((screen.getByLabelText('Bans') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Hiding a case') as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText('Appeal decisions (approve or deny)') as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText(/Bulk threshold/) as HTMLInputElement).value).toBe('10');
  });

  it('a held command says it waits for a second moderator, with a link to the queue', () => {
    render(<CommandOutcome guildId="1" state={{ phase: 'done', response: { status: 'awaiting-approval', commandId: 'c', correlationId: 'c', approvalId: 'c' } }} />);
    expect(screen.getByRole('status').textContent).toMatch(/Waiting for a second moderator/);
    expect(screen.getByRole('link', { name: 'Pending approvals' }).getAttribute('href')).toBe('/g/1/approvals');
  });
});
