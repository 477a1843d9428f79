import {
  AuditLogEvent,
  ChannelType,
  GatewayDispatchEvents,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIMessageReference,
  type APIMessageTopLevelComponent,
  type APIUser,
  type GatewayMessageCreateDispatchData,
} from 'discord-api-types/v10';
import { guildPermissions, hasPermission } from '../permissions.js';
import { recordAudit } from './audit.js';
import { makeMessage } from './builders.js';
import type { WorldContext } from './context.js';
import { MAX_MESSAGES_PER_CHANNEL } from './state.js';

/** Discord keeps enforce_nonce uniqueness for a few minutes. */
const NONCE_WINDOW_MS = 5 * 60_000;

export interface NewMessage {
  channelId: string;
  authorId: string;
  content?: string | undefined;
  embeds?: APIEmbed[] | undefined;
  tts?: boolean | undefined;
  nonce?: string | number | undefined;
  enforceNonce?: boolean | undefined;
  flags?: number | undefined;
  attachments?: APIAttachment[] | undefined;
  components?: APIMessageTopLevelComponent[] | undefined;
  messageReference?: { message_id?: string | undefined; channel_id?: string | undefined; type?: number | undefined; fail_if_not_exists?: boolean | undefined } | undefined;
  type?: MessageType | undefined;
  /** Extra fields for interaction responses and webhooks. */
  extra?: Partial<APIMessage> | undefined;
  /** Ephemeral interaction replies are stored but never reach the channel or the gateway. */
  ephemeral?: boolean | undefined;
}

export interface CreatedMessage {
  message: APIMessage;
  /** True when enforce_nonce matched an earlier message and nothing new was created. */
  deduplicated: boolean;
}

const USER_MENTION = /<@!?(\d{15,21})>/g;
const ROLE_MENTION = /<@&(\d{15,21})>/g;

/** The gateway form of a message: guild_id, the author's member and mentions with members. */
export const messageDispatchData = (ctx: WorldContext, message: APIMessage): GatewayMessageCreateDispatchData => {
  const channel = ctx.world.channels.get(message.channel_id);
  const guildId = channel ? ctx.world.guildIdOf(channel) : null;
  if (!guildId) return { ...message, mentions: message.mentions };
  const guild = ctx.world.guild(guildId);
  const member = guild.members.get(message.author.id);
  const memberNoUser = member ? (({ userId, ...rest }) => (void userId, rest))(member) : undefined;
  return {
    ...message,
    guild_id: guildId,
    ...(memberNoUser && !message.webhook_id ? { member: memberNoUser } : {}),
    mentions: message.mentions.map((u) => {
      const m = guild.members.get(u.id);
      return m ? { ...u, member: (({ userId, ...rest }) => (void userId, rest))(m) } : u;
    }),
  };
};

const parseMentions = (ctx: WorldContext, guildId: string | null, authorId: string, content: string) => {
  const users: APIUser[] = [];
  for (const [, uid] of content.matchAll(USER_MENTION)) {
    const u = uid ? ctx.world.users.get(uid) : undefined;
    if (u && !users.some((x) => x.id === u.id)) users.push(u);
  }
  const roles = guildId ? [...content.matchAll(ROLE_MENTION)].map(([, rid]) => rid ?? '').filter((rid) => ctx.world.guild(guildId).roles.has(rid)) : [];
  const everyone = /@(everyone|here)\b/.test(content) && guildId !== null &&
    hasPermission(guildPermissions(ctx.world, guildId, authorId), PermissionFlagsBits.MentionEveryone);
  return { users, roles: [...new Set(roles)], everyone };
};

export const createMessage = (ctx: WorldContext, input: NewMessage): CreatedMessage => {
  const { world } = ctx;
  const channel = world.channel(input.channelId);
  const guildId = world.guildIdOf(channel);
  const store = world.channelMessages(channel.id);
  if (input.enforceNonce && input.nonce !== undefined) {
    const nonce = String(input.nonce);
    for (const stored of [...store.values()].reverse()) {
      if (Date.parse(stored.message.timestamp) < world.now() - NONCE_WINDOW_MS) break;
      if (stored.enforcedNonce === nonce && stored.message.author.id === input.authorId) {
        return { message: stored.message, deduplicated: true };
      }
    }
  }
  const content = input.content ?? '';
  const mentions = parseMentions(ctx, guildId, input.authorId, content);
  const message: APIMessage = {
    ...makeMessage({
      id: world.ids.next(),
      channelId: channel.id,
      author: world.user(input.authorId),
      content,
      timestamp: world.nowIso(),
      embeds: (input.embeds ?? []).map((e) => ({ type: 'rich' as APIEmbed['type'], ...e })),
      tts: input.tts ?? false,
      flags: input.flags ?? 0,
      type: input.type ?? (input.messageReference ? MessageType.Reply : MessageType.Default),
      mentions: mentions.users,
      mentionRoles: mentions.roles,
      mentionEveryone: mentions.everyone,
      ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
    }),
    attachments: input.attachments ?? [],
    components: input.components ?? [],
    ...(input.messageReference ? {
          message_reference: {
            type: 0,
            ...(input.messageReference.message_id ? { message_id: input.messageReference.message_id } : {}),
            channel_id: channel.id,
            ...(guildId ? { guild_id: guildId } : {}),
          } as APIMessageReference,
        } : {}),
    ...input.extra,
  };
  if (input.messageReference?.message_id) {
    message.referenced_message = store.get(input.messageReference.message_id)?.message ?? null;
  }
  if (input.ephemeral) {
    message.flags = (message.flags ?? 0) | MessageFlags.Ephemeral;
    return { message, deduplicated: false };
  }
  store.set(message.id, { message, ...(input.enforceNonce && input.nonce !== undefined ? { enforcedNonce: String(input.nonce) } : {}) });
  if (store.size > MAX_MESSAGES_PER_CHANNEL) {
    const oldest = store.keys().next().value;
    if (oldest !== undefined) store.delete(oldest);
  }
  if ('last_message_id' in channel) channel.last_message_id = message.id;
  ctx.bus.emit(GatewayDispatchEvents.MessageCreate, messageDispatchData(ctx, message), guildId);
  return { message, deduplicated: false };
};

