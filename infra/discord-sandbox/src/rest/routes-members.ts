import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { Errors, invalidFormBody } from '../errors.js';
import { guildPermissions, hasPermission, requireAbove, requireCanManageRole, requireGuildPermission } from '../permissions.js';
import { removeMember, updateMember, type MemberPatch } from '../world/members.js';
import type { WorldState } from '../world/state.js';
import { readBody } from './body.js';
import type { RestDeps, RestEnv } from './env.js';
import { botId, intQuery, json, noContent, query, snowflake } from './helpers.js';

/** Discord caps a timeout at 28 days from now. */
const MAX_TIMEOUT_MS = 28 * 86_400_000;

const MemberPatchBody = z.object({
  nick: z.string().max(32).nullable().optional(),
  roles: z.array(snowflake).nullable().optional(),
  mute: z.boolean().nullable().optional(),
  deaf: z.boolean().nullable().optional(),
  channel_id: snowflake.nullable().optional(),
  communication_disabled_until: z.iso.datetime({ offset: true }).nullable().optional(),
  flags: z.number().int().nullable().optional(),
});

const requireMember = (world: WorldState, guildId: string, me: string): void => {
  if (!world.guild(guildId).members.has(me)) throw Errors.missingAccess();
};

export const registerMemberRoutes = (app: Hono<RestEnv>, deps: RestDeps): void => {
  const { ctx } = deps;

  app.get('/guilds/:guildId/members', (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    requireMember(ctx.world, guildId, me);
    const q = query(c, z.object({ limit: intQuery(1, 1000, 1), after: snowflake.default('0') }));
    const members = [...ctx.world.guild(guildId).members.values()]
      .filter((m) => BigInt(m.userId) > BigInt(q.after))
      .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
      .slice(0, q.limit);
    return json(members.map((m) => ctx.world.memberObject(m)));
  });

  app.get('/guilds/:guildId/members/search', (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    requireMember(ctx.world, guildId, me);
    const q = query(c, z.object({ query: z.string(), limit: intQuery(1, 1000, 1) }));
    const needle = q.query.toLowerCase();
    const found = [...ctx.world.guild(guildId).members.values()].filter((m) => {
      const u = ctx.world.users.get(m.userId);
      return [u?.username, u?.global_name, m.nick].some((n) => n?.toLowerCase().startsWith(needle));
    });
    return json(found.slice(0, q.limit).map((m) => ctx.world.memberObject(m)));
  });

  app.get('/guilds/:guildId/members/:userId', (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    requireMember(ctx.world, guildId, me);
    return json(ctx.world.memberObject(ctx.world.member(guildId, c.req.param('userId'))));
  });

  app.patch('/guilds/:guildId/members/:userId', async (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    const rawTarget = c.req.param('userId');
    const target = rawTarget === '@me' ? me : rawTarget;
    ctx.world.guild(guildId);
    const { body } = await readBody(c, MemberPatchBody);
    requireMember(ctx.world, guildId, me);
    const member = ctx.world.member(guildId, target);
    const patch: MemberPatch = {};
    if (body.nick !== undefined) {
      if (target === me) requireGuildPermission(ctx.world, guildId, me, P.ChangeNickname);
      else {
        requireGuildPermission(ctx.world, guildId, me, P.ManageNicknames);
        requireAbove(ctx.world, guildId, me, target);
      }
      patch.nick = body.nick;
    }
    if (body.roles !== undefined && body.roles !== null) {
      const next = [...new Set(body.roles)];
      const guild = ctx.world.guild(guildId);
      next.forEach((id, i) => {
        if (!guild.roles.has(id)) throw invalidFormBody(['roles', i], 'ROLE_INVALID', 'Role not found.');
      });
      const changed = [...next.filter((r) => !member.roles.includes(r)), ...member.roles.filter((r) => !next.includes(r))];
      for (const roleId of changed) {
        requireCanManageRole(ctx.world, guildId, me, roleId);
        if (guild.roles.get(roleId)?.managed) throw Errors.missingPermissions();
      }
      patch.roles = next;
    }
    if (body.communication_disabled_until !== undefined) {
      requireGuildPermission(ctx.world, guildId, me, P.ModerateMembers);
      requireAbove(ctx.world, guildId, me, target);
      // Administrators and the owner cannot be timed out.
      if (hasPermission(guildPermissions(ctx.world, guildId, target), P.Administrator)) throw Errors.missingPermissions();
      const until = body.communication_disabled_until;
      if (until !== null && Date.parse(until) > ctx.world.now() + MAX_TIMEOUT_MS) {
        throw invalidFormBody(['communication_disabled_until'], 'BASE_TYPE_BAD_TIME', 'Timeout cannot be longer than 28 days.');
      }
      patch.communication_disabled_until = until !== null && Date.parse(until) > ctx.world.now() ? new Date(until).toISOString() : null;
    }
    if (body.mute !== undefined && body.mute !== null) {
      requireGuildPermission(ctx.world, guildId, me, P.MuteMembers);
      patch.mute = body.mute;
    }
    if (body.deaf !== undefined && body.deaf !== null) {
      requireGuildPermission(ctx.world, guildId, me, P.DeafenMembers);
      patch.deaf = body.deaf;
    }
    if (body.flags !== undefined && body.flags !== null) {
      requireGuildPermission(ctx.world, guildId, me, P.ModerateMembers);
      patch.flags = body.flags;
    }
    return json(updateMember(ctx, guildId, target, patch, { actorId: me, reason: c.get('reason') }));
  });

  app.delete('/guilds/:guildId/members/:userId', (c) => {
    const me = botId(c);
    const guildId = c.req.param('guildId');
    const target = c.req.param('userId');
    ctx.world.member(guildId, target);
    requireGuildPermission(ctx.world, guildId, me, P.KickMembers);
    requireAbove(ctx.world, guildId, me, target);
    removeMember(ctx, guildId, target, { actorId: me, reason: c.get('reason') });
    return noContent();
  });

  const changeRole = (add: boolean) => (c: Context<RestEnv>) => {
    const me = botId(c);
    const guildId = c.req.param('guildId') ?? '';
    const target = c.req.param('userId') ?? '';
    const roleId = c.req.param('roleId') ?? '';
    const member = ctx.world.member(guildId, target);
    const role = ctx.world.role(guildId, roleId);
    requireCanManageRole(ctx.world, guildId, me, roleId);
    if (role.managed || roleId === guildId) throw Errors.missingPermissions();
    const roles = add ? [...member.roles, roleId] : member.roles.filter((r) => r !== roleId);
    if (add === member.roles.includes(roleId)) return noContent();
    updateMember(ctx, guildId, target, { roles }, { actorId: me, reason: c.get('reason') });
    return noContent();
  };
  app.put('/guilds/:guildId/members/:userId/roles/:roleId', changeRole(true));
  app.delete('/guilds/:guildId/members/:userId/roles/:roleId', changeRole(false));
};
