import { AuditLogEvent, GatewayDispatchEvents, PermissionFlagsBits as P, type APIAuditLogChange } from 'discord-api-types/v10';
import type { Hono } from 'hono';
import { z } from 'zod';
import { Errors } from '../errors.js';
import { requireGuildPermission } from '../permissions.js';
import { recordAudit } from '../world/audit.js';
import { readBody } from './body.js';
import type { RestDeps, RestEnv } from './env.js';
import { botId, json, query, snowflake } from './helpers.js';

const GuildPatch = z.object({
  name: z.string().min(2).max(100).optional(),
  description: z.string().max(120).nullable().optional(),
  system_channel_id: snowflake.nullable().optional(),
  rules_channel_id: snowflake.nullable().optional(),
  afk_channel_id: snowflake.nullable().optional(),
  afk_timeout: z.union([z.literal(60), z.literal(300), z.literal(900), z.literal(1800), z.literal(3600)]).optional(),
});

export const registerGuildRoutes = (app: Hono<RestEnv>, deps: RestDeps): void => {
  const { ctx } = deps;

  app.get('/guilds/:guildId', (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    const g = ctx.world.guild(guildId);
    if (!g.members.has(me)) throw Errors.missingAccess();
    const { with_counts } = query(c, z.object({ with_counts: z.enum(['true', 'false']).optional() }));
    const body = ctx.world.guildObject(guildId);
    if (with_counts === 'true') {
      body.approximate_member_count = g.members.size;
      body.approximate_presence_count = g.presences.size;
    }
    return json(body);
  });

  app.patch('/guilds/:guildId', async (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    const g = ctx.world.guild(guildId);
    const { body } = await readBody(c, GuildPatch);
    requireGuildPermission(ctx.world, guildId, me, P.ManageGuild);
    for (const id of [body.system_channel_id, body.rules_channel_id, body.afk_channel_id]) if (id) ctx.world.guildChannel(guildId, id);
    const before: Record<string, unknown> = { ...g.base };
    Object.assign(g.base, Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)));
    const after: Record<string, unknown> = { ...g.base };
    const changes = Object.keys(body)
      .filter((k) => before[k] !== after[k])
      .map((k) => ({ key: k, old_value: before[k], new_value: after[k] }) as APIAuditLogChange);
    if (changes.length) recordAudit(ctx, guildId, { actionType: AuditLogEvent.GuildUpdate, actorId: me, targetId: guildId, reason: c.get('reason'), changes });
    const full = ctx.world.guildObject(guildId);
    ctx.bus.emit(GatewayDispatchEvents.GuildUpdate, full, guildId);
    return json(full);
  });
};
