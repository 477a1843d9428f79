import { AnalyticsRangeSchema, getActivityHeatmap, getMemberGrowth, getModerationActions, getModeratorStats } from '@guildhall/projections';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { parseQueryString } from '../http/query-params.js';

const instant = z.iso.datetime({ offset: true });
const SeriesQuery = z.object({ range: AnalyticsRangeSchema.optional(), from: instant.optional(), to: instant.optional() }).strict();
const Empty = z.object({}).strict();

/**
 * The analytics read model's queries, mounted under `/api/guilds` (the guild middleware has
 * already checked the session may see `:guildId`):
 *   GET /:guildId/analytics/members?range=hour|day|week|month&from&to   joins, leaves, net growth
 *   GET /:guildId/analytics/moderation?range&from&to                   cases opened by action
 *   GET /:guildId/analytics/moderators                                  per moderator: actions, lifted, shares
 *   GET /:guildId/analytics/heatmap                                     activity by UTC weekday × hour
 * Unknown parameters and bad values are 400 INVALID_QUERY naming the field.
 */
export const analyticsRoutes = (deps: AppDeps): Hono<AppEnv> => {
  const app = new Hono<AppEnv>();
  const { pool } = deps;
  app.get('/:guildId/analytics/members', async (c) => c.json(await getMemberGrowth(pool, { guildId: c.var.guild.id, ...parseQueryString(c, SeriesQuery) })));
  app.get('/:guildId/analytics/moderation', async (c) => c.json(await getModerationActions(pool, { guildId: c.var.guild.id, ...parseQueryString(c, SeriesQuery) })));
  app.get('/:guildId/analytics/moderators', async (c) => {
    parseQueryString(c, Empty);
    return c.json({ moderators: await getModeratorStats(pool, { guildId: c.var.guild.id }) });
  });
  app.get('/:guildId/analytics/heatmap', async (c) => {
    parseQueryString(c, Empty);
    return c.json({ cells: await getActivityHeatmap(pool, { guildId: c.var.guild.id }) });
  });
  return app;
};
