import { SnowflakeSchema, type CommandOf, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { ContentSchema, DiscordUserSchema, InstantSchema } from './community-schemas.js';

const MentionsSchema = z.array(SnowflakeSchema).max(1000);

/** What the gateway saw of a new message (MESSAGE_CREATE), for message history, analytics and automod. */
const postedFields = {
  messageId: SnowflakeSchema,
  channelId: SnowflakeSchema,
  author: DiscordUserSchema,
  /**
   * Personal data (crypto-shredding target): null when the guild does not allow content capture
   * or Discord withheld it.
   */
  content: ContentSchema.nullable().default(null),
  createdAt: InstantSchema,
  mentionedUserIds: MentionsSchema.default([]),
  mentionedRoleIds: MentionsSchema.default([]),
  mentionsEveryone: z.boolean().default(false),
  attachmentCount: z.number().int().nonnegative().max(100).default(0),
  embedCount: z.number().int().nonnegative().max(100).default(0),
  replyToMessageId: SnowflakeSchema.nullable().default(null),
};

/** Stream `community.channel-hour.<guildId>-<channelId>-<yyyymmddhh>` (see `postedMessageStreamId`). */
export const postedMessageCommands = {
  RecordMessagePosted: z.object(postedFields),
} as const;
export type PostedMessageCommand = CommandOf<typeof postedMessageCommands>;

export const MessagePostedSchema = z.object({
  ...postedFields,
  content: z.string().nullable(),
  mentionedUserIds: z.array(z.string()),
  mentionedRoleIds: z.array(z.string()),
  mentionsEveryone: z.boolean(),
  attachmentCount: z.number().int(),
  embedCount: z.number().int(),
  replyToMessageId: z.string().nullable(),
});

export const postedMessageEvents = {
  MessagePosted: MessagePostedSchema,
} as const;
export type PostedMessageEvent = EventOf<typeof postedMessageEvents>;
export type MessagePosted = DomainEvent<'MessagePosted', z.output<typeof MessagePostedSchema>>;
