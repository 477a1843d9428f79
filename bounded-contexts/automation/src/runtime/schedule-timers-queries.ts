import { liveSchema } from '@guildhall/eventing';
import type { Pool, PoolClient } from 'pg';
import { SCHEDULE_TIMERS } from './schedule-timers-projection.js';

type Db = Pick<Pool | PoolClient, 'query'>;

export type ScheduleTimer = Readonly<{ guildId: string; scheduleId: string; dueAt: string; correlationId: string }>;

type Row = { guild_id: string; schedule_id: string; due_at: Date; correlation_id: string };

const table = `"${liveSchema(SCHEDULE_TIMERS)}".timers`;

/** Armed timers due at `now`, oldest first, at most `limit`. */
export const dueScheduleTimers = async (db: Db, now: Date, limit: number): Promise<ScheduleTimer[]> => {
  const { rows } = await db.query<Row>(
    `SELECT guild_id, schedule_id, due_at, correlation_id FROM ${table}
     WHERE NOT paused AND due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at, guild_id, schedule_id LIMIT $2`,
    [now, limit],
  );
  return rows.map((r) => ({ guildId: r.guild_id, scheduleId: r.schedule_id, dueAt: r.due_at.toISOString(), correlationId: r.correlation_id }));
};
