import { ChannelType, OverwriteType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import type { Hono } from 'hono';
import { z } from 'zod';
import { Errors } from '../errors.js';
import { requireChannelPermission, requireGuildPermission } from '../permissions.js';
import { createChannel, deleteChannel, updateChannel, type ChannelFields } from '../world/channels.js';
import { readBody } from './body.js';
import type { RestDeps, RestEnv } from './env.js';
import { botId, json, snowflake } from './helpers.js';

const overwrite = z.object({
  id: snowflake,
  type: z.union([z.literal(OverwriteType.Role), z.literal(OverwriteType.Member)]),
  allow: z.union([z.string(), z.number()]).transform(String).default('0'),
  deny: z.union([z.string(), z.number()]).transform(String).default('0'),
});

const channelType = z.union([
  z.literal(ChannelType.GuildText),
  z.literal(ChannelType.GuildVoice),
  z.literal(ChannelType.GuildCategory),
  z.literal(ChannelType.GuildAnnouncement),
]);

const ChannelBody = z.object({
  name: z.string().min(1).max(100),
  type: channelType.optional(),
  topic: z.string().max(1024).nullable().optional(),
  position: z.number().int().min(0).optional(),
  parent_id: snowflake.nullable().optional(),
  nsfw: z.boolean().optional(),
  rate_limit_per_user: z.number().int().min(0).max(21600).optional(),
  permission_overwrites: z.array(overwrite).optional(),
});

export const registerChannelRoutes = (app: Hono<RestEnv>, deps: RestDeps): void => {
  const { ctx } = deps;

  app.get('/channels/:channelId', (c) => {
    const me = botId(c);
    const channel = ctx.world.channel(c.req.param('channelId'));
    requireChannelPermission(ctx.world, channel, me, P.ViewChannel);
    return json(channel);
  });

  app.patch('/channels/:channelId', async (c) => {
    const me = botId(c);
    const channel = ctx.world.channel(c.req.param('channelId'));
    const { body } = await readBody(c, ChannelBody.partial().omit({ type: true }));
    const guildId = ctx.world.guildIdOf(channel);
    if (!guildId) throw Errors.missingPermissions();
    requireChannelPermission(ctx.world, channel, me, P.ManageChannels);
    return json(updateChannel(ctx, guildId, channel.id, body as ChannelFields, { actorId: me, reason: c.get('reason') }));
  });

  app.delete('/channels/:channelId', (c) => {
    const me = botId(c);
    const channel = ctx.world.channel(c.req.param('channelId'));
    const guildId = ctx.world.guildIdOf(channel);
    if (!guildId) return json(channel);
    requireChannelPermission(ctx.world, channel, me, P.ManageChannels);
    return json(deleteChannel(ctx, guildId, channel.id, { actorId: me, reason: c.get('reason') }));
  });

  app.get('/guilds/:guildId/channels', (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    if (!ctx.world.guild(guildId).members.has(me)) throw Errors.missingAccess();
    return json(ctx.world.guildChannels(guildId));
  });

  app.post('/guilds/:guildId/channels', async (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    ctx.world.guild(guildId);
    const { body } = await readBody(c, ChannelBody);
    requireGuildPermission(ctx.world, guildId, me, P.ManageChannels);
    if (body.parent_id) ctx.world.guildChannel(guildId, body.parent_id);
    return json(createChannel(ctx, guildId, body as ChannelFields, { actorId: me, reason: c.get('reason') }), 201);
  });
};
