import { AuditLogEvent } from 'discord.js';
import type { z } from 'zod';
import type { DiscordFact, FactUser } from '../facts/index.js';
import { makeFact, sessionKey, type DispatchHandler, type FactMeta, type IngestContext } from './fact-builder.js';
import { AuditLogEntryCreateSchema, BanSchema } from './gateway-payloads.js';
import { snowflakeInstant, userFromApi } from './map-api.js';
import { userFromCache } from './map-cache.js';

export const onBanAdd: DispatchHandler = (_ctx, d, meta) => {
  const p = BanSchema.parse(d);
  return { guildId: p.guild_id, facts: [makeFact('ban-added', p.guild_id, sessionKey(meta), { user: userFromApi(p.user) }, meta)] };
};

export const onBanRemove: DispatchHandler = (_ctx, d, meta) => {
  const p = BanSchema.parse(d);
  return { guildId: p.guild_id, facts: [makeFact('ban-removed', p.guild_id, sessionKey(meta), { user: userFromApi(p.user) }, meta)] };
};

/** The user's name from the cache, else from Discord; the fact goes out without it when both fail. */
const lookupUser = async (ctx: IngestContext, id: string): Promise<FactUser> => {
  const cached = ctx.client.users.cache.get(id);
  if (cached && !cached.partial) return userFromCache(cached);
  try {
    return userFromCache(await ctx.client.users.fetch(id));
  } catch (err) {
    ctx.logger.debug({ err, userId: id }, 'audit-log user lookup failed');
    return { id, username: null, globalName: null, bot: false };
  }
};

/** Audit-log entries whose target is a user (members, bans, kicks, timeouts, roles of a member). */
const USER_TARGETS: ReadonlySet<number> = new Set([
  AuditLogEvent.MemberKick,
  AuditLogEvent.MemberPrune,
  AuditLogEvent.MemberBanAdd,
  AuditLogEvent.MemberBanRemove,
  AuditLogEvent.MemberUpdate,
  AuditLogEvent.MemberRoleUpdate,
  AuditLogEvent.MemberMove,
  AuditLogEvent.MemberDisconnect,
  AuditLogEvent.BotAdd,
  AuditLogEvent.MessageDelete,
]);

/** An audit-log entry (gateway dispatch or REST page: the same object) without its guild. */
export type ApiAuditEntry = Omit<z.infer<typeof AuditLogEntryCreateSchema>, 'guild_id'>;

/**
 * The audit-log-entry fact of one entry, keyed by the entry id: Discord's own id, so the live
 * dispatch, the catch-up after downtime, a replay or a second replica all dedupe.
 */
export const auditEntryFact = async (ctx: IngestContext, guildId: string, p: ApiAuditEntry, meta: FactMeta): Promise<DiscordFact> => {
  const self = ctx.selfId();
  const executor = p.user_id ? await lookupUser(ctx, p.user_id) : null;
  const targetId = p.target_id ?? null;
  const targetUser = targetId && /^\d+$/.test(targetId) && USER_TARGETS.has(p.action_type) ? await lookupUser(ctx, targetId) : null;
  const payload = {
    entryId: p.id,
    actionType: p.action_type,
    actionName: (AuditLogEvent as unknown as Record<number, string>)[p.action_type] ?? `Action${p.action_type}`,
    executor,
    executorIsSelf: self !== null && p.user_id === self,
    targetId,
    targetUser,
    reason: p.reason ?? null,
    changes: (p.changes ?? []).map((c) => ({ key: c.key, old: c.old_value, new: c.new_value })),
    options: p.options ?? null,
  };
  return makeFact('audit-log-entry', guildId, [p.id], payload, meta, snowflakeInstant(p.id));
};

export const onAuditLogEntry: DispatchHandler = (ctx, d, meta) => {
  const p = AuditLogEntryCreateSchema.parse(d);
  return { guildId: p.guild_id, facts: auditEntryFact(ctx, p.guild_id, p, meta).then((f) => [f]) };
};
