import { liveSchema, type Projection } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import type { Pool, PoolClient } from 'pg';
import { parseAppealEvent } from '../command-routing.js';

export const REMINDER_SCHEDULE = 'appeals_reminders';

/** One row per open appeal that was not reminded yet; `due_at` indexed for the sweep's "what is due". */
export const REMINDER_SCHEDULE_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.reminders (
  appeal_id text PRIMARY KEY,
  guild_id text NOT NULL,
  case_number integer NOT NULL,
  due_at timestamptz NOT NULL,
  correlation_id text NOT NULL,
  submitted_event_id text NOT NULL
);
CREATE INDEX reminders_due ON ${s}.reminders (due_at);
`;

const applyOne = async (e: EventEnvelope, client: PoolClient, schema: string): Promise<void> => {
  const event = parseAppealEvent(e);
  switch (event?.type) {
    case 'AppealSubmitted':
      await client.query(
        `INSERT INTO ${schema}.reminders (appeal_id, guild_id, case_number, due_at, correlation_id, submitted_event_id) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (appeal_id) DO NOTHING`,
        [event.data.appealId, event.data.guildId, event.data.caseNumber, event.data.reviewDueAt, e.correlationId, e.id],
      );
      return;
    case 'AppealDecided':
    case 'AppealWithdrawn':
    case 'AppealReminderDue':
      // Settled or reminded: nothing left to fire.
      await client.query(`DELETE FROM ${schema}.reminders WHERE appeal_id = $1`, [event.data.appealId]);
      return;
    default:
      return;
  }
};

/**
 * Read model `appeals_reminders`, private to the appeals service (as moderation keeps its expiry
 * schedule): run by a ProjectionRunner inside the service, so it survives restarts and rebuilds
 * from the events like any read model.
 */
export const reminderScheduleProjection: Projection = {
  name: REMINDER_SCHEDULE,
  migrations: [REMINDER_SCHEDULE_MIGRATION_V1],
  eventTypes: ['AppealSubmitted', 'AppealDecided', 'AppealWithdrawn', 'AppealReminderDue'],
  apply: async (events, { client, schema }) => {
    for (const e of events) await applyOne(e, client, schema);
  },
};

export type DueReminder = Readonly<{ appealId: string; guildId: string; caseNumber: number; correlationId: string; submittedEventId: string }>;

/** Open appeals past their review deadline, oldest first. */
export const dueReminders = async (db: Pick<Pool, 'query'>, now: Date, limit = 200): Promise<DueReminder[]> => {
  const { rows } = await db.query<{ appeal_id: string; guild_id: string; case_number: number; correlation_id: string; submitted_event_id: string }>(
    `SELECT appeal_id, guild_id, case_number, correlation_id, submitted_event_id FROM "${liveSchema(REMINDER_SCHEDULE)}".reminders WHERE due_at <= $1 ORDER BY due_at LIMIT $2`,
    [now, limit],
  );
  return rows.map((r) => ({ appealId: r.appeal_id, guildId: r.guild_id, caseNumber: r.case_number, correlationId: r.correlation_id, submittedEventId: r.submitted_event_id }));
};
