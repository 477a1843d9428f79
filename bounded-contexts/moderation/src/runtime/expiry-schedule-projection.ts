import type { Projection } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import { parseModerationEvent } from '../moderation-events.js';

export const EXPIRY_SCHEDULE = 'moderation_schedule';

/**
 * One row per ban/timeout whose expiry is scheduled and not yet settled; `due_at` is indexed
 * for the scheduler's "what is due" query. The correlation id and the scheduling event's id go
 * on the ExpireCase command, so the expiry stays in the case's causal chain.
 */
export const EXPIRY_SCHEDULE_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.expiries (
  guild_id text NOT NULL,
  case_number integer NOT NULL,
  action text NOT NULL,
  target_id text NOT NULL,
  due_at timestamptz NOT NULL,
  scheduled_event_id text NOT NULL,
  correlation_id text NOT NULL,
  scheduled_at timestamptz NOT NULL,
  PRIMARY KEY (guild_id, case_number)
);
CREATE INDEX expiries_due ON ${s}.expiries (due_at, guild_id, case_number);
`;

/** Four-eyes requests still waiting for a second moderator, by when they lapse (same scheduler, same pattern). */
export const EXPIRY_SCHEDULE_MIGRATION_V2 = (s: string): string => `
CREATE TABLE ${s}.approvals (
  guild_id text NOT NULL,
  approval_id text NOT NULL,
  due_at timestamptz NOT NULL,
  requested_event_id text NOT NULL,
  correlation_id text NOT NULL,
  PRIMARY KEY (guild_id, approval_id)
);
CREATE INDEX approvals_due ON ${s}.approvals (due_at, guild_id, approval_id);
`;

const EVENT_TYPES = [
  'ExpiryScheduled',
  'ExpiryCancelled',
  'CaseExpired',
  'CaseLifted',
  'ApprovalRequested',
  'ApprovalGranted',
  'ApprovalDenied',
  'ApprovalExpired',
] as const;

const applyOne = async (e: EventEnvelope, ctx: Parameters<Projection['apply']>[1]): Promise<void> => {
  const event = parseModerationEvent(e);
  const { client, schema } = ctx;
  switch (event?.type) {
    case 'ExpiryScheduled': {
      const d = event.data;
      await client.query(
        `INSERT INTO ${schema}.expiries (guild_id, case_number, action, target_id, due_at, scheduled_event_id, correlation_id, scheduled_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (guild_id, case_number) DO UPDATE SET action = EXCLUDED.action, target_id = EXCLUDED.target_id,
           due_at = EXCLUDED.due_at, scheduled_event_id = EXCLUDED.scheduled_event_id,
           correlation_id = EXCLUDED.correlation_id, scheduled_at = EXCLUDED.scheduled_at`,
        [e.guildId, d.caseNumber, d.action, d.target.id, d.dueAt, e.id, e.correlationId, d.scheduledAt],
      );
      return;
    }
    case 'ExpiryCancelled':
    case 'CaseExpired':
    case 'CaseLifted':
      // Settled one way or another: nothing left to fire.
      await client.query(`DELETE FROM ${schema}.expiries WHERE guild_id = $1 AND case_number = $2`, [e.guildId, event.data.caseNumber]);
      return;
    case 'ApprovalRequested':
      await client.query(
        `INSERT INTO ${schema}.approvals (guild_id, approval_id, due_at, requested_event_id, correlation_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (guild_id, approval_id) DO NOTHING`,
        [e.guildId, event.data.approvalId, event.data.expiresAt, e.id, e.correlationId],
      );
      return;
    case 'ApprovalGranted':
    case 'ApprovalDenied':
    case 'ApprovalExpired':
      await client.query(`DELETE FROM ${schema}.approvals WHERE guild_id = $1 AND approval_id = $2`, [e.guildId, event.data.approvalId]);
      return;
    default:
      return;
  }
};

/**
 * Read model `moderation_schedule`, private to the moderation service: the expiries still to
 * fire. Run by a ProjectionRunner inside the service, so it survives restarts (the checkpoint is
 * in the same transaction) and can be rebuilt from the events like any read model.
 */
export const expiryScheduleProjection: Projection = {
  name: EXPIRY_SCHEDULE,
  migrations: [EXPIRY_SCHEDULE_MIGRATION_V1, EXPIRY_SCHEDULE_MIGRATION_V2],
  eventTypes: EVENT_TYPES,
  apply: async (events, ctx) => {
    // In order: a row scheduled and settled in one batch ends up deleted, as it would one by one.
    for (const e of events) await applyOne(e, ctx);
  },
};
