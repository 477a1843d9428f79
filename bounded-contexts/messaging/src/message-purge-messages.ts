import { ActorSchema, SnowflakeSchema, type CommandOf, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { discordFailure, discordFailureInput, Instant, RequestId } from './messaging-schemas.js';


/** Discord bulk-deletes at most 100 messages in one call; a purge is one such batch. */
export const PURGE_MAX_COUNT = 100;
/**
 * How many of a channel's newest messages a purge looks through for one member's messages: a
 * bound on the Discord calls a purge makes (five pages of 100), so "this member's last 20" in a
 * busy channel finds what is recent and stops, instead of paging through the whole history.
 */
export const PURGE_SCAN_WINDOW = 500;
/** Discord bulk-deletes only messages younger than this; older ones a purge reports as skipped. */
export const BULK_DELETE_MAX_AGE_MS = 14 * 86_400_000;
const Count = z.number().int().min(1).max(PURGE_MAX_COUNT);

/** Commands of one purge (stream `messaging.purge.<guildId>-<requestId>`). */
export const messagePurgeCommands = {
  /**
   * Delete the `count` newest messages of a channel sent before the request; with `userId`, the
   * `count` newest of that member's among the channel's last PURGE_SCAN_WINDOW messages.
   */
  PurgeMessages: z.object({
    channelId: SnowflakeSchema,
    count: Count,
    userId: SnowflakeSchema.nullable().default(null),
    reason: z.string().trim().min(1).max(400).nullable().default(null),
  }),
  /**
   * From the Discord action executor: Discord deleted `deletedCount` messages (fewer when the
   * channel had fewer); `skippedCount` of the chosen ones were too old to bulk-delete (14 days).
   */
  RecordMessagesPurged: z.object({
    requestId: RequestId,
    deletedCount: z.number().int().min(0).max(PURGE_MAX_COUNT),
    skippedCount: z.number().int().min(0).max(PURGE_MAX_COUNT).default(0),
  }),
  RecordMessagesPurgeFailed: z.object({
    requestId: RequestId,
    ...discordFailureInput,
  }),
} as const;
export type MessagePurgeCommand = CommandOf<typeof messagePurgeCommands>;

export const MessagesPurgeRequestedSchema = z.object({
  requestId: RequestId,
  channelId: SnowflakeSchema,
  count: Count,
  /** Only this member's messages; null: anyone's. (Requests before the member filter have none.) */
  userId: SnowflakeSchema.nullable().default(null),
  reason: z.string().nullable(),
  requestedBy: ActorSchema,
  requestedAt: Instant,
});
export const MessagesPurgedSchema = z.object({
  requestId: RequestId,
  channelId: SnowflakeSchema,
  deletedCount: z.number().int().min(0),
  /** Chosen but older than 14 days, so not deleted (outcomes before this field skipped none they said). */
  skippedCount: z.number().int().min(0).default(0),
  purgedAt: Instant,
});
export const MessagesPurgeFailedSchema = z.object({
  requestId: RequestId,
  channelId: SnowflakeSchema,
  ...discordFailure,
  failedAt: Instant,
});

export const messagePurgeEvents = {
  MessagesPurgeRequested: MessagesPurgeRequestedSchema,
  MessagesPurged: MessagesPurgedSchema,
  MessagesPurgeFailed: MessagesPurgeFailedSchema,
} as const;
export type MessagePurgeEvent = EventOf<typeof messagePurgeEvents>;
export type MessagesPurgeRequested = DomainEvent<'MessagesPurgeRequested', z.output<typeof MessagesPurgeRequestedSchema>>;
export type MessagesPurged = DomainEvent<'MessagesPurged', z.output<typeof MessagesPurgedSchema>>;
export type MessagesPurgeFailed = DomainEvent<'MessagesPurgeFailed', z.output<typeof MessagesPurgeFailedSchema>>;
