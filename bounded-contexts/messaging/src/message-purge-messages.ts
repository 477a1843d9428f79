import { ActorSchema, type CommandOf, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { discordFailure, discordFailureInput, Instant, RequestId, Snowflake } from './messaging-schemas.js';


/** Discord bulk-deletes at most 100 messages in one call; a purge is one such batch. */
export const PURGE_MAX_COUNT = 100;
const Count = z.number().int().min(1).max(PURGE_MAX_COUNT);

/** Commands of one purge (stream `messaging.purge.<guildId>-<requestId>`). */
export const messagePurgeCommands = {
  /** Delete the `count` newest messages of a channel, sent before the request. */
  PurgeMessages: z.object({
    channelId: Snowflake,
    count: Count,
    reason: z.string().trim().min(1).max(400).nullable().default(null),
  }),
  /** From the Discord action executor: Discord deleted `deletedCount` messages (fewer when the channel had fewer). */
  RecordMessagesPurged: z.object({ requestId: RequestId, deletedCount: z.number().int().min(0).max(PURGE_MAX_COUNT) }),
  RecordMessagesPurgeFailed: z.object({
    requestId: RequestId,
    ...discordFailureInput,
  }),
} as const;
export type MessagePurgeCommand = CommandOf<typeof messagePurgeCommands>;

export const MessagesPurgeRequestedSchema = z.object({
  requestId: RequestId,
  channelId: Snowflake,
  count: Count,
  reason: z.string().nullable(),
  requestedBy: ActorSchema,
  requestedAt: Instant,
});
export const MessagesPurgedSchema = z.object({ requestId: RequestId, channelId: Snowflake, deletedCount: z.number().int().min(0), purgedAt: Instant });
export const MessagesPurgeFailedSchema = z.object({
  requestId: RequestId,
  channelId: Snowflake,
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
