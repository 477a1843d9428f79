import { SnowflakeSchema, type CommandOf } from '@guildhall/kernel';
import { z } from 'zod';

/** A notification's id: derived from the event that caused it (and what it says to whom), so queueing twice queues once. */
export const NotificationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 characters of A-Z a-z 0-9 _ -');

/** How it reaches its recipient: an email, a DM from the bot, or a post in a guild channel (the staff channel). */
export const NotificationChannelSchema = z.enum(['email', 'dm', 'channel']);
export type NotificationChannel = z.output<typeof NotificationChannelSchema>;

/** What it is about (the template that wrote it). */
export const NotificationKindSchema = z.enum(['sanction', 'appeal-submitted', 'appeal-decided', 'appeal-reminder', 'email-confirmation', 'report-filed']);
export type NotificationKind = z.output<typeof NotificationKindSchema>;

/** Who receives it: the member (DM, email) and the address (email), or the channel (post). */
export const RecipientSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('email'), userId: SnowflakeSchema, email: z.email().max(320) }),
  z.object({ channel: z.literal('dm'), userId: SnowflakeSchema }),
  z.object({ channel: z.literal('channel'), channelId: SnowflakeSchema }),
]);
export type Recipient = z.output<typeof RecipientSchema>;

/** The rendered message: the outbox holds what is sent, so a retry after a template change sends the same words. */
export const NotificationContentSchema = z.object({
  subject: z.string().min(1).max(200),
  text: z.string().min(1).max(4000),
  /** Email only: the HTML part beside the text. */
  html: z.string().min(1).max(50_000).nullable(),
});
export type NotificationContent = z.output<typeof NotificationContentSchema>;

/** The retry policy, fixed when queued so every later decision is a pure function of the stream. */
export const RetryPolicySchema = z.object({
  maxAttempts: z.number().int().min(1).max(50),
  /** Wait before attempt n+1 after n failures; the last value repeats. */
  backoffMs: z.array(z.number().int().min(0).max(7 * 24 * 3600_000)).min(1).max(20),
});
export type RetryPolicy = z.output<typeof RetryPolicySchema>;

export const TriggerSchema = z.object({ eventId: z.string().min(1).max(200), type: z.string().min(1).max(100) });

const attempt = z.number().int().min(1).max(50);

/** Commands of one notification (stream `appeals.notification.<notificationId>`), sent by the notifier. */
export const notificationCommands = {
  QueueNotification: z.object({
    notificationId: NotificationIdSchema,
    kind: NotificationKindSchema,
    recipient: RecipientSchema,
    content: NotificationContentSchema,
    trigger: TriggerSchema,
    retry: RetryPolicySchema,
  }),
  /** The transport took it (SMTP accepted it; Discord created the message). */
  RecordNotificationSent: z.object({ notificationId: NotificationIdSchema, attempt, providerId: z.string().min(1).max(500) }),
  /** The transport refused or was unreachable; `permanent` when no retry can help (a refused address, closed DMs). */
  RecordNotificationAttemptFailed: z.object({
    notificationId: NotificationIdSchema,
    attempt,
    code: z.string().min(1).max(100),
    reason: z.string().trim().min(1).max(1000),
    permanent: z.boolean().default(false),
  }),
} as const;
export type NotificationCommand = CommandOf<typeof notificationCommands>;
export type NotificationCommandType = NotificationCommand['type'];
