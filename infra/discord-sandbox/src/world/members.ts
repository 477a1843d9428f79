import {
  ActivityType,
  AuditLogEvent,
  GatewayDispatchEvents,
  MessageType,
  PresenceUpdateStatus,
  type APIAuditLogChange,
  type APIGuildMember,
  type APIUser,
  type GatewayActivity,
  type GuildMemberFlags,
  type PresenceUpdateReceiveStatus,
} from 'discord-api-types/v10';
import { Errors } from '../errors.js';
import { recordAudit } from './audit.js';
import { makeUser } from './builders.js';
import type { WorldContext } from './context.js';
import { bulkDeleteMessages, createMessage, recentMessagesBy } from './messages.js';
import type { MemberRecord } from './state.js';

export interface ActorAndReason {
  actorId: string;
  reason?: string | null | undefined;
}

export const memberUpdateData = (ctx: WorldContext, guildId: string, m: MemberRecord) => ({
  ...ctx.world.memberObject(m),
  guild_id: guildId,
});

/** Creates a brand-new user (a joining stranger, in the simulator or a test). */
export const createUser = (ctx: WorldContext, username: string, globalName: string | null = null, bot = false): APIUser => {
  const user = makeUser(ctx.world.ids.next(), username, globalName, bot);
  ctx.world.users.set(user.id, user);
  return user;
};

