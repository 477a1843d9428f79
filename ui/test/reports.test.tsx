// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { reportKeys, type Report } from '../src/api/reports.js';
import { duration } from '../src/pages/AnalyticsPage.js';
import { ReportsPage } from '../src/pages/ReportsPage.js';

const report = (n: number, over: Partial<Report> = {}): Report => ({
  reportId: `m70${n}-200`,
  status: 'open',
  filing: { reporter: { id: '200', name: 'reporter' }, target: { id: `30${n}`, name: `spammer${n}` }, channelId: '600', messageId: `70${n}`, excerpt: `buy gold ${n}`, reason: null, filedAt: new Date().toISOString() },
  resolution: null,
  ...over,
});

const renderPage = (open: Report[], resolved: Report[] = []) => {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(reportKeys.list('1', 'open'), { items: open, nextCursor: null });
  client.setQueryData(reportKeys.list('1', 'resolved'), { items: resolved, nextCursor: null });
  const guild = { id: '1', name: 'G', icon: null, owner: false, level: 'moderator' as const, permissions: [] };
  return render(
    <QueryClientProvider client={client}>
      <ReportsPage guild={guild} />
    </QueryClientProvider>,
  );
};

afterEach(cleanup);

describe('Reports page', () => {
  it('shows each open report with the member, the quoted message and the reporter; acting opens the form prefilled with the member and the report', () => {
    renderPage([report(1), report(2)]);
    expect(screen.getByRole('heading', { name: 'Reports' })).toBeTruthy();
    expect(screen.getByText('buy gold 1')).toBeTruthy();
    expect(screen.getAllByText('reporter')).toHaveLength(2);
    const ban = screen.getByRole('link', { name: 'Ban… spammer1 for this report' });
    const href = new URL(ban.getAttribute('href')!, 'http://x');
    expect(href.pathname).toBe('/g/1/moderate');
    expect(Object.fromEntries(href.searchParams)).toEqual({ action: 'BanMember', target: '301', name: 'spammer1', report: 'm701-200' });
    expect(screen.getByRole('link', { name: 'Time out… spammer2 for this report' })).toBeTruthy();
  });

  it('dismissing asks for a reason first (keyboard: the field takes focus)', () => {
    renderPage([report(1)]);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss the report about spammer1' }));
    const why = screen.getByLabelText('Why') as HTMLInputElement;
    expect(why.required).toBe(true);
    expect(document.activeElement).toBe(why);
    expect(screen.getByRole('form', { name: 'Dismiss the report about spammer1' })).toBeTruthy();
  });

  it('says so when nothing is open, and shows how resolved reports ended', () => {
    renderPage([], [report(3, { status: 'resolved', resolution: { resolution: { kind: 'acted', caseNumber: 12, targetId: '303' }, resolvedBy: { kind: 'dashboard-user', id: '9', name: 'Ann' }, resolvedAt: new Date().toISOString() } })]);
    expect(screen.getByText('No open reports: nothing waits for a moderator.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Resolved' }));
    expect(screen.getByRole('link', { name: 'case #12' })).toBeTruthy();
    expect(screen.getByText('Ann')).toBeTruthy();
  });
});

describe('median time to act, as shown', () => {
  it('reads as a person reads a wait', () => {
    expect([duration(45), duration(1200), duration(3 * 3600 + 300), duration(50 * 3600)]).toEqual(['45 s', '20 min', '3 h 5 min', '2 d 2 h']);
  });
});
