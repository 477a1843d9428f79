import { ActorSchema, SnowflakeSchema, type CommandOf, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { discordFailure, discordFailureInput, Instant, RequestId } from './messaging-schemas.js';
import { DiscordLimits } from './discord-limits.js';
import { EmbedSchema } from './embed.js';


/** Who may be pinged. Mass mentions are off unless asked for, so a dashboard message cannot ping @everyone by accident. */
export const AllowedMentionsSchema = z.object({
  everyone: z.boolean().default(false),
  roles: z.boolean().default(false),
  users: z.boolean().default(true),
});

/** Commands of one outgoing message (stream `messaging.outgoing.<guildId>-<requestId>`). */
export const outgoingMessageCommands = {
  SendMessage: z.object({
    channelId: SnowflakeSchema,
    content: z.string().max(DiscordLimits.content).nullable().default(null),
    embeds: z.array(EmbedSchema).max(DiscordLimits.embeds).default([]),
    replyToMessageId: SnowflakeSchema.nullable().default(null),
    allowedMentions: AllowedMentionsSchema.default({ everyone: false, roles: false, users: true }),
  }),
  /** From the Discord action executor: Discord created the message. */
  RecordMessageSent: z.object({ requestId: RequestId, messageId: SnowflakeSchema }),
  RecordMessageSendFailed: z.object({
    requestId: RequestId,
    ...discordFailureInput,
  }),
} as const;
export type OutgoingMessageCommand = CommandOf<typeof outgoingMessageCommands>;

export const MessageSendRequestedSchema = z.object({
  requestId: RequestId,
  channelId: SnowflakeSchema,
  content: z.string().nullable(),
  embeds: z.array(EmbedSchema),
  replyToMessageId: SnowflakeSchema.nullable(),
  allowedMentions: AllowedMentionsSchema,
  requestedBy: ActorSchema,
  requestedAt: Instant,
});
export const MessageSentSchema = z.object({ requestId: RequestId, channelId: SnowflakeSchema, messageId: SnowflakeSchema, sentAt: Instant });
export const MessageSendFailedSchema = z.object({
  requestId: RequestId,
  channelId: SnowflakeSchema,
  ...discordFailure,
  failedAt: Instant,
});

export const outgoingMessageEvents = {
  MessageSendRequested: MessageSendRequestedSchema,
  MessageSent: MessageSentSchema,
  MessageSendFailed: MessageSendFailedSchema,
} as const;
export type OutgoingMessageEvent = EventOf<typeof outgoingMessageEvents>;
export type MessageSendRequested = DomainEvent<'MessageSendRequested', z.output<typeof MessageSendRequestedSchema>>;
export type MessageSent = DomainEvent<'MessageSent', z.output<typeof MessageSentSchema>>;
export type MessageSendFailed = DomainEvent<'MessageSendFailed', z.output<typeof MessageSendFailedSchema>>;