export const addMember = (ctx: WorldContext, guildId: string, userId: string): APIGuildMember => {
  const { world } = ctx;
  const guild = world.guild(guildId);
  world.user(userId);
  if (guild.bans.has(userId)) throw Errors.missingPermissions();
  const existing = guild.members.get(userId);
  if (existing) return world.memberObject(existing);
  const record: MemberRecord = {
    userId,
    nick: null,
    avatar: null,
    banner: null,
    roles: [],
    joined_at: world.nowIso(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
  guild.members.set(userId, record);
  ctx.bus.emit(GatewayDispatchEvents.GuildMemberAdd, memberUpdateData(ctx, guildId, record), guildId);
  // Discord posts a join message in the system channel unless the guild turned it off.
  const systemChannel = guild.base.system_channel_id;
  if (systemChannel && (guild.base.system_channel_flags & 1) === 0 && world.channels.has(systemChannel)) {
    createMessage(ctx, { channelId: systemChannel, authorId: userId, content: '', type: MessageType.UserJoin });
  }
  return world.memberObject(record);
};

/** A member leaving or being kicked (kick = an actor is given: audited). */
export const removeMember = (ctx: WorldContext, guildId: string, userId: string, kick?: ActorAndReason): void => {
  const { world } = ctx;
  const guild = world.guild(guildId);
  world.member(guildId, userId);
  guild.members.delete(userId);
  guild.presences.delete(userId);
  guild.voiceStates.delete(userId);
  if (kick) recordAudit(ctx, guildId, { actionType: AuditLogEvent.MemberKick, actorId: kick.actorId, targetId: userId, reason: kick.reason });
  ctx.bus.emit(GatewayDispatchEvents.GuildMemberRemove, { guild_id: guildId, user: world.user(userId) }, guildId);
};

export interface MemberPatch {
  nick?: string | null | undefined;
  roles?: string[] | undefined;
  communication_disabled_until?: string | null | undefined;
  mute?: boolean | undefined;
  deaf?: boolean | undefined;
  flags?: number | undefined;
}

/** Applies a member patch, dispatches GUILD_MEMBER_UPDATE and audits as Discord does (24 / 25). */
export const updateMember = (ctx: WorldContext, guildId: string, userId: string, patch: MemberPatch, by: ActorAndReason): APIGuildMember => {
  const { world } = ctx;
  const guild = world.guild(guildId);
  const m = world.member(guildId, userId);
  const changes: APIAuditLogChange[] = [];
  if (patch.nick !== undefined && (patch.nick || null) !== (m.nick ?? null)) {
    changes.push({ key: 'nick', old_value: m.nick ?? undefined, new_value: patch.nick || undefined } as APIAuditLogChange);
    m.nick = patch.nick || null;
  }
  if (patch.communication_disabled_until !== undefined && patch.communication_disabled_until !== (m.communication_disabled_until ?? null)) {
    changes.push({
      key: 'communication_disabled_until',
      old_value: m.communication_disabled_until ?? undefined,
      new_value: patch.communication_disabled_until ?? undefined,
    } as APIAuditLogChange);
    m.communication_disabled_until = patch.communication_disabled_until;
  }
  for (const key of ['mute', 'deaf'] as const) {
    const v = patch[key];
    if (v !== undefined && v !== m[key]) {
      changes.push({ key, old_value: m[key], new_value: v } as APIAuditLogChange);
      m[key] = v;
    }
  }
  if (patch.flags !== undefined) m.flags = patch.flags;
  let added: string[] = [];
  let removed: string[] = [];
  if (patch.roles !== undefined) {
    const next = [...new Set(patch.roles)].filter((r) => r !== guildId);
    added = next.filter((r) => !m.roles.includes(r));
    removed = m.roles.filter((r) => !next.includes(r));
    m.roles = next;
  }
  if (changes.length) recordAudit(ctx, guildId, { actionType: AuditLogEvent.MemberUpdate, actorId: by.actorId, targetId: userId, reason: by.reason, changes });
  if (added.length || removed.length) {
    const named = (ids: string[]) => ids.map((id) => ({ id, name: guild.roles.get(id)?.name ?? '' }));
    const roleChanges: APIAuditLogChange[] = [];
    if (added.length) roleChanges.push({ key: '$add', new_value: named(added) });
    if (removed.length) roleChanges.push({ key: '$remove', new_value: named(removed) });
    recordAudit(ctx, guildId, { actionType: AuditLogEvent.MemberRoleUpdate, actorId: by.actorId, targetId: userId, reason: by.reason, changes: roleChanges });
  }
  ctx.bus.emit(GatewayDispatchEvents.GuildMemberUpdate, memberUpdateData(ctx, guildId, m), guildId);
  return world.memberObject(m);
};

export interface BanInput extends ActorAndReason {
  deleteMessageSeconds?: number | undefined;
}

export const banUser = (ctx: WorldContext, guildId: string, userId: string, input: BanInput): void => {
  const { world } = ctx;
  const guild = world.guild(guildId);
  const user = world.user(userId);
  if (guild.bans.has(userId)) return;
  guild.bans.set(userId, { userId, reason: input.reason ?? null });
  recordAudit(ctx, guildId, { actionType: AuditLogEvent.MemberBanAdd, actorId: input.actorId, targetId: userId, reason: input.reason });
  ctx.bus.emit(GatewayDispatchEvents.GuildBanAdd, { guild_id: guildId, user }, guildId);
  if (guild.members.has(userId)) removeMember(ctx, guildId, userId);
  if (input.deleteMessageSeconds && input.deleteMessageSeconds > 0) {
    const since = world.now() - input.deleteMessageSeconds * 1000;
    for (const [channelId, ids] of recentMessagesBy(ctx, guildId, userId, since)) bulkDeleteMessages(ctx, channelId, ids, null);
  }
};

export const unbanUser = (ctx: WorldContext, guildId: string, userId: string, by: ActorAndReason): void => {
  const guild = ctx.world.guild(guildId);
  if (!guild.bans.delete(userId)) throw Errors.unknownBan();
  recordAudit(ctx, guildId, { actionType: AuditLogEvent.MemberBanRemove, actorId: by.actorId, targetId: userId, reason: by.reason });
  ctx.bus.emit(GatewayDispatchEvents.GuildBanRemove, { guild_id: guildId, user: ctx.world.user(userId) }, guildId);
};

export const presenceData = (guildId: string, userId: string, status: PresenceUpdateReceiveStatus, activities: GatewayActivity[]) => ({
  user: { id: userId },
  guild_id: guildId,
  status,
  activities,
  client_status: status === PresenceUpdateStatus.Offline ? {} : { desktop: status },
});

export interface ActivityInput {
  name: string;
  type: ActivityType;
  state?: string | undefined;
}

export const setPresence = (
  ctx: WorldContext,
  guildId: string,
  userId: string,
  status: PresenceUpdateReceiveStatus,
  input: ActivityInput[] = [],
): void => {
  const guild = ctx.world.guild(guildId);
  const activities: GatewayActivity[] = input.map((a, i) => ({
    id: i === 0 ? 'ec0b28a579ecb4bd' : `activity-${i}`,
    name: a.name,
    type: a.type,
    created_at: ctx.world.now(),
    ...(a.state ? { state: a.state } : {}),
  }));
  ctx.world.member(guildId, userId);
  if (status === PresenceUpdateStatus.Offline) guild.presences.delete(userId);
  else guild.presences.set(userId, { status, activities });
  ctx.bus.emit(GatewayDispatchEvents.PresenceUpdate, presenceData(guildId, userId, status, activities), guildId);
};
