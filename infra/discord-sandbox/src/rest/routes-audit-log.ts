import { PermissionFlagsBits as P, type APIAuditLog, type APIUser } from 'discord-api-types/v10';
import type { Hono } from 'hono';
import { z } from 'zod';
import { requireGuildPermission } from '../permissions.js';
import type { RestDeps, RestEnv } from './env.js';
import { botId, intQuery, json, query, snowflake } from './helpers.js';

export const registerAuditLogRoutes = (app: Hono<RestEnv>, deps: RestDeps): void => {
  const { ctx } = deps;

  app.get('/guilds/:guildId/audit-logs', (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    requireGuildPermission(ctx.world, guildId, me, P.ViewAuditLog);
    const q = query(
      c,
      z.object({
        user_id: snowflake.optional(),
        action_type: z.coerce.number().int().optional(),
        before: snowflake.optional(),
        after: snowflake.optional(),
        limit: intQuery(1, 100, 50),
      }),
    );
    let entries = [...ctx.world.guild(guildId).auditLog]
      .filter((e) => (!q.user_id || e.user_id === q.user_id) && (q.action_type === undefined || e.action_type === q.action_type))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? 1 : -1));
    if (q.before) entries = entries.filter((e) => BigInt(e.id) < BigInt(q.before as string));
    if (q.after) entries = entries.filter((e) => BigInt(e.id) > BigInt(q.after as string)).slice(-q.limit);
    else entries = entries.slice(0, q.limit);
    const userIds = new Set<string>();
    for (const e of entries) {
      if (e.user_id) userIds.add(e.user_id);
      if (e.target_id && ctx.world.users.has(e.target_id)) userIds.add(e.target_id);
    }
    const body: APIAuditLog = {
      audit_log_entries: entries,
      users: [...userIds].map((id) => ctx.world.users.get(id)).filter((u): u is APIUser => u !== undefined),
      application_commands: [],
      auto_moderation_rules: [],
      guild_scheduled_events: [],
      integrations: [],
      threads: [],
      webhooks: [],
    };
    return json(body);
  });
};
