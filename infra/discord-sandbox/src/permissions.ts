import { OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import { Errors } from './errors.js';
import type { ChannelRecord, WorldState } from './world/state.js';

export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((acc, p) => acc | p, 0n);

/** What a timed-out member keeps (Discord strips everything else while the timeout runs). */
const TIMED_OUT_ALLOWED = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;

const isTimedOut = (until: string | null | undefined, now: number): boolean =>
  !!until && Date.parse(until) > now;

/** Guild-level permissions of a member, as Discord computes them (owner and admin get all). */
export const guildPermissions = (world: WorldState, guildId: string, userId: string): bigint => {
  const guild = world.guild(guildId);
  if (guild.base.owner_id === userId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  if (!member) return 0n;
  let perms = BigInt(world.everyoneRole(guildId).permissions);
  for (const roleId of member.roles) {
    const role = guild.roles.get(roleId);
    if (role) perms |= BigInt(role.permissions);
  }
  if (perms & PermissionFlagsBits.Administrator) return ALL_PERMISSIONS;
  if (isTimedOut(member.communication_disabled_until, world.now())) perms &= TIMED_OUT_ALLOWED;
  return perms;
};

/** Channel permissions: guild permissions, then @everyone, role and member overwrites. */
export const channelPermissions = (world: WorldState, channel: ChannelRecord, userId: string): bigint => {
  const guildId = world.guildIdOf(channel);
  if (guildId === null) {
    // DMs: participants can talk and read; nothing else applies.
    return PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ReadMessageHistory |
      PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.AttachFiles | PermissionFlagsBits.AddReactions;
  }
  let perms = guildPermissions(world, guildId, userId);
  if (perms & PermissionFlagsBits.Administrator) return ALL_PERMISSIONS;
  const overwrites = 'permission_overwrites' in channel ? (channel.permission_overwrites ?? []) : [];
  const member = world.guild(guildId).members.get(userId);
  const apply = (allow: string, deny: string) => {
    perms &= ~BigInt(deny);
    perms |= BigInt(allow);
  };
  const everyone = overwrites.find((o) => o.id === guildId);
  if (everyone) apply(everyone.allow, everyone.deny);
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === OverwriteType.Role && o.id !== guildId && member?.roles.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  perms &= ~deny;
  perms |= allow;
  const own = overwrites.find((o) => o.type === OverwriteType.Member && o.id === userId);
  if (own) apply(own.allow, own.deny);
  if (member && isTimedOut(member.communication_disabled_until, world.now())) perms &= TIMED_OUT_ALLOWED;
  return perms;
};

/** Position of a member's highest role (0 for @everyone only); the owner ranks above all. */
export const highestRolePosition = (world: WorldState, guildId: string, userId: string): number => {
  const guild = world.guild(guildId);
  if (guild.base.owner_id === userId) return Number.POSITIVE_INFINITY;
  const member = guild.members.get(userId);
  if (!member) return 0;
  return member.roles.reduce((max, id) => Math.max(max, guild.roles.get(id)?.position ?? 0), 0);
};

export const hasPermission = (perms: bigint, flag: bigint): boolean =>
  (perms & PermissionFlagsBits.Administrator) !== 0n || (perms & flag) === flag;

export const requireGuildPermission = (world: WorldState, guildId: string, userId: string, flag: bigint): void => {
  if (!world.guild(guildId).members.has(userId)) throw Errors.missingAccess();
  if (!hasPermission(guildPermissions(world, guildId, userId), flag)) throw Errors.missingPermissions();
};

/** Viewing a channel is required to do anything in it: Discord answers 50001 otherwise. */
export const requireChannelPermission = (world: WorldState, channel: ChannelRecord, userId: string, flag: bigint): void => {
  const guildId = world.guildIdOf(channel);
  if (guildId === null) {
    const recipient = 'recipients' in channel && (channel.recipients ?? []).some((u) => u.id === userId);
    if (!recipient && !world.isBot(userId)) throw Errors.missingAccess();
    return;
  }
  if (!world.guild(guildId).members.has(userId)) throw Errors.missingAccess();
  const perms = channelPermissions(world, channel, userId);
  if (!hasPermission(perms, PermissionFlagsBits.ViewChannel)) throw Errors.missingAccess();
  if (!hasPermission(perms, flag)) throw Errors.missingPermissions();
};

/**
 * Role hierarchy for acting on another member (kick, ban, timeout, nick): the actor's highest
 * role must sit above the target's, and nobody acts on the owner.
 */
export const requireAbove = (world: WorldState, guildId: string, actorId: string, targetId: string): void => {
  const guild = world.guild(guildId);
  if (targetId === guild.base.owner_id && actorId !== targetId) throw Errors.missingPermissions();
  if (actorId === guild.base.owner_id) return;
  if (!guild.members.has(targetId)) return;
  if (highestRolePosition(world, guildId, actorId) <= highestRolePosition(world, guildId, targetId)) {
    throw Errors.missingPermissions();
  }
};

/** Managing a role needs MANAGE_ROLES and the role strictly below the actor's highest. */
export const requireCanManageRole = (world: WorldState, guildId: string, actorId: string, roleId: string): void => {
  requireGuildPermission(world, guildId, actorId, PermissionFlagsBits.ManageRoles);
  const role = world.role(guildId, roleId);
  if (world.guild(guildId).base.owner_id === actorId) return;
  if (role.position >= highestRolePosition(world, guildId, actorId)) throw Errors.missingPermissions();
};

/** A member's permission string as Discord sends it in interactions and /users/@me/guilds. */
export const permissionString = (perms: bigint): string => perms.toString();
