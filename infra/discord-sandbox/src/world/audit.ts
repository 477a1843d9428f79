import { GatewayDispatchEvents, type APIAuditLogChange, type APIAuditLogEntry, type APIAuditLogOptions, type AuditLogEvent } from 'discord-api-types/v10';
import type { WorldContext } from './context.js';

const MAX_AUDIT_ENTRIES = 5000;

export interface AuditInput {
  actionType: AuditLogEvent;
  actorId: string;
  targetId: string | null;
  reason?: string | null | undefined;
  changes?: APIAuditLogChange[];
  options?: APIAuditLogOptions;
}

/** Appends an audit-log entry and dispatches GUILD_AUDIT_LOG_ENTRY_CREATE, as Discord does. */
export const recordAudit = (ctx: WorldContext, guildId: string, input: AuditInput): APIAuditLogEntry => {
  const guild = ctx.world.guild(guildId);
  const entry: APIAuditLogEntry = {
    id: ctx.world.ids.next(),
    action_type: input.actionType,
    user_id: input.actorId,
    target_id: input.targetId,
    changes: input.changes ?? [],
    ...(input.options ? { options: input.options } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
  };
  guild.auditLog.push(entry);
  if (guild.auditLog.length > MAX_AUDIT_ENTRIES) guild.auditLog.splice(0, guild.auditLog.length - MAX_AUDIT_ENTRIES);
  ctx.bus.emit(GatewayDispatchEvents.GuildAuditLogEntryCreate, { ...entry, guild_id: guildId }, guildId);
  return entry;
};
