import { SnowflakeSchema, type CommandOf, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { ContentSchema, DiscordUserSchema, InstantSchema } from './community-schemas.js';

const ids = { messageId: SnowflakeSchema, channelId: SnowflakeSchema };

/** Facts about a message (MESSAGE_UPDATE / MESSAGE_DELETE), stream `community.message.<guildId>-<messageId>`. */
export const messageCommands = {
  RecordMessageEdited: z.object({
    ...ids,
    author: DiscordUserSchema.nullable().default(null),
    /** The content before the edit, when the gateway had the message cached. */
    before: ContentSchema.nullable().default(null),
    after: ContentSchema,
    editedAt: InstantSchema,
  }),
  RecordMessageDeleted: z.object({
    ...ids,
    author: DiscordUserSchema.nullable().default(null),
    /** The content as cached by the gateway, if any (else the last content we recorded is kept). */
    content: ContentSchema.nullable().default(null),
  }),
} as const;
export type MessageCommand = CommandOf<typeof messageCommands>;

export const MessageEditedSchema = z.object({
  ...ids,
  author: DiscordUserSchema.nullable(),
  before: z.string().nullable(),
  after: z.string(),
  editedAt: InstantSchema,
});
export const MessageDeletedSchema = z.object({
  ...ids,
  author: DiscordUserSchema.nullable(),
  /** Kept for moderators: what the message said when it was deleted; null when nobody knew. */
  content: z.string().nullable(),
  deletedAt: InstantSchema,
});

export const messageEvents = {
  MessageEdited: MessageEditedSchema,
  MessageDeleted: MessageDeletedSchema,
} as const;
export type MessageEvent = EventOf<typeof messageEvents>;
export type MessageEdited = DomainEvent<'MessageEdited', z.output<typeof MessageEditedSchema>>;
export type MessageDeleted = DomainEvent<'MessageDeleted', z.output<typeof MessageDeletedSchema>>;
