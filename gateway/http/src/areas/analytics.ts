import { AnalyticsRangeSchema, getActivityHeatmap, getMemberGrowth, getMessageActivity, getModerationActions, getModeratorStats } from '@guildhall/projections';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { instantParam } from '../api/query-params.js';
import { GuildParams, json, loose } from '../api/schemas.js';
import type { AppDeps } from '../http/app-env.js';

const SeriesQuery = z.object({ range: AnalyticsRangeSchema.optional(), from: instantParam.optional(), to: instantParam.optional() }).strict();
const Empty = z.object({}).strict();
const Series = loose('AnalyticsSeries', {});

/**
 * The analytics read model's queries: joins, leaves and net growth; messages per bucket and per
 * channel; cases opened by action; per
 * moderator actions, lifted and shares; activity by UTC weekday × hour. Read access (viewer,
 * or a token with `audit:read`).
 */
export const analyticsArea = (deps: AppDeps) => {
  const { pool } = deps;
  const app = newApiApp();
  const read = guildRule('viewer', 'audit:read');
  app.openapi(
    apiRoute(deps, {
      operationId: 'getMemberGrowth', method: 'get', path: '/guilds/{guildId}/analytics/members', tags: ['analytics'], summary: 'Joins, leaves and net growth per bucket', access: read,
      request: { params: GuildParams, query: SeriesQuery },
      responses: { 200: json(Series, 'The series') },
    }),
    async (c) => c.json(await getMemberGrowth(pool, { guildId: c.var.guild.id, ...c.req.valid('query') }), 200),
  );
  app.openapi(
    apiRoute(deps, {
      operationId: 'getMessageActivity', method: 'get', path: '/guilds/{guildId}/analytics/messages', tags: ['analytics'], summary: 'Messages posted per bucket and channel, and per channel over the window', access: read,
      request: { params: GuildParams, query: SeriesQuery },
      responses: { 200: json(Series, 'The series, with per-channel totals') },
    }),
    async (c) => c.json(await getMessageActivity(pool, { guildId: c.var.guild.id, ...c.req.valid('query') }), 200),
  );
  app.openapi(
    apiRoute(deps, {
      operationId: 'getModerationActions', method: 'get', path: '/guilds/{guildId}/analytics/moderation', tags: ['analytics'], summary: 'Cases opened per bucket, by action', access: read,
      request: { params: GuildParams, query: SeriesQuery },
      responses: { 200: json(Series, 'The series') },
    }),
    async (c) => c.json(await getModerationActions(pool, { guildId: c.var.guild.id, ...c.req.valid('query') }), 200),
  );
  app.openapi(
    apiRoute(deps, {
      operationId: 'getModeratorStats', method: 'get', path: '/guilds/{guildId}/analytics/moderators', tags: ['analytics'], summary: 'Per moderator: actions, later lifted, share of all actions, and the median seconds from a report or automod flag to the action (null: none)', access: read,
      request: { params: GuildParams, query: Empty },
      responses: { 200: json(z.object({ moderators: z.array(loose('ModeratorStats', { responses: z.number().int(), medianResponseSeconds: z.number().nullable() })).readonly() }), 'Per moderator') },
    }),
    async (c) => c.json({ moderators: await getModeratorStats(pool, { guildId: c.var.guild.id }) }, 200),
  );
  app.openapi(
    apiRoute(deps, {
      operationId: 'getActivityHeatmap', method: 'get', path: '/guilds/{guildId}/analytics/heatmap', tags: ['analytics'], summary: 'Activity by UTC weekday × hour', access: read,
      request: { params: GuildParams, query: Empty },
      responses: { 200: json(z.object({ cells: z.array(loose('HeatmapCell', {})).readonly() }), 'The cells') },
    }),
    async (c) => c.json({ cells: await getActivityHeatmap(pool, { guildId: c.var.guild.id }) }, 200),
  );
  return app;
};
