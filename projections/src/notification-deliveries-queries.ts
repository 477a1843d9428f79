import { z } from 'zod';
import { iso, isoOf, num, readModel, type Db } from './db.js';
import { decodeCursor, encodeCursor, GuildIdSchema, LimitSchema, pageOf, parseQuery, type Page } from './query-input.js';

/** `failing`: retrying or given up — what an admin has to look at (a down SMTP server, closed DMs). */
export const DeliveryStatusFilterSchema = z.enum(['all', 'failing', 'queued', 'retrying', 'sent', 'given-up']);

export const ListNotificationDeliveriesInputSchema = z
  .object({ guildId: GuildIdSchema, status: DeliveryStatusFilterSchema.default('all'), limit: LimitSchema, cursor: z.string().max(500).optional() })
  .strict();

export type DeliveryView = Readonly<{
  notificationId: string;
  kind: string;
  channel: 'email' | 'dm' | 'channel';
  /** The member (email, DM) or the channel (a staff post). */
  recipientId: string;
  subject: string;
  triggerType: string;
  status: 'queued' | 'retrying' | 'sent' | 'given-up';
  attempts: number;
  maxAttempts: number;
  lastCode: string | null;
  lastReason: string | null;
  nextAttemptAt: string | null;
  queuedAt: string;
  settledAt: string | null;
}>;

export type DeliveryCounts = Readonly<{ queued: number; retrying: number; sent: number; givenUp: number }>;

type Row = {
  notification_id: string;
  kind: string;
  channel: DeliveryView['channel'];
  recipient_id: string;
  subject: string;
  trigger_type: string;
  status: DeliveryView['status'];
  attempts: number;
  max_attempts: number;
  last_code: string | null;
  last_reason: string | null;
  next_attempt_at: Date | null;
  queued_at: Date;
  settled_at: Date | null;
  position: string;
};

const toView = (r: Row): DeliveryView => ({
  notificationId: r.notification_id,
  kind: r.kind,
  channel: r.channel,
  recipientId: r.recipient_id,
  subject: r.subject,
  triggerType: r.trigger_type,
  status: r.status,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  lastCode: r.last_code,
  lastReason: r.last_reason,
  nextAttemptAt: iso(r.next_attempt_at),
  queuedAt: isoOf(r.queued_at),
  settledAt: iso(r.settled_at),
});

const STATUS_SQL: Readonly<Record<z.output<typeof DeliveryStatusFilterSchema>, string>> = {
  all: 'TRUE',
  failing: `status IN ('retrying', 'given-up')`,
  queued: `status = 'queued'`,
  retrying: `status = 'retrying'`,
  sent: `status = 'sent'`,
  'given-up': `status = 'given-up'`,
};

/** A guild's notifications, newest first, by status. */
export const listNotificationDeliveries = async (db: Db, input: z.input<typeof ListNotificationDeliveriesInputSchema>): Promise<Page<DeliveryView>> => {
  const f = parseQuery('listNotificationDeliveries', ListNotificationDeliveriesInputSchema, input);
  const after = f.cursor ? decodeCursor('listNotificationDeliveries', 'desc', f.cursor, z.tuple([z.number().int(), z.string()])) : undefined;
  const { rows } = await db.query<Row>(
    `SELECT * FROM ${readModel('notification_deliveries')}.deliveries
     WHERE guild_id = $1 AND ${STATUS_SQL[f.status]} ${after ? 'AND (position, notification_id) < ($3, $4)' : ''}
     ORDER BY position DESC, notification_id DESC LIMIT $2`,
    after ? [f.guildId, f.limit + 1, after[0], after[1]] : [f.guildId, f.limit + 1],
  );
  return pageOf(rows, f.limit, toView, (r) => encodeCursor('listNotificationDeliveries', 'desc', [num(r.position), r.notification_id]));
};

/** How many of the guild's notifications are in each state. */
export const notificationDeliveryCounts = async (db: Db, input: { guildId: string }): Promise<DeliveryCounts> => {
  const f = parseQuery('notificationDeliveryCounts', z.object({ guildId: GuildIdSchema }).strict(), input);
  const { rows } = await db.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM ${readModel('notification_deliveries')}.deliveries WHERE guild_id = $1 GROUP BY status`, [f.guildId]);
  const of = (s: string) => num(rows.find((r) => r.status === s)?.n ?? 0);
  return { queued: of('queued'), retrying: of('retrying'), sent: of('sent'), givenUp: of('given-up') };
};
