// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../src/api/queries.js';
import { scheduleKeys, type ScheduleRunView, type ScheduleView } from '../src/api/schedules.js';
import { SchedulesPage } from '../src/pages/SchedulesPage.js';
import { formatIn, upcomingRuns } from '../src/schedules/upcoming.js';

const guild = { id: '1', name: 'G', icon: null, owner: false, level: 'moderator' as const, permissions: ['BAN_MEMBERS' as const] };
const ANN = { kind: 'dashboard-user' as const, id: '2', name: 'Ann' };
const weekly: ScheduleView = {
  scheduleId: 'w1', name: 'Weekly meeting', status: 'active', trigger: { kind: 'cron', cron: '0 9 * * 1', timeZone: 'Europe/Berlin' },
  action: { kind: 'message', channelId: '10', content: 'Meeting in 10 minutes', embeds: [], announcement: false }, missedRun: 'fire-once',
  nextRunAt: '2099-03-02T08:00:00.000Z', runs: 2, createdBy: ANN, createdAt: '2026-03-01T12:00:00.000Z', updatedBy: ANN, updatedAt: '2026-03-01T12:00:00.000Z',
};
const done: ScheduleView = { ...weekly, scheduleId: 'o1', name: null, status: 'completed', trigger: { kind: 'once', at: '2026-03-01T12:00:05.000Z' }, action: { kind: 'message', channelId: '10', content: 'Hello once', embeds: [], announcement: false }, nextRunAt: null, runs: 1 };
const temporary: ScheduleView = { ...weekly, scheduleId: 't1', name: 'Host', trigger: { kind: 'once', at: '2099-03-01T12:00:00.000Z' }, action: { kind: 'temporary-role', userId: '42', roleId: '7', until: '2099-03-01T20:00:00.000Z', reason: null }, nextRunAt: '2099-03-01T12:00:00.000Z', runs: 0 };
const runs: ScheduleRunView[] = [
  { runNumber: 2, dueAt: '2026-03-09T08:00:00.000Z', firedAt: '2026-03-09T08:00:00.100Z', outcome: 'failed', late: false, missedRuns: 0, detail: 'Missing Access', messageId: null, settledAt: '2026-03-09T08:00:01.000Z' },
  { runNumber: 1, dueAt: '2026-03-02T08:00:00.000Z', firedAt: '2026-03-02T09:30:00.000Z', outcome: 'succeeded', late: true, missedRuns: 0, detail: null, messageId: '99', settledAt: '2026-03-02T09:30:01.000Z' },
];

const renderPage = () => {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(scheduleKeys.list('1'), { schedules: [weekly, done, temporary] });
  client.setQueryData(scheduleKeys.runs('1', 'w1'), { schedule: weekly, runs });
  client.setQueryData(keys.channels('1'), { channels: [{ id: '10', name: 'general', type: 0, parentId: null, position: 0 }] });
  return render(
    <QueryClientProvider client={client}>
      <SchedulesPage guild={guild} />
    </QueryClientProvider>,
  );
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('schedules (pure)', () => {
  it('lists upcoming cron runs on the schedule’s clock, across the March change in Berlin', () => {
    const next = upcomingRuns({ kind: 'cron', cron: '0 9 * * *', timeZone: 'Europe/Berlin' }, new Date('2026-03-28T10:00:00Z'), 2);
    expect(next).toEqual(['2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
    expect(formatIn(next[0]!, 'Europe/Berlin')).toMatch(/9:00|09:00/);
    expect(upcomingRuns({ kind: 'once', at: '2026-03-01T12:00:00Z' }, new Date('2026-03-02T00:00:00Z'), 3)).toEqual([]);
    expect(upcomingRuns({ kind: 'cron', cron: '0 0 30 2 *', timeZone: 'UTC' }, new Date(), 3)).toEqual([]);
  });

  it('keys start with the read model, so an rm notice refreshes them', () => {
    expect(scheduleKeys.list('1')[0]).toBe('automation_schedules');
    expect(scheduleKeys.runs('1', 'x')[0]).toBe('automation_schedules');
  });
});

describe('schedules page', () => {
  it('shows upcoming schedules with their next runs and creator, the done ones apart, and a run history with outcomes', () => {
    renderPage();
    expect(screen.getByRole('heading', { level: 1, name: 'Schedules' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: /Weekly meeting/ })).toBeTruthy();
    expect(screen.getByText(/Message in #general: Meeting in 10 minutes/)).toBeTruthy();
    expect(screen.getAllByText(/created by Ann/).length).toBe(3);
    expect(screen.getByText(/^Role 7 for 42 until /)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Done and cancelled' })).toBeTruthy();
    expect(screen.getAllByText(/^Next: /)[0]!.textContent!.split('·')).toHaveLength(3);
    fireEvent.click(screen.getAllByRole('button', { name: 'Run history' })[0]!);
    expect(screen.getByText('Missing Access')).toBeTruthy();
    expect(screen.getByText('succeeded')).toBeTruthy();
    expect(screen.getByText(/late \(missed during downtime\)/)).toBeTruthy();
  });

  it('asks before cancelling, and offers pause only for an active schedule', () => {
    renderPage();
    expect(screen.getAllByRole('button', { name: 'Pause' })).toHaveLength(2);
    fireEvent.click(screen.getAllByRole('button', { name: 'Cancel…' })[0]!);
    expect(screen.getByRole('alert').textContent).toMatch(/Cancel this schedule for good/);
    expect(screen.getByRole('button', { name: 'Yes, cancel it' })).toBeTruthy();
  });
});

describe('schedule an action', () => {
  it('a temporary role given now posts createScheduledAction with the role, the member and until (no at)', async () => {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify({ status: 'accepted', scheduleId: 'n1', scheduleStatus: 'active', nextRunAt: '2099-03-01T12:00:01.000Z' }), { status: 201, headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    renderPage();
    const form = screen.getByRole('form', { name: 'Schedule an action' });
    fireEvent.change(screen.getByLabelText(/^Member id/), { target: { value: '42' } });
    fireEvent.change(screen.getByLabelText(/^Role/), { target: { value: '7' } });
    fireEvent.change(screen.getByLabelText(/^Remove at/), { target: { value: '2099-03-01T20:00:00' } });
    fireEvent.submit(form);
    await screen.findByText(/^Scheduled for /);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/guilds/1/scheduled-actions');
    const body = JSON.parse(String(init.body)) as { action: Record<string, unknown>; at?: string };
    expect(body.action).toMatchObject({ kind: 'temporary-role', userId: '42', roleId: '7' });
    expect(Date.parse(body.action.until as string)).toBe(new Date('2099-03-01T20:00:00').getTime());
    expect(body.at).toBeUndefined();
  });
});
