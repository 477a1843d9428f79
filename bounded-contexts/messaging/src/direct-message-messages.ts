import { ActorSchema, SnowflakeSchema, type CommandOf, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { DiscordLimits } from './discord-limits.js';
import { discordFailure, discordFailureInput, Instant, RequestId } from './messaging-schemas.js';

/**
 * Commands of one DM from the bot to a member (stream `messaging.dm.<guildId>-<requestId>`): the
 * notifier's DMs on a sanction and on an appeal's decision. The DM channel is Discord's to open,
 * so it is known only once sent.
 */
export const directMessageCommands = {
  SendDirectMessage: z.object({
    userId: SnowflakeSchema,
    content: z.string().trim().min(1, 'must not be empty').max(DiscordLimits.content),
  }),
  /** From the Discord action executor: Discord created the message in the member's DM channel. */
  RecordDirectMessageSent: z.object({ requestId: RequestId, channelId: SnowflakeSchema, messageId: SnowflakeSchema }),
  RecordDirectMessageFailed: z.object({ requestId: RequestId, ...discordFailureInput }),
} as const;
export type DirectMessageCommand = CommandOf<typeof directMessageCommands>;

/** Personal data: none beyond the user id; the content is what the guild told the member. */
export const DirectMessageRequestedSchema = z.object({
  requestId: RequestId,
  userId: SnowflakeSchema,
  content: z.string().min(1),
  requestedBy: ActorSchema,
  requestedAt: Instant,
});
export const DirectMessageSentSchema = z.object({ requestId: RequestId, userId: SnowflakeSchema, channelId: SnowflakeSchema, messageId: SnowflakeSchema, sentAt: Instant });
export const DirectMessageFailedSchema = z.object({ requestId: RequestId, userId: SnowflakeSchema, ...discordFailure, failedAt: Instant });

export const directMessageEvents = {
  DirectMessageRequested: DirectMessageRequestedSchema,
  DirectMessageSent: DirectMessageSentSchema,
  DirectMessageFailed: DirectMessageFailedSchema,
} as const;
export type DirectMessageEvent = EventOf<typeof directMessageEvents>;
export type DirectMessageRequested = DomainEvent<'DirectMessageRequested', z.output<typeof DirectMessageRequestedSchema>>;
