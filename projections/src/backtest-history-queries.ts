import type { JoinObservation, MessageObservation } from '@guildhall/automation';
import { z } from 'zod';
import { isoOf, readModel, type Db } from './db.js';
import { GuildIdSchema, InstantInputSchema, parseQuery } from './query-input.js';

export const BacktestHistoryInputSchema = z
  .object({ guildId: GuildIdSchema, from: InstantInputSchema, max: z.number().int().min(1).max(1_000_000).default(200_000) })
  .strict();

export type BacktestHistory = Readonly<{ messages: MessageObservation[]; joins: JoinObservation[]; truncated: boolean }>;

/**
 * What a backtest replays: the guild's stored messages since `from` (message_history, with each
 * author's roles as member_profiles knows them now, for exemptions) and its joins (member_profiles'
 * history), each oldest first. At most `max` messages; `truncated` says the range had more.
 */
export const backtestHistory = async (db: Db, input: z.input<typeof BacktestHistoryInputSchema>): Promise<BacktestHistory> => {
  const f = parseQuery('backtestHistory', BacktestHistoryInputSchema, input);
  const messages = await db.query<{
    message_id: string;
    channel_id: string;
    author_id: string;
    author_name: string;
    author_bot: boolean;
    roles: string[] | null;
    content: string | null;
    created_at: Date;
    mentioned_user_ids: string[];
    mentioned_role_ids: string[];
    mentions_everyone: boolean;
  }>(
    `SELECT m.message_id, m.channel_id, m.author_id, m.author_name, m.author_bot, p.roles, m.content, m.created_at,
            m.mentioned_user_ids, m.mentioned_role_ids, m.mentions_everyone
       FROM ${readModel('message_history')}.messages m
       LEFT JOIN ${readModel('member_profiles')}.members p ON p.guild_id = m.guild_id AND p.user_id = m.author_id
      WHERE m.guild_id = $1 AND m.created_at >= $2
      ORDER BY m.created_at, m.message_id LIMIT $3`,
    [f.guildId, f.from, f.max + 1],
  );
  const joins = await db.query<{ user_id: string; name: string | null; joined_at: Date; roles: string[] | null }>(
    `SELECT h.user_id, coalesce(p.global_name, p.username, h.user_id) AS name, h.occurred_at AS joined_at, p.roles
       FROM ${readModel('member_profiles')}.member_history h
       LEFT JOIN ${readModel('member_profiles')}.members p ON p.guild_id = h.guild_id AND p.user_id = h.user_id
      WHERE h.guild_id = $1 AND h.kind = 'joined' AND h.occurred_at >= $2
      ORDER BY h.occurred_at, h.position, h.idx`,
    [f.guildId, f.from],
  );
  const truncated = messages.rows.length > f.max;
  return {
    truncated,
    messages: messages.rows.slice(0, f.max).map((r) => ({
      kind: 'message',
      messageId: r.message_id,
      channelId: r.channel_id,
      authorId: r.author_id,
      authorName: r.author_name,
      authorBot: r.author_bot,
      authorRoleIds: r.roles ?? [],
      content: r.content,
      createdAt: isoOf(r.created_at),
      mentionedUserIds: r.mentioned_user_ids,
      mentionedRoleIds: r.mentioned_role_ids,
      mentionsEveryone: r.mentions_everyone,
    })),
    joins: joins.rows.map((r) => ({ kind: 'join', userId: r.user_id, userName: r.name ?? r.user_id, joinedAt: isoOf(r.joined_at), roleIds: r.roles ?? [] })),
  };
};
