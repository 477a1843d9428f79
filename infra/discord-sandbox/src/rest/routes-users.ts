import type { RESTAPIPartialCurrentUserGuild } from 'discord-api-types/v10';
import { openDmChannel } from '../world/dm.js';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { DiscordError, Errors } from '../errors.js';
import { guildPermissions, permissionString } from '../permissions.js';
import type { WorldContext } from '../world/context.js';
import { readBody } from './body.js';
import type { RestDeps, RestEnv } from './env.js';
import { botId, intQuery, json, query, snowflake } from './helpers.js';

const requireScope = (c: Context<RestEnv>, scope: string): string => {
  const auth = c.get('auth');
  if (auth.kind === 'bot') return auth.userId;
  if (auth.kind !== 'bearer') throw Errors.unauthorized();
  if (!auth.scopes.includes(scope)) throw new DiscordError(403, 50001, 'Missing Access');
  return auth.userId;
};

const partialGuilds = (ctx: WorldContext, userId: string): RESTAPIPartialCurrentUserGuild[] =>
  [...ctx.world.guilds.values()]
    .filter((g) => g.members.has(userId))
    .map((g) => ({
      id: g.base.id,
      name: g.base.name,
      icon: g.base.icon,
      banner: g.base.banner,
      owner: g.base.owner_id === userId,
      permissions: permissionString(guildPermissions(ctx.world, g.base.id, userId)),
      features: g.base.features,
      approximate_member_count: g.members.size,
      approximate_presence_count: g.presences.size,
    }));

export const registerUserRoutes = (app: Hono<RestEnv>, deps: RestDeps): void => {
  const { ctx } = deps;

  app.get('/users/@me', (c) => {
    const auth = c.get('auth');
    if (auth.kind === 'none') throw Errors.unauthorized();
    const user = ctx.world.user(auth.userId);
    if (auth.kind === 'bearer' && !auth.scopes.includes('identify')) throw new DiscordError(401, 0, '401: Unauthorized');
    const withEmail = auth.kind === 'bearer' && auth.scopes.includes('email');
    return json({
      ...user,
      mfa_enabled: false,
      locale: 'en-US',
      premium_type: 0,
      ...(auth.kind === 'bot' ? { verified: true } : {}),
      ...(withEmail ? { email: `${user.username}@sandbox.guildhall.invalid`, verified: true } : {}),
    });
  });

  app.get('/users/@me/guilds', (c) => {
    const userId = requireScope(c, 'guilds');
    const q = query(c, z.object({ limit: intQuery(1, 200, 200), before: snowflake.optional(), after: snowflake.optional(), with_counts: z.string().optional() }));
    let guilds = partialGuilds(ctx, userId).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    if (q.after) guilds = guilds.filter((g) => BigInt(g.id) > BigInt(q.after as string));
    if (q.before) guilds = guilds.filter((g) => BigInt(g.id) < BigInt(q.before as string));
    if (q.with_counts !== 'true') guilds = guilds.map(({ approximate_member_count: _m, approximate_presence_count: _p, ...g }) => (void _m, void _p, g));
    return json(guilds.slice(0, q.limit));
  });

  app.get('/users/@me/guilds/:guildId/member', (c) => {
    const userId = requireScope(c, 'guilds.members.read');
    const guildId = c.req.param('guildId');
    const g = ctx.world.guilds.get(guildId);
    const m = g?.members.get(userId);
    if (!m) throw Errors.unknownGuild();
    return json(ctx.world.memberObject(m));
  });

  app.get('/oauth2/@me', (c) => {
    const auth = c.get('auth');
    if (auth.kind !== 'bearer') throw Errors.unauthorized();
    return json({
      application: { id: ctx.world.bot.applicationId, name: 'Guildhall', icon: null, description: '', bot_public: true, bot_require_code_grant: false, verify_key: '0'.repeat(64), flags: 0 },
      scopes: auth.scopes,
      expires: new Date(auth.expiresAt).toISOString(),
      user: ctx.world.user(auth.userId),
    });
  });

  app.get('/users/:userId', (c) => {
    botId(c);
    return json(ctx.world.user(c.req.param('userId')));
  });

  app.post('/users/@me/channels', async (c) => {
    const me = botId(c);
    const { body } = await readBody(c, z.object({ recipient_id: snowflake }));
    const recipient = ctx.world.user(body.recipient_id);
    if (recipient.id === me) throw new DiscordError(400, 50007, 'Cannot send messages to this user');
    return json(openDmChannel(ctx, recipient.id));
  });
};
