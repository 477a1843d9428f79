import { z } from 'zod';
import { iso, isoOf, num, readModel, type Db } from './db.js';
import { decodeCursor, encodeCursor, GuildIdSchema, InstantInputSchema, LimitSchema, pageOf, parseQuery, SnowflakeSchema, type Page } from './query-input.js';
import { SqlParams } from './sql.js';

export type StoredMessage = Readonly<{
  messageId: string;
  channelId: string;
  authorId: string;
  authorName: string;
  authorBot: boolean;
  createdAt: string;
  /** Null when content was not captured (or was shredded). */
  content: string | null;
  mentionedUserIds: readonly string[];
  mentionedRoleIds: readonly string[];
  mentionsEveryone: boolean;
  attachmentCount: number;
  embedCount: number;
  links: readonly string[];
  replyToMessageId: string | null;
  editedAt: string | null;
  deletedAt: string | null;
}>;

type Row = {
  message_id: string;
  channel_id: string;
  author_id: string;
  author_name: string;
  author_bot: boolean;
  created_at: Date;
  content: string | null;
  mentioned_user_ids: string[];
  mentioned_role_ids: string[];
  mentions_everyone: boolean;
  attachment_count: number;
  embed_count: number;
  links: string[];
  reply_to_message_id: string | null;
  edited_at: Date | null;
  deleted_at: Date | null;
};

const messageOf = (r: Row): StoredMessage => ({
  messageId: r.message_id,
  channelId: r.channel_id,
  authorId: r.author_id,
  authorName: r.author_name,
  authorBot: r.author_bot,
  createdAt: isoOf(r.created_at),
  content: r.content,
  mentionedUserIds: r.mentioned_user_ids,
  mentionedRoleIds: r.mentioned_role_ids,
  mentionsEveryone: r.mentions_everyone,
  attachmentCount: r.attachment_count,
  embedCount: r.embed_count,
  links: r.links,
  replyToMessageId: r.reply_to_message_id,
  editedAt: iso(r.edited_at),
  deletedAt: iso(r.deleted_at),
});

const FIELDS = `message_id, channel_id, author_id, author_name, author_bot, created_at, content, mentioned_user_ids, mentioned_role_ids,
  mentions_everyone, attachment_count, embed_count, links, reply_to_message_id, edited_at, deleted_at`;

export const MessageHistoryInputSchema = z
  .object({
    guildId: GuildIdSchema,
    channelId: SnowflakeSchema.optional(),
    authorId: SnowflakeSchema.optional(),
    from: InstantInputSchema.optional(),
    to: InstantInputSchema.optional(),
    limit: LimitSchema,
    cursor: z.string().max(500).optional(),
  })
  .strict();

const Key = z.tuple([z.string(), z.string()]);

/** A guild's stored messages, newest first, by channel / author / time range, keyset-paginated. */
export const listMessageHistory = async (db: Db, input: z.input<typeof MessageHistoryInputSchema>): Promise<Page<StoredMessage>> => {
  const f = parseQuery('listMessageHistory', MessageHistoryInputSchema, input);
  const after = f.cursor ? decodeCursor('listMessageHistory', 'desc', f.cursor, Key) : null;
  const p = new SqlParams();
  const where = [`guild_id = ${p.add(f.guildId)}`];
  if (f.channelId) where.push(`channel_id = ${p.add(f.channelId)}`);
  if (f.authorId) where.push(`author_id = ${p.add(f.authorId)}`);
  if (f.from) where.push(`created_at >= ${p.add(f.from)}`);
  if (f.to) where.push(`created_at < ${p.add(f.to)}`);
  if (after) where.push(`(created_at, message_id) < (${p.add(after[0])}::timestamptz, ${p.add(after[1])})`);
  const { rows } = await db.query<Row & { position: string }>(
    `SELECT ${FIELDS} FROM ${readModel('message_history')}.messages WHERE ${where.join(' AND ')} ORDER BY created_at DESC, message_id DESC LIMIT ${p.add(f.limit + 1)}`,
    p.values,
  );
  return pageOf(rows, f.limit, messageOf, (r) => encodeCursor('listMessageHistory', 'desc', [isoOf(r.created_at), r.message_id]));
};

export const MessagesSinceInputSchema = z
  .object({ guildId: GuildIdSchema, from: InstantInputSchema, to: InstantInputSchema.optional(), max: z.number().int().min(1).max(1_000_000).default(200_000) })
  .strict();

/**
 * Every stored message of a guild from `from` (to `to`), oldest first, at most `max`: what a
 * backtest replays. One query; the caller holds the rows (100,000 are a few tens of MB).
 */
export const messagesSince = async (db: Db, input: z.input<typeof MessagesSinceInputSchema>): Promise<StoredMessage[]> => {
  const f = parseQuery('messagesSince', MessagesSinceInputSchema, input);
  const { rows } = await db.query<Row>(
    `SELECT ${FIELDS} FROM ${readModel('message_history')}.messages
      WHERE guild_id = $1 AND created_at >= $2 AND ($3::timestamptz IS NULL OR created_at < $3)
      ORDER BY created_at, message_id LIMIT $4`,
    [f.guildId, f.from, f.to ?? null, f.max],
  );
  return rows.map(messageOf);
};

export type MessageCountRow = Readonly<{ day: string; channelId: string; messages: number }>;

/** Messages per UTC day and channel in a range (for analytics). */
export const countMessagesPerDay = async (
  db: Db,
  input: z.input<typeof MessagesSinceInputSchema>,
): Promise<MessageCountRow[]> => {
  const f = parseQuery('countMessagesPerDay', MessagesSinceInputSchema, input);
  const { rows } = await db.query<{ day: string; channel_id: string; n: string }>(
    `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, channel_id, count(*) AS n FROM ${readModel('message_history')}.messages
      WHERE guild_id = $1 AND created_at >= $2 AND ($3::timestamptz IS NULL OR created_at < $3)
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [f.guildId, f.from, f.to ?? null],
  );
  return rows.map((r) => ({ day: r.day, channelId: r.channel_id, messages: num(r.n) }));
};
