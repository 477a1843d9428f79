import { PermissionFlagsBits as P, type APIBan } from 'discord-api-types/v10';
import type { Hono } from 'hono';
import { z } from 'zod';
import { Errors } from '../errors.js';
import { requireAbove, requireGuildPermission } from '../permissions.js';
import { banUser, unbanUser } from '../world/members.js';
import type { WorldContext } from '../world/context.js';
import { readBody } from './body.js';
import type { RestDeps, RestEnv } from './env.js';
import { botId, intQuery, json, noContent, query, snowflake } from './helpers.js';

const BanBody = z.object({
  delete_message_seconds: z.number().int().min(0).max(604_800).optional(),
  /** Deprecated by Discord but still accepted. */
  delete_message_days: z.number().int().min(0).max(7).optional(),
});

const BulkBanBody = z.object({
  user_ids: z.array(snowflake).min(1).max(200),
  delete_message_seconds: z.number().int().min(0).max(604_800).optional(),
});

const banObject = (ctx: WorldContext, guildId: string, userId: string): APIBan => {
  const ban = ctx.world.guild(guildId).bans.get(userId);
  if (!ban) throw Errors.unknownBan();
  return { reason: ban.reason, user: ctx.world.user(userId) };
};

export const registerBanRoutes = (app: Hono<RestEnv>, deps: RestDeps): void => {
  const { ctx } = deps;

  app.get('/guilds/:guildId/bans', (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    requireGuildPermission(ctx.world, guildId, me, P.BanMembers);
    const q = query(c, z.object({ limit: intQuery(1, 1000, 1000), before: snowflake.optional(), after: snowflake.optional() }));
    let ids = [...ctx.world.guild(guildId).bans.keys()].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    if (q.after) ids = ids.filter((id) => BigInt(id) > BigInt(q.after as string)).slice(0, q.limit);
    else if (q.before) ids = ids.filter((id) => BigInt(id) < BigInt(q.before as string)).slice(-q.limit);
    else ids = ids.slice(0, q.limit);
    return json(ids.map((id) => banObject(ctx, guildId, id)));
  });

  app.get('/guilds/:guildId/bans/:userId', (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    requireGuildPermission(ctx.world, guildId, me, P.BanMembers);
    return json(banObject(ctx, guildId, c.req.param('userId')));
  });

  app.put('/guilds/:guildId/bans/:userId', async (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    const target = c.req.param('userId');
    ctx.world.guild(guildId);
    const { body } = await readBody(c, BanBody);
    requireGuildPermission(ctx.world, guildId, me, P.BanMembers);
    ctx.world.user(target);
    requireAbove(ctx.world, guildId, me, target);
    const seconds = body.delete_message_seconds ?? (body.delete_message_days ?? 0) * 86_400;
    banUser(ctx, guildId, target, { actorId: me, reason: c.get('reason'), deleteMessageSeconds: seconds });
    return noContent();
  });

  app.delete('/guilds/:guildId/bans/:userId', (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    requireGuildPermission(ctx.world, guildId, me, P.BanMembers);
    unbanUser(ctx, guildId, c.req.param('userId'), { actorId: me, reason: c.get('reason') });
    return noContent();
  });

  app.post('/guilds/:guildId/bulk-ban', async (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    ctx.world.guild(guildId);
    const { body } = await readBody(c, BulkBanBody);
    requireGuildPermission(ctx.world, guildId, me, P.BanMembers);
    requireGuildPermission(ctx.world, guildId, me, P.ManageGuild);
    const banned: string[] = [];
    const failed: string[] = [];
    for (const id of new Set(body.user_ids)) {
      try {
        ctx.world.user(id);
        requireAbove(ctx.world, guildId, me, id);
        if (ctx.world.guild(guildId).bans.has(id)) throw Errors.missingPermissions();
        banUser(ctx, guildId, id, { actorId: me, reason: c.get('reason'), deleteMessageSeconds: body.delete_message_seconds });
        banned.push(id);
      } catch {
        failed.push(id);
      }
    }
    if (banned.length === 0) return json({ code: 500000, message: 'Failed to ban users' }, 403);
    return json({ banned_users: banned, failed_users: failed });
  });
};
