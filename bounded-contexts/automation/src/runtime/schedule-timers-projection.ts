import type { Projection } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import { parseScheduleEvent } from '../schedule/routing.js';

export const SCHEDULE_TIMERS = 'automation_timers';

/**
 * One row per live schedule: its next due time (null: nothing to run) and whether it is paused;
 * the partial index holds only the armed ones, for the scheduler's "what is due" query. The
 * correlation id goes on the FireSchedule command, so each run stays in the schedule's chain.
 */
export const SCHEDULE_TIMERS_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.timers (
  guild_id text NOT NULL,
  schedule_id text NOT NULL,
  due_at timestamptz,
  paused boolean NOT NULL DEFAULT false,
  correlation_id text NOT NULL,
  PRIMARY KEY (guild_id, schedule_id)
);
CREATE INDEX timers_due ON ${s}.timers (due_at, guild_id, schedule_id) WHERE NOT paused AND due_at IS NOT NULL;
`;

const EVENT_TYPES = ['ScheduleCreated', 'ScheduleUpdated', 'SchedulePaused', 'ScheduleResumed', 'ScheduleCancelled', 'ScheduleRunStarted', 'ScheduleRunSkipped'] as const;

const applyOne = async (e: EventEnvelope, ctx: Parameters<Projection['apply']>[1]): Promise<void> => {
  const event = parseScheduleEvent(e);
  if (!event) return;
  const { client, schema } = ctx;
  const key = [e.guildId, event.data.scheduleId];
  const setDue = (dueAt: string | null, paused?: boolean) =>
    client.query(
      `INSERT INTO ${schema}.timers (guild_id, schedule_id, due_at, paused, correlation_id) VALUES ($1, $2, $3, coalesce($4, false), $5)
       ON CONFLICT (guild_id, schedule_id) DO UPDATE SET due_at = EXCLUDED.due_at, paused = coalesce($4, ${schema}.timers.paused)`,
      [...key, dueAt, paused ?? null, e.correlationId],
    );
  switch (event.type) {
    case 'ScheduleCreated':
    case 'ScheduleUpdated':
    case 'ScheduleRunStarted':
    case 'ScheduleRunSkipped':
      await setDue(event.data.nextRunAt);
      return;
    case 'ScheduleResumed':
      await setDue(event.data.nextRunAt, false);
      return;
    case 'SchedulePaused':
      await client.query(`UPDATE ${schema}.timers SET paused = true WHERE guild_id = $1 AND schedule_id = $2`, key);
      return;
    case 'ScheduleCancelled':
      await client.query(`DELETE FROM ${schema}.timers WHERE guild_id = $1 AND schedule_id = $2`, key);
      return;
    default:
      return;
  }
};

/**
 * Read model `automation_timers`, private to the automation service: when each schedule runs
 * next. Run by a ProjectionRunner inside the service (checkpoint in the same transaction), so
 * the timers survive restarts and can be rebuilt from the events like any read model.
 */
export const scheduleTimersProjection: Projection = {
  name: SCHEDULE_TIMERS,
  migrations: [SCHEDULE_TIMERS_MIGRATION_V1],
  eventTypes: EVENT_TYPES,
  apply: async (events, ctx) => {
    // In order: a schedule created and fired in one batch ends with its latest due time.
    for (const e of events) await applyOne(e, ctx);
  },
};
