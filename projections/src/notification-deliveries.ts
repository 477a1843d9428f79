import { parseNotificationEvent } from '@guildhall/appeals';
import type { Projection } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import type { PoolClient } from 'pg';

/**
 * Read model `notification_deliveries`: the outbox per guild as admins see it — each
 * notification's channel, status, attempts, last failure and next retry. The email address is
 * not copied here (personal data stays in the events); the member's id is.
 */
export const NOTIFICATION_DELIVERIES_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.deliveries (
  notification_id text PRIMARY KEY,
  guild_id text NOT NULL,
  kind text NOT NULL,
  channel text NOT NULL,
  recipient_id text NOT NULL,
  subject text NOT NULL,
  trigger_type text NOT NULL,
  status text NOT NULL,
  attempts integer NOT NULL,
  max_attempts integer NOT NULL,
  last_code text,
  last_reason text,
  next_attempt_at timestamptz,
  queued_at timestamptz NOT NULL,
  settled_at timestamptz,
  position bigint NOT NULL
);
CREATE INDEX deliveries_guild ON ${s}.deliveries (guild_id, queued_at DESC, notification_id);
CREATE INDEX deliveries_guild_failing ON ${s}.deliveries (guild_id, queued_at DESC) WHERE status IN ('retrying', 'given-up');
`;

const apply = async (events: readonly EventEnvelope[], client: PoolClient, schema: string): Promise<void> => {
  for (const envelope of events) {
    const e = parseNotificationEvent(envelope);
    if (!e) continue;
    switch (e.type) {
      case 'NotificationQueued': {
        const d = e.data;
        const recipientId = d.recipient.channel === 'channel' ? d.recipient.channelId : d.recipient.userId;
        await client.query(
          `INSERT INTO ${schema}.deliveries (notification_id, guild_id, kind, channel, recipient_id, subject, trigger_type, status, attempts, max_attempts, next_attempt_at, queued_at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', 0, $8, $9, $9, $10) ON CONFLICT (notification_id) DO NOTHING`,
          [d.notificationId, envelope.guildId, d.kind, d.recipient.channel, recipientId, d.content.subject, d.trigger.type, d.retry.maxAttempts, d.queuedAt, envelope.position],
        );
        break;
      }
      case 'NotificationSent':
        await client.query(`UPDATE ${schema}.deliveries SET status = 'sent', attempts = $2, next_attempt_at = NULL, settled_at = $3 WHERE notification_id = $1`, [
          e.data.notificationId,
          e.data.attempt,
          e.data.sentAt,
        ]);
        break;
      case 'NotificationAttemptFailed':
        await client.query(
          `UPDATE ${schema}.deliveries SET status = CASE WHEN status = 'given-up' THEN status ELSE 'retrying' END, attempts = $2, last_code = $3, last_reason = $4, next_attempt_at = $5 WHERE notification_id = $1`,
          [e.data.notificationId, e.data.attempt, e.data.code, e.data.reason, e.data.retryAt],
        );
        break;
      case 'NotificationGivenUp':
        await client.query(`UPDATE ${schema}.deliveries SET status = 'given-up', next_attempt_at = NULL, settled_at = $2 WHERE notification_id = $1`, [e.data.notificationId, e.data.gaveUpAt]);
        break;
      default: {
        const unknown: never = e;
        return unknown;
      }
    }
  }
};

export const notificationDeliveriesProjection: Projection = {
  name: 'notification_deliveries',
  migrations: [NOTIFICATION_DELIVERIES_MIGRATION_V1],
  eventTypes: ['NotificationQueued', 'NotificationSent', 'NotificationAttemptFailed', 'NotificationGivenUp'],
  apply: (events, { client, schema }) => apply(events, client, schema),
};
