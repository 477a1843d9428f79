import { AuditLogEvent, GatewayDispatchEvents, type APIAuditLogChange, type APIRole } from 'discord-api-types/v10';
import { recordAudit } from './audit.js';
import { makeRole } from './builders.js';
import type { WorldContext } from './context.js';
import type { ActorAndReason } from './members.js';

export interface RoleFields {
  name?: string | undefined;
  permissions?: string | undefined;
  color?: number | undefined;
  hoist?: boolean | undefined;
  mentionable?: boolean | undefined;
  unicode_emoji?: string | null | undefined;
}

const diff = (before: APIRole, after: APIRole): APIAuditLogChange[] =>
  (['name', 'permissions', 'color', 'hoist', 'mentionable', 'position'] as const)
    .filter((k) => before[k] !== after[k])
    .map((k) => ({ key: k, old_value: before[k], new_value: after[k] }) as APIAuditLogChange);

export const createRole = (ctx: WorldContext, guildId: string, fields: RoleFields, by: ActorAndReason): APIRole => {
  const guild = ctx.world.guild(guildId);
  // New roles land just above @everyone; the rest shift up, as in Discord.
  for (const r of guild.roles.values()) if (r.position >= 1) r.position += 1;
  const role = makeRole(ctx.world.ids.next(), fields.name ?? 'new role', 1, BigInt(fields.permissions ?? '0'), {
    color: fields.color ?? 0,
    colors: { primary_color: fields.color ?? 0, secondary_color: null, tertiary_color: null },
    hoist: fields.hoist ?? false,
    mentionable: fields.mentionable ?? false,
    unicode_emoji: fields.unicode_emoji ?? null,
  });
  guild.roles.set(role.id, role);
  const changes = (['name', 'permissions', 'color', 'hoist', 'mentionable'] as const).map(
    (k) => ({ key: k, new_value: role[k] }) as APIAuditLogChange,
  );
  recordAudit(ctx, guildId, { actionType: AuditLogEvent.RoleCreate, actorId: by.actorId, targetId: role.id, reason: by.reason, changes });
  ctx.bus.emit(GatewayDispatchEvents.GuildRoleCreate, { guild_id: guildId, role }, guildId);
  return role;
};

export const updateRole = (ctx: WorldContext, guildId: string, roleId: string, fields: RoleFields & { position?: number | undefined }, by: ActorAndReason): APIRole => {
  const role = ctx.world.role(guildId, roleId);
  const before = { ...role };
  if (fields.name !== undefined) role.name = fields.name;
  if (fields.permissions !== undefined) role.permissions = BigInt(fields.permissions).toString();
  if (fields.color !== undefined) {
    role.color = fields.color;
    role.colors = { ...role.colors, primary_color: fields.color };
  }
  if (fields.hoist !== undefined) role.hoist = fields.hoist;
  if (fields.mentionable !== undefined) role.mentionable = fields.mentionable;
  if (fields.unicode_emoji !== undefined) role.unicode_emoji = fields.unicode_emoji;
  if (fields.position !== undefined) role.position = fields.position;
  const changes = diff(before, role);
  if (changes.length) recordAudit(ctx, guildId, { actionType: AuditLogEvent.RoleUpdate, actorId: by.actorId, targetId: role.id, reason: by.reason, changes });
  ctx.bus.emit(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: guildId, role }, guildId);
  return role;
};

export const deleteRole = (ctx: WorldContext, guildId: string, roleId: string, by: ActorAndReason): void => {
  const guild = ctx.world.guild(guildId);
  const role = ctx.world.role(guildId, roleId);
  guild.roles.delete(roleId);
  for (const r of guild.roles.values()) if (r.position > role.position) r.position -= 1;
  // Discord drops the role from members without a GUILD_MEMBER_UPDATE per member.
  for (const m of guild.members.values()) m.roles = m.roles.filter((r) => r !== roleId);
  recordAudit(ctx, guildId, {
    actionType: AuditLogEvent.RoleDelete,
    actorId: by.actorId,
    targetId: roleId,
    reason: by.reason,
    changes: [{ key: 'name', old_value: role.name } as APIAuditLogChange],
  });
  ctx.bus.emit(GatewayDispatchEvents.GuildRoleDelete, { guild_id: guildId, role_id: roleId }, guildId);
};
