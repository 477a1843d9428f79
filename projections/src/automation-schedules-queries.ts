import type { Actor } from '@guildhall/kernel';
import type { MissedRunPolicy, ScheduledAction, Trigger } from '@guildhall/automation';
import { z } from 'zod';
import { iso, isoOf, readModel, type Db } from './db.js';
import { GuildIdSchema, LimitSchema, parseQuery } from './query-input.js';

const ScheduleIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 characters of A-Z a-z 0-9 _ -');
export const ScheduleStatusSchema = z.enum(['active', 'paused', 'completed', 'cancelled']);
export type ScheduleStatus = z.output<typeof ScheduleStatusSchema>;

export const ListSchedulesInputSchema = z.object({ guildId: GuildIdSchema, status: z.array(ScheduleStatusSchema).max(4).optional() }).strict();
export const GetScheduleInputSchema = z.object({ guildId: GuildIdSchema, scheduleId: ScheduleIdSchema }).strict();
export const ListScheduleRunsInputSchema = GetScheduleInputSchema.extend({ limit: LimitSchema }).strict();

export type ScheduleView = Readonly<{
  scheduleId: string;
  name: string | null;
  status: ScheduleStatus;
  trigger: Trigger;
  action: ScheduledAction;
  missedRun: MissedRunPolicy;
  nextRunAt: string | null;
  runs: number;
  createdBy: Actor;
  createdAt: string;
  updatedBy: Actor;
  updatedAt: string;
}>;

export type ScheduleRunView = Readonly<{
  runNumber: number | null;
  dueAt: string;
  firedAt: string;
  outcome: 'running' | 'succeeded' | 'failed' | 'skipped';
  late: boolean;
  missedRuns: number;
  detail: string | null;
  messageId: string | null;
  settledAt: string | null;
}>;

type ScheduleRow = {
  schedule_id: string; name: string | null; status: ScheduleStatus; trigger: Trigger; action: ScheduledAction; missed_run: MissedRunPolicy;
  next_run_at: Date | null; runs: number; created_by: Actor; created_at: Date; updated_by: Actor; updated_at: Date;
};
type RunRow = { run_number: number | null; due_at: Date; fired_at: Date; outcome: ScheduleRunView['outcome']; late: boolean; missed_runs: number; detail: string | null; message_id: string | null; settled_at: Date | null };

const toSchedule = (r: ScheduleRow): ScheduleView => ({
  scheduleId: r.schedule_id,
  name: r.name,
  status: r.status,
  trigger: r.trigger,
  action: r.action,
  missedRun: r.missed_run,
  nextRunAt: iso(r.next_run_at),
  runs: r.runs,
  createdBy: r.created_by,
  createdAt: isoOf(r.created_at),
  updatedBy: r.updated_by,
  updatedAt: isoOf(r.updated_at),
});

/** The guild's schedules: the next to run first, then those with nothing left to run (newest first). */
export const listSchedules = async (db: Db, input: z.input<typeof ListSchedulesInputSchema>): Promise<readonly ScheduleView[]> => {
  const f = parseQuery('listSchedules', ListSchedulesInputSchema, input);
  const { rows } = await db.query<ScheduleRow>(
    `SELECT * FROM ${readModel('automation_schedules')}.schedules WHERE guild_id = $1 AND ($2::text[] IS NULL OR status = ANY($2))
     ORDER BY next_run_at ASC NULLS LAST, created_at DESC, schedule_id LIMIT 500`,
    [f.guildId, f.status ?? null],
  );
  return rows.map(toSchedule);
};

export const getSchedule = async (db: Db, input: z.input<typeof GetScheduleInputSchema>): Promise<ScheduleView | null> => {
  const f = parseQuery('getSchedule', GetScheduleInputSchema, input);
  const { rows } = await db.query<ScheduleRow>(`SELECT * FROM ${readModel('automation_schedules')}.schedules WHERE guild_id = $1 AND schedule_id = $2`, [f.guildId, f.scheduleId]);
  return rows[0] ? toSchedule(rows[0]) : null;
};

/** A schedule's runs, newest first, each with its outcome. */
export const listScheduleRuns = async (db: Db, input: z.input<typeof ListScheduleRunsInputSchema>): Promise<readonly ScheduleRunView[]> => {
  const f = parseQuery('listScheduleRuns', ListScheduleRunsInputSchema, input);
  const { rows } = await db.query<RunRow>(`SELECT * FROM ${readModel('automation_schedules')}.runs WHERE guild_id = $1 AND schedule_id = $2 ORDER BY seq DESC LIMIT $3`, [
    f.guildId,
    f.scheduleId,
    f.limit,
  ]);
  return rows.map((r) => ({
    runNumber: r.run_number,
    dueAt: isoOf(r.due_at),
    firedAt: isoOf(r.fired_at),
    outcome: r.outcome,
    late: r.late,
    missedRuns: r.missed_runs,
    detail: r.detail,
    messageId: r.message_id,
    settledAt: iso(r.settled_at),
  }));
};
