import { ActorSchema, type CommandOf, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';

const Snowflake = z.string().regex(/^\d{1,20}$/, 'must be a Discord snowflake (1-20 digits)');
const Instant = z.iso.datetime();
const RequestId = z.string().min(1).max(200);

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
    discordErrorCode: z.number().int().nullable().default(null),
    httpStatus: z.number().int().min(100).max(599).nullable().default(null),
    reason: z.string().trim().min(1).max(1000),
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
  discordErrorCode: z.number().int().nullable(),
  httpStatus: z.number().int().nullable(),
  reason: z.string().min(1),
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
