import type { Projection } from '@guildhall/eventing';
import { linksIn, messageEvents, parseCommunityEvent, postedMessageEvents } from '@guildhall/community';
import type { EventEnvelope } from '@guildhall/kernel';
import type { PoolClient } from 'pg';
import { insertRows, type Column } from './sql.js';

/**
 * Read model `message_history`: one row per message the gateway saw posted (MessagePosted), with
 * its later edit and delete. `content` is personal data: null when not captured, and gone when
 * the author's key is shredded (the event's `content` field). Links are read from the content.
 */
export const MESSAGE_HISTORY_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.messages (
  guild_id text NOT NULL,
  message_id text NOT NULL,
  channel_id text NOT NULL,
  author_id text NOT NULL,
  author_name text NOT NULL,
  author_bot boolean NOT NULL,
  created_at timestamptz NOT NULL,
  content text,
  mentioned_user_ids text[] NOT NULL,
  mentioned_role_ids text[] NOT NULL,
  mentions_everyone boolean NOT NULL,
  attachment_count integer NOT NULL,
  embed_count integer NOT NULL,
  links text[] NOT NULL,
  reply_to_message_id text,
  edited_at timestamptz,
  deleted_at timestamptz,
  position bigint NOT NULL,
  PRIMARY KEY (guild_id, message_id)
);
CREATE INDEX messages_by_time ON ${s}.messages (guild_id, created_at, message_id);
CREATE INDEX messages_by_channel ON ${s}.messages (guild_id, channel_id, created_at);
CREATE INDEX messages_by_author ON ${s}.messages (guild_id, author_id, created_at);
`;

const COLUMNS: readonly Column[] = [
  ['guild_id', 'text'],
  ['message_id', 'text'],
  ['channel_id', 'text'],
  ['author_id', 'text'],
  ['author_name', 'text'],
  ['author_bot', 'boolean'],
  ['created_at', 'timestamptz'],
  ['content', 'text'],
  ['mentioned_user_ids', 'text[]'],
  ['mentioned_role_ids', 'text[]'],
  ['mentions_everyone', 'boolean'],
  ['attachment_count', 'integer'],
  ['embed_count', 'integer'],
  ['links', 'text[]'],
  ['reply_to_message_id', 'text'],
  ['position', 'bigint'],
];

const apply = async (events: readonly EventEnvelope[], client: PoolClient, schema: string): Promise<void> => {
  // Posts of a batch go in one statement; an edit or delete may follow its post in the same batch, so they run after it, in order.
  const posts: Record<string, unknown>[] = [];
  const later: (() => Promise<unknown>)[] = [];
  for (const e of events) {
    const event = parseCommunityEvent(e);
    if (!event) continue;
    switch (event.type) {
      case 'MessagePosted': {
        const d = event.data;
        posts.push({
          guild_id: e.guildId,
          message_id: d.messageId,
          channel_id: d.channelId,
          author_id: d.author.id,
          author_name: d.author.globalName ?? d.author.username,
          author_bot: d.author.bot,
          created_at: d.createdAt,
          content: d.content,
          mentioned_user_ids: d.mentionedUserIds,
          mentioned_role_ids: d.mentionedRoleIds,
          mentions_everyone: d.mentionsEveryone,
          attachment_count: d.attachmentCount,
          embed_count: d.embedCount,
          links: linksIn(d.content),
          reply_to_message_id: d.replyToMessageId,
          position: e.position,
        });
        break;
      }
      case 'MessageEdited': {
        const d = event.data;
        later.push(() =>
          client.query(`UPDATE ${schema}.messages SET content = $3, links = $4, edited_at = $5 WHERE guild_id = $1 AND message_id = $2`, [
            e.guildId,
            d.messageId,
            d.after,
            linksIn(d.after),
            d.editedAt,
          ]),
        );
        break;
      }
      case 'MessageDeleted': {
        const d = event.data;
        later.push(() => client.query(`UPDATE ${schema}.messages SET deleted_at = $3 WHERE guild_id = $1 AND message_id = $2`, [e.guildId, d.messageId, d.deletedAt]));
        break;
      }
      default:
        break;
    }
  }
  await insertRows(client, `${schema}.messages`, COLUMNS, posts, 'ON CONFLICT DO NOTHING');
  for (const run of later) await run();
};

export const messageHistoryProjection: Projection = {
  name: 'message_history',
  migrations: [MESSAGE_HISTORY_MIGRATION_V1],
  eventTypes: [...Object.keys(postedMessageEvents), ...Object.keys(messageEvents)],
  apply: (events, { client, schema }) => apply(events, client, schema),
};
