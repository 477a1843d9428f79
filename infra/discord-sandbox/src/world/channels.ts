import { AuditLogEvent, ChannelType, GatewayDispatchEvents, type APIAuditLogChange, type APIOverwrite } from 'discord-api-types/v10';
import { recordAudit } from './audit.js';
import { makeCategory, makeTextChannel, makeVoiceChannel } from './builders.js';
import type { WorldContext } from './context.js';
import type { ActorAndReason } from './members.js';
import type { GuildChannel } from './state.js';

export interface ChannelFields {
  name?: string | undefined;
  type?: ChannelType.GuildText | ChannelType.GuildVoice | ChannelType.GuildCategory | ChannelType.GuildAnnouncement | undefined;
  topic?: string | null | undefined;
  position?: number | undefined;
  parent_id?: string | null | undefined;
  nsfw?: boolean | undefined;
  rate_limit_per_user?: number | undefined;
  permission_overwrites?: APIOverwrite[] | undefined;
}

const TRACKED = ['name', 'topic', 'position', 'parent_id', 'nsfw', 'rate_limit_per_user'] as const;

export const createChannel = (ctx: WorldContext, guildId: string, fields: ChannelFields, by: ActorAndReason): GuildChannel => {
  const guild = ctx.world.guild(guildId);
  const id = ctx.world.ids.next();
  const name = fields.name ?? 'new-channel';
  const position = fields.position ?? guild.channelIds.length;
  const parent = fields.parent_id ?? null;
  const overwrites = fields.permission_overwrites ?? [];
  let channel: GuildChannel;
  switch (fields.type ?? ChannelType.GuildText) {
    case ChannelType.GuildCategory:
      channel = makeCategory(id, guildId, name, position, overwrites);
      break;
    case ChannelType.GuildVoice:
      channel = makeVoiceChannel(id, guildId, name, position, parent);
      channel.permission_overwrites = overwrites;
      break;
    case ChannelType.GuildAnnouncement:
      channel = makeTextChannel(id, guildId, name, position, parent, overwrites, ChannelType.GuildAnnouncement, fields.topic ?? null);
      break;
    default:
      channel = makeTextChannel(id, guildId, name, position, parent, overwrites, ChannelType.GuildText, fields.topic ?? null);
  }
  if ('nsfw' in channel && fields.nsfw !== undefined) channel.nsfw = fields.nsfw;
  if ('rate_limit_per_user' in channel && fields.rate_limit_per_user !== undefined) channel.rate_limit_per_user = fields.rate_limit_per_user;
  ctx.world.channels.set(id, channel);
  guild.channelIds.push(id);
  const changes = [
    { key: 'name', new_value: channel.name },
    { key: 'type', new_value: channel.type },
  ] as APIAuditLogChange[];
  recordAudit(ctx, guildId, { actionType: AuditLogEvent.ChannelCreate, actorId: by.actorId, targetId: id, reason: by.reason, changes });
  ctx.bus.emit(GatewayDispatchEvents.ChannelCreate, channel, guildId);
  return channel;
};

export const updateChannel = (ctx: WorldContext, guildId: string, channelId: string, fields: ChannelFields, by: ActorAndReason): GuildChannel => {
  const channel = ctx.world.guildChannel(guildId, channelId);
  const before: Record<string, unknown> = { ...channel };
  const target = channel as unknown as Record<string, unknown>;
  for (const key of TRACKED) {
    const value = fields[key];
    if (value !== undefined && (key in channel || key === 'topic' || key === 'parent_id')) target[key] = value;
  }
  if (fields.permission_overwrites !== undefined) channel.permission_overwrites = fields.permission_overwrites;
  const changes = TRACKED.filter((k) => before[k] !== target[k]).map((k) => ({ key: k, old_value: before[k], new_value: target[k] }) as APIAuditLogChange);
  if (changes.length) recordAudit(ctx, guildId, { actionType: AuditLogEvent.ChannelUpdate, actorId: by.actorId, targetId: channelId, reason: by.reason, changes });
  ctx.bus.emit(GatewayDispatchEvents.ChannelUpdate, channel, guildId);
  return channel;
};

export const deleteChannel = (ctx: WorldContext, guildId: string, channelId: string, by: ActorAndReason): GuildChannel => {
  const guild = ctx.world.guild(guildId);
  const channel = ctx.world.guildChannel(guildId, channelId);
  ctx.world.channels.delete(channelId);
  ctx.world.messages.delete(channelId);
  guild.channelIds = guild.channelIds.filter((id) => id !== channelId);
  recordAudit(ctx, guildId, {
    actionType: AuditLogEvent.ChannelDelete,
    actorId: by.actorId,
    targetId: channelId,
    reason: by.reason,
    changes: [{ key: 'name', old_value: channel.name } as APIAuditLogChange],
  });
  ctx.bus.emit(GatewayDispatchEvents.ChannelDelete, channel, guildId);
  return channel;
};
