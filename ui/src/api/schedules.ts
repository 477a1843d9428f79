import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ScheduleRunView, ScheduleView } from '@guildhall/projections';
import { newKey } from '../components/bits.js';
import { ApiError, apiGet } from './client.js';

export type { ScheduleRunView, ScheduleView };

/** Query keys start with the read model they come from, so `rm.<guild>.automation_schedules` notices refresh them. */
export const scheduleKeys = {
  list: (g: string) => ['automation_schedules', g, 'list'] as const,
  runs: (g: string, scheduleId: string) => ['automation_schedules', g, 'runs', scheduleId] as const,
};

/** `POST /schedules` (createScheduledMessage). */
export type NewScheduledMessage = { channelId: string; content: string; at?: string; cron?: string; timeZone?: string; name?: string; missedRun?: 'fire-once' | 'skip'; announcement?: boolean };
/** What `POST /scheduled-actions` (createScheduledAction) does. */
export type ScheduledActionBody =
  | { kind: 'reminder'; channelId: string; userId: string; content: string }
  | { kind: 'unban' | 'untimeout'; userId: string; reason?: string }
  | { kind: 'temporary-role'; userId: string; roleId: string; until: string; reason?: string };
/** `POST /scheduled-actions`: a temporary role without `at` is given now. */
export type NewScheduledAction = { action: ScheduledActionBody; at?: string; cron?: string; timeZone?: string; name?: string; missedRun?: 'fire-once' | 'skip' };
/** `PATCH /schedules/{id}` (updateSchedule): what is given changes. */
export type ScheduleEdit = { channelId?: string; content?: string; at?: string; cron?: string; timeZone?: string; name?: string | null };
export type ScheduleAnswer = { status: 'accepted' | 'pending'; scheduleId: string; scheduleStatus: string | null; nextRunAt: string | null };

const base = (g: string) => `/api/guilds/${g}/schedules`;

const call = async (method: string, path: string, body?: unknown): Promise<ScheduleAnswer> => {
  const key = newKey();
  const res = await fetch(path, {
    method,
    headers: { 'x-guildhall-csrf': '1', 'idempotency-key': key, 'x-correlation-id': key, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const data: unknown = await res.json().catch(() => null);
  if (res.ok && typeof data === 'object' && data !== null && 'scheduleId' in data) return data as ScheduleAnswer;
  const e = typeof data === 'object' && data !== null && 'error' in data ? (data.error as { code?: string; reason?: string; field?: string }) : {};
  throw new ApiError(res.status, { code: e.code ?? `HTTP_${res.status}`, reason: e.reason ?? `the server answered ${res.status}`, ...(e.field ? { field: e.field } : {}) });
};

export const useSchedules = (g: string) => useQuery({ queryKey: scheduleKeys.list(g), queryFn: () => apiGet<{ schedules: ScheduleView[] }>(base(g)) });

export const useScheduleRuns = (g: string, scheduleId: string, enabled: boolean) =>
  useQuery({ queryKey: scheduleKeys.runs(g, scheduleId), queryFn: () => apiGet<{ schedule: ScheduleView; runs: ScheduleRunView[] }>(`${base(g)}/${scheduleId}/runs?limit=20`), enabled });

const useScheduleMutation = <V,>(g: string, fn: (v: V) => Promise<ScheduleAnswer>) => {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => client.invalidateQueries({ queryKey: ['automation_schedules', g] }) });
};

export const useCreateScheduledMessage = (g: string) => useScheduleMutation(g, (body: NewScheduledMessage) => call('POST', base(g), body));
export const useCreateScheduledAction = (g: string) => useScheduleMutation(g, (body: NewScheduledAction) => call('POST', `/api/guilds/${g}/scheduled-actions`, body));
export const useUpdateSchedule = (g: string) => useScheduleMutation(g, ({ scheduleId, edit }: { scheduleId: string; edit: ScheduleEdit }) => call('PATCH', `${base(g)}/${scheduleId}`, edit));
export const usePauseSchedule = (g: string) => useScheduleMutation(g, (scheduleId: string) => call('POST', `${base(g)}/${scheduleId}/pause`));
export const useResumeSchedule = (g: string) => useScheduleMutation(g, (scheduleId: string) => call('POST', `${base(g)}/${scheduleId}/resume`));
export const useCancelSchedule = (g: string) => useScheduleMutation(g, (scheduleId: string) => call('DELETE', `${base(g)}/${scheduleId}`));
