import { SnowflakeSchema, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { InstantSchema } from '../appeals-schemas.js';
import { NotificationContentSchema, NotificationIdSchema, NotificationKindSchema, RetryPolicySchema, TriggerSchema } from './commands.js';

const id = { notificationId: NotificationIdSchema };

/** The recipient as stored: the address may read `[erased]` once the member's key is shredded, so no email check here. */
const StoredRecipientSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('email'), userId: SnowflakeSchema, email: z.string().min(1) }),
  z.object({ channel: z.literal('dm'), userId: SnowflakeSchema }),
  z.object({ channel: z.literal('channel'), channelId: SnowflakeSchema }),
]);

/**
 * Personal data: `recipient.email` (the member's address) and `content` (their name, the case's
 * reason) — crypto-shredding policies cover these fields.
 */
export const NotificationQueuedSchema = z.object({
  ...id,
  kind: NotificationKindSchema,
  recipient: StoredRecipientSchema,
  content: NotificationContentSchema,
  trigger: TriggerSchema,
  retry: RetryPolicySchema,
  queuedAt: InstantSchema,
});
export const NotificationSentSchema = z.object({ ...id, attempt: z.number().int().min(1), providerId: z.string().min(1), sentAt: InstantSchema });
export const NotificationAttemptFailedSchema = z.object({
  ...id,
  attempt: z.number().int().min(1),
  code: z.string().min(1),
  reason: z.string().min(1),
  failedAt: InstantSchema,
  /** When the next attempt is due; null when this was the last one (a NotificationGivenUp follows). */
  retryAt: InstantSchema.nullable(),
});
export const NotificationGivenUpSchema = z.object({ ...id, attempts: z.number().int().min(1), code: z.string().min(1), reason: z.string().min(1), gaveUpAt: InstantSchema });

/** Events of one notification: the outbox entry, from queued to sent or given up. */
export const notificationEvents = {
  NotificationQueued: NotificationQueuedSchema,
  NotificationSent: NotificationSentSchema,
  NotificationAttemptFailed: NotificationAttemptFailedSchema,
  NotificationGivenUp: NotificationGivenUpSchema,
} as const;
export type NotificationEvent = EventOf<typeof notificationEvents>;
type Ev<T extends keyof typeof notificationEvents> = DomainEvent<T, z.output<(typeof notificationEvents)[T]>>;
export type NotificationQueued = Ev<'NotificationQueued'>;
export type NotificationSent = Ev<'NotificationSent'>;
export type NotificationAttemptFailed = Ev<'NotificationAttemptFailed'>;
export type NotificationGivenUp = Ev<'NotificationGivenUp'>;
