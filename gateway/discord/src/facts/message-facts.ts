import { z } from 'zod';
import { FactUserSchema, InstantSchema, SnowflakeSchema } from './common.js';

/** Content is only carried for guilds that allow it; `contentIncluded` says which case it is. */
export const MessageCreatedSchema = z.object({
  messageId: SnowflakeSchema,
  channelId: SnowflakeSchema,
  author: FactUserSchema,
  /** Null when the guild does not allow content capture (or Discord withheld it). */
  content: z.string().nullable(),
  contentIncluded: z.boolean(),
  createdAt: InstantSchema,
  attachmentCount: z.number().int().nonnegative(),
  embedCount: z.number().int().nonnegative(),
  mentionedUserIds: z.array(SnowflakeSchema),
  mentionedRoleIds: z.array(SnowflakeSchema),
  mentionsEveryone: z.boolean(),
  replyToMessageId: SnowflakeSchema.nullable(),
  /** Discord's message type (0 default, 19 reply, ...). */
  messageType: z.number().int(),
  webhookId: SnowflakeSchema.nullable(),
});

export const MessageUpdatedSchema = z.object({
  messageId: SnowflakeSchema,
  channelId: SnowflakeSchema,
  /** Null when neither the dispatch nor the cache knew the author. */
  author: FactUserSchema.nullable(),
  /** The content before the edit, when it was cached and content is allowed. */
  before: z.object({ content: z.string().nullable() }).nullable(),
  after: z.object({ content: z.string().nullable() }),
  contentIncluded: z.boolean(),
  editedAt: InstantSchema.nullable(),
});

const DeletedMessageSchema = z.object({
  messageId: SnowflakeSchema,
  /** From the cache: null when the message was not cached. */
  author: FactUserSchema.nullable(),
  /** The last content the bot saw (null when uncached or content not allowed). */
  lastKnownContent: z.string().nullable(),
  createdAt: InstantSchema,
});

export const MessageDeletedSchema = DeletedMessageSchema.extend({ channelId: SnowflakeSchema, contentIncluded: z.boolean() });

export const MessagesBulkDeletedSchema = z.object({
  channelId: SnowflakeSchema,
  messages: z.array(DeletedMessageSchema).min(1),
  contentIncluded: z.boolean(),
});

export const messageFacts = {
  'message-created': MessageCreatedSchema,
  'message-updated': MessageUpdatedSchema,
  'message-deleted': MessageDeletedSchema,
  'messages-bulk-deleted': MessagesBulkDeletedSchema,
} as const;
