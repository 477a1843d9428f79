import type { Message, PartialMessage } from 'discord.js';
import { makeFact, sessionKey, type DispatchHandler, type IngestContext } from './fact-builder.js';
import { MessageCreateSchema, MessageDeleteBulkSchema, MessageDeleteSchema, MessageUpdateSchema } from './gateway-payloads.js';
import { instant, snowflakeInstant, userFromApi } from './map-api.js';
import { userFromCache } from './map-cache.js';

/** The message as discord.js cached it before this dispatch is applied. */
const cachedMessage = (ctx: IngestContext, channelId: string, messageId: string): Message | PartialMessage | undefined => {
  const channel = ctx.client.channels.cache.get(channelId);
  return channel && 'messages' in channel ? channel.messages.cache.get(messageId) : undefined;
};

const cachedAuthor = (m: Message | PartialMessage | undefined) => (m?.author ? userFromCache(m.author) : null);

const knownContent = (m: Message | PartialMessage | undefined): string | null =>
  m && !m.partial && typeof m.content === 'string' ? m.content : null;

/** DMs have no guild: they are not guild facts. */
export const onMessageCreate: DispatchHandler = (ctx, d, meta) => {
  const p = MessageCreateSchema.parse(d);
  if (!p.guild_id) return null;
  const allowed = ctx.contentAllowed(p.guild_id);
  const payload = {
    messageId: p.id,
    channelId: p.channel_id,
    author: userFromApi(p.author),
    content: allowed ? (p.content ?? null) : null,
    contentIncluded: allowed,
    createdAt: instant(p.timestamp) ?? snowflakeInstant(p.id),
    attachmentCount: p.attachments?.length ?? 0,
    embedCount: p.embeds?.length ?? 0,
    mentionedUserIds: (p.mentions ?? []).map((u) => u.id),
    mentionedRoleIds: p.mention_roles ?? [],
    mentionsEveryone: p.mention_everyone ?? false,
    replyToMessageId: p.message_reference?.message_id ?? null,
    messageType: p.type ?? 0,
    webhookId: p.webhook_id ?? null,
  };
  return { guildId: p.guild_id, facts: [makeFact('message-created', p.guild_id, [p.id], payload, meta, payload.createdAt)] };
};

/**
 * An edit carries the content before (cached) and after. Keyed by the edit's timestamp; updates
 * without one (embeds unfurling) by the gateway sequence.
 */
export const onMessageUpdate: DispatchHandler = (ctx, d, meta) => {
  const p = MessageUpdateSchema.parse(d);
  if (!p.guild_id) return null;
  const allowed = ctx.contentAllowed(p.guild_id);
  const cached = cachedMessage(ctx, p.channel_id, p.id);
  const beforeContent = knownContent(cached);
  const editedAt = instant(p.edited_timestamp);
  const payload = {
    messageId: p.id,
    channelId: p.channel_id,
    author: p.author ? userFromApi(p.author) : cachedAuthor(cached),
    before: allowed && cached && !cached.partial ? { content: beforeContent } : null,
    after: { content: allowed ? (p.content ?? null) : null },
    contentIncluded: allowed,
    editedAt,
  };
  const key = editedAt ? [p.id, editedAt] : [p.id, ...sessionKey(meta)];
  return { guildId: p.guild_id, facts: [makeFact('message-updated', p.guild_id, key, payload, meta, editedAt ?? meta.observedAt)] };
};

export const onMessageDelete: DispatchHandler = (ctx, d, meta) => {
  const p = MessageDeleteSchema.parse(d);
  if (!p.guild_id) return null;
  const allowed = ctx.contentAllowed(p.guild_id);
  const cached = cachedMessage(ctx, p.channel_id, p.id);
  const payload = {
    messageId: p.id,
    channelId: p.channel_id,
    author: cachedAuthor(cached),
    lastKnownContent: allowed ? knownContent(cached) : null,
    createdAt: snowflakeInstant(p.id),
    contentIncluded: allowed,
  };
  return { guildId: p.guild_id, facts: [makeFact('message-deleted', p.guild_id, [p.id], payload, meta)] };
};

export const onMessageDeleteBulk: DispatchHandler = (ctx, d, meta) => {
  const p = MessageDeleteBulkSchema.parse(d);
  if (!p.guild_id) return null;
  const allowed = ctx.contentAllowed(p.guild_id);
  const messages = p.ids.map((id) => {
    const cached = cachedMessage(ctx, p.channel_id, id);
    return {
      messageId: id,
      author: cachedAuthor(cached),
      lastKnownContent: allowed ? knownContent(cached) : null,
      createdAt: snowflakeInstant(id),
    };
  });
  const key = [p.channel_id, ...[...p.ids].sort()];
  return {
    guildId: p.guild_id,
    facts: [makeFact('messages-bulk-deleted', p.guild_id, key, { channelId: p.channel_id, messages, contentIncluded: allowed }, meta)],
  };
};
