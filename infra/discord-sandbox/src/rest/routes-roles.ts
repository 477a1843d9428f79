import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import type { Hono } from 'hono';
import { z } from 'zod';
import { DiscordError, Errors } from '../errors.js';
import { guildPermissions, highestRolePosition, requireCanManageRole, requireGuildPermission } from '../permissions.js';
import { createRole, deleteRole, updateRole } from '../world/roles.js';
import type { WorldState } from '../world/state.js';
import { readBody } from './body.js';
import type { RestDeps, RestEnv } from './env.js';
import { botId, json, noContent, snowflake } from './helpers.js';

const RoleBody = z.object({
  name: z.string().max(100).optional(),
  permissions: z.union([z.string().regex(/^\d+$/), z.number().int().min(0)]).transform(String).optional(),
  color: z.number().int().min(0).max(0xffffff).optional(),
  colors: z.object({ primary_color: z.number().int().min(0).max(0xffffff), secondary_color: z.number().int().nullable().optional(), tertiary_color: z.number().int().nullable().optional() }).optional(),
  hoist: z.boolean().optional(),
  mentionable: z.boolean().optional(),
  unicode_emoji: z.string().nullable().optional(),
});

const PositionsBody = z.array(z.object({ id: snowflake, position: z.number().int().min(0).nullable().optional() })).min(1);

/** discord.js 14.2x sends `colors`; older clients send `color`. */
const withColor = (body: z.infer<typeof RoleBody>) => ({ ...body, color: body.colors?.primary_color ?? body.color });

/** A role may only grant permissions its creator holds (unless the creator is an admin). */
const requireGrantable = (world: WorldState, guildId: string, me: string, permissions: string | undefined): void => {
  if (permissions === undefined) return;
  const mine = guildPermissions(world, guildId, me);
  if ((BigInt(permissions) & ~mine) !== 0n) throw Errors.missingPermissions();
};

export const registerRoleRoutes = (app: Hono<RestEnv>, deps: RestDeps): void => {
  const { ctx } = deps;

  app.get('/guilds/:guildId/roles', (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    if (!ctx.world.guild(guildId).members.has(me)) throw Errors.missingAccess();
    return json(ctx.world.roleList(guildId));
  });

  app.get('/guilds/:guildId/roles/:roleId', (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    if (!ctx.world.guild(guildId).members.has(me)) throw Errors.missingAccess();
    return json(ctx.world.role(guildId, c.req.param('roleId')));
  });

  app.post('/guilds/:guildId/roles', async (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    ctx.world.guild(guildId);
    const { body } = await readBody(c, RoleBody);
    requireGuildPermission(ctx.world, guildId, me, P.ManageRoles);
    requireGrantable(ctx.world, guildId, me, body.permissions);
    return json(createRole(ctx, guildId, withColor(body), { actorId: me, reason: c.get('reason') }));
  });

  app.patch('/guilds/:guildId/roles', async (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    ctx.world.guild(guildId);
    const { body } = await readBody(c, PositionsBody);
    requireGuildPermission(ctx.world, guildId, me, P.ManageRoles);
    const top = highestRolePosition(ctx.world, guildId, me);
    for (const { id, position } of body) {
      requireCanManageRole(ctx.world, guildId, me, id);
      if (position != null && position >= top) throw Errors.missingPermissions();
    }
    for (const { id, position } of body) {
      if (position != null) updateRole(ctx, guildId, id, { position }, { actorId: me, reason: c.get('reason') });
    }
    return json(ctx.world.roleList(guildId));
  });

  app.patch('/guilds/:guildId/roles/:roleId', async (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    const roleId = c.req.param('roleId');
    ctx.world.role(guildId, roleId);
    const { body } = await readBody(c, RoleBody);
    requireCanManageRole(ctx.world, guildId, me, roleId);
    requireGrantable(ctx.world, guildId, me, body.permissions);
    return json(updateRole(ctx, guildId, roleId, withColor(body), { actorId: me, reason: c.get('reason') }));
  });

  app.delete('/guilds/:guildId/roles/:roleId', (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    const roleId = c.req.param('roleId');
    const role = ctx.world.role(guildId, roleId);
    requireCanManageRole(ctx.world, guildId, me, roleId);
    if (role.managed || roleId === guildId) throw new DiscordError(400, 50028, 'Invalid role');
    deleteRole(ctx, guildId, roleId, { actorId: me, reason: c.get('reason') });
    return noContent();
  });
};
