import { atLeast } from '@guildhall/access';
import { createMiddleware } from 'hono/factory';
import type { AccessRule } from '../api/access-rule.js';
import { ApiError } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { unauthenticated } from './authenticate.js';

export const guildForbidden = (guildId: string): ApiError => new ApiError(403, 'GUILD_FORBIDDEN', `you may not use guild ${guildId} (or it is not one of yours)`);

/**
 * A route's access rule, enforced: 401 without a principal, 403 GUILD_FORBIDDEN outside the
 * caller's guilds, 403 FORBIDDEN below the level (naming it) or without the token scope
 * (naming it). On guild routes it sets `guild` with the caller's level there.
 */
export const authorize = (rule: AccessRule, deps: Pick<AppDeps, 'levels'>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (rule.kind === 'public') return next();
    const p = c.var.principal;
    if (!p) throw unauthenticated();
    if (rule.kind === 'self') {
      if (p.kind === 'token') throw new ApiError(403, 'FORBIDDEN', "API tokens may not use a member's own record; sign in to the dashboard");
      return next();
    }
    if (rule.kind === 'signed-in') {
      if (p.kind === 'token' && !rule.tokens) throw new ApiError(403, 'FORBIDDEN', 'API tokens may not use this route; sign in to the dashboard');
      return next();
    }
    const guildId = c.req.param('guildId');
    if (!guildId) throw new ApiError(500, 'INTERNAL', 'a guild rule on a route without {guildId}');
    if (p.kind === 'token') {
      if (p.guildId !== guildId) throw guildForbidden(guildId);
      if (rule.scope === null) throw new ApiError(403, 'FORBIDDEN', 'API tokens may not use this route; sign in to the dashboard');
      if (!p.scopes.includes(rule.scope)) throw new ApiError(403, 'FORBIDDEN', `this token lacks the scope ${rule.scope}`, undefined, { needs: { scope: rule.scope } });
      c.set('guild', { id: guildId, name: '', icon: null, level: null });
      return next();
    }
    const guild = /^\d{1,20}$/.test(guildId) ? await deps.levels.guildFor(p, guildId) : null;
    if (!guild || guild.level === null) throw guildForbidden(guildId);
    if (!atLeast(guild.level, rule.level)) {
      throw new ApiError(403, 'FORBIDDEN', `this needs the ${rule.level} level in ${guild.name || guildId}; you are ${guild.level}`, undefined, { needs: { level: rule.level } });
    }
    c.set('guild', guild);
    return next();
  });