export interface MessageEdit {
  content?: string | null | undefined;
  embeds?: APIEmbed[] | null | undefined;
  flags?: number | null | undefined;
  components?: APIMessageTopLevelComponent[] | null | undefined;
  attachments?: APIAttachment[] | undefined;
}

export const editMessage = (ctx: WorldContext, channelId: string, messageId: string, edit: MessageEdit): APIMessage => {
  const { world } = ctx;
  const channel = world.channel(channelId);
  const message = world.message(channelId, messageId);
  const guildId = world.guildIdOf(channel);
  if (edit.content !== undefined) {
    message.content = edit.content ?? '';
    const mentions = parseMentions(ctx, guildId, message.author.id, message.content);
    message.mentions = mentions.users;
    message.mention_roles = mentions.roles;
    message.mention_everyone = mentions.everyone;
  }
  if (edit.embeds !== undefined) message.embeds = (edit.embeds ?? []).map((e) => ({ type: 'rich' as APIEmbed['type'], ...e }));
  if (edit.flags !== undefined && edit.flags !== null) {
    // Only SUPPRESS_EMBEDS may be toggled on edit.
    message.flags = ((message.flags ?? 0) & ~MessageFlags.SuppressEmbeds) | (edit.flags & MessageFlags.SuppressEmbeds);
  }
  if (edit.components !== undefined) message.components = edit.components ?? [];
  if (edit.attachments !== undefined) message.attachments = edit.attachments;
  message.edited_timestamp = world.nowIso();
  ctx.bus.emit(GatewayDispatchEvents.MessageUpdate, messageDispatchData(ctx, message), guildId);
  return message;
};

/** Deletes one message; a moderator deleting someone else's message leaves an audit entry. */
export const deleteMessage = (ctx: WorldContext, channelId: string, messageId: string, actorId: string, reason?: string | null): void => {
  const { world } = ctx;
  const channel = world.channel(channelId);
  const message = world.message(channelId, messageId);
  const guildId = world.guildIdOf(channel);
  world.channelMessages(channelId).delete(messageId);
  ctx.bus.emit(GatewayDispatchEvents.MessageDelete, { id: messageId, channel_id: channelId, ...(guildId ? { guild_id: guildId } : {}) }, guildId);
  if (guildId && message.author.id !== actorId) {
    recordAudit(ctx, guildId, {
      actionType: AuditLogEvent.MessageDelete,
      actorId,
      targetId: message.author.id,
      reason,
      options: { channel_id: channelId, count: '1' },
    });
  }
};

export const bulkDeleteMessages = (ctx: WorldContext, channelId: string, ids: string[], actorId: string | null, reason?: string | null): string[] => {
  const { world } = ctx;
  const channel = world.channel(channelId);
  const guildId = world.guildIdOf(channel);
  const store = world.channelMessages(channelId);
  const deleted = ids.filter((id) => store.delete(id));
  if (deleted.length === 0) return deleted;
  ctx.bus.emit(GatewayDispatchEvents.MessageDeleteBulk, { ids: deleted, channel_id: channelId, ...(guildId ? { guild_id: guildId } : {}) }, guildId);
  if (guildId && actorId) {
    recordAudit(ctx, guildId, {
      actionType: AuditLogEvent.MessageBulkDelete,
      actorId,
      targetId: channelId,
      reason,
      options: { count: String(deleted.length) },
    });
  }
  return deleted;
};

/** Messages by `userId` newer than `sinceMs`, per guild text channel (for ban purges). */
export const recentMessagesBy = (ctx: WorldContext, guildId: string, userId: string, sinceMs: number): Map<string, string[]> => {
  const out = new Map<string, string[]>();
  for (const channel of ctx.world.guildChannels(guildId)) {
    if (channel.type === ChannelType.GuildCategory) continue;
    const ids = [...ctx.world.channelMessages(channel.id).values()]
      .filter((s) => s.message.author.id === userId && Date.parse(s.message.timestamp) >= sinceMs)
      .map((s) => s.message.id);
    if (ids.length) out.set(channel.id, ids);
  }
  return out;
};
