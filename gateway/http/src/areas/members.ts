import { ActivityKindSchema, getMemberProfile, HistoryKindSchema, listActivity, listMemberHistory, listMembers, searchMembers } from '@guildhall/projections';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { boolParam, instantParam, intParam, many, snowflakeParam, textParam } from '../api/query-params.js';
import { GuildParams, json, loose, MemberParams, page } from '../api/schemas.js';
import type { AppDeps } from '../http/app-env.js';
import { guildChannels } from '../queries/guild-channels.js';

const ProfileQuery = z.object({ historyLimit: intParam.optional(), casesLimit: intParam.optional(), includeHiddenCases: boolParam.optional() }).strict();
const HistoryQuery = z.object({ kind: many(HistoryKindSchema).optional(), limit: intParam.optional(), cursor: textParam(500).optional() }).strict();
export const ActivityQuery = z
  .object({
    kind: many(ActivityKindSchema).optional(),
    userId: snowflakeParam.optional(),
    channelId: snowflakeParam.optional(),
    from: instantParam.optional(),
    to: instantParam.optional(),
    limit: intParam.optional(),
    cursor: textParam(500).optional(),
  })
  .strict();

const Channel = z.object({ id: z.string(), name: z.string(), type: z.number().int(), parentId: z.string().nullable(), position: z.number() }).openapi('Channel');

/** Members: a member's profile and history, the activity feed, and the guild's text channels. */
export const membersArea = (deps: AppDeps) => {
  const { pool } = deps;
  const app = newApiApp();
  const read = guildRule('viewer', 'members:read');
  const Match = loose('MemberMatch', { userId: z.string(), displayName: z.string(), username: z.string().nullable(), nickname: z.string().nullable() });

  app.openapi(
    apiRoute(deps, {
      operationId: 'searchMembers', method: 'get', path: '/guilds/{guildId}/member-search', tags: ['members'], summary: 'Members for a picker: by name, nickname or id prefix', access: read,
      request: { params: GuildParams, query: z.object({ q: z.string().trim().min(1).max(100), limit: intParam.optional() }).strict() },
      responses: { 200: json(z.object({ members: z.array(Match).readonly() }), 'The closest members') },
    }),
    async (c) => {
      const { q, limit } = c.req.valid('query');
      return c.json({ members: await searchMembers(pool, { guildId: c.var.guild.id, q, ...(limit !== undefined ? { limit } : {}) }) }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'listMembers', method: 'get', path: '/guilds/{guildId}/members', tags: ['members'], summary: 'The member list with filters', access: read,
      request: {
        params: GuildParams,
        query: z
          .object({
            q: z.string().trim().min(1).max(100).optional(),
            joinedFrom: instantParam.optional(),
            joinedTo: instantParam.optional(),
            roleId: snowflakeParam.optional(),
            hasCases: boolParam.optional(),
            status: z.enum(['banned', 'timed_out', 'present', 'left']).optional(),
            limit: intParam.optional(),
            cursor: textParam(500).optional(),
          })
          .strict(),
      },
      responses: { 200: json(page('MemberPage', Match), 'A page of members') },
    }),
    async (c) => c.json(await listMembers(pool, { guildId: c.var.guild.id, ...c.req.valid('query') }), 200),
  );

  app.openapi(
    apiRoute(deps, { operationId: 'getMemberProfile', method: 'get', path: '/guilds/{guildId}/members/{userId}', tags: ['members'], summary: 'Who a member is, their history, moderation record and cases', access: read, request: { params: MemberParams, query: ProfileQuery }, responses: { 200: json(loose('MemberProfile', {}), 'The profile') } }),
    async (c) => c.json(await getMemberProfile(pool, { guildId: c.var.guild.id, userId: c.req.valid('param').userId, ...c.req.valid('query') }), 200),
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listMemberHistory', method: 'get', path: '/guilds/{guildId}/members/{userId}/history', tags: ['members'], summary: "A page of a member's history", access: read, request: { params: MemberParams, query: HistoryQuery }, responses: { 200: json(page('MemberHistoryPage', loose('MemberHistoryEntry', {})), 'A page') } }),
    async (c) => c.json(await listMemberHistory(pool, { guildId: c.var.guild.id, userId: c.req.valid('param').userId, ...c.req.valid('query') }), 200),
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listActivity', method: 'get', path: '/guilds/{guildId}/activity', tags: ['members'], summary: 'A page of the activity feed', access: read, request: { params: GuildParams, query: ActivityQuery }, responses: { 200: json(page('ActivityPage', loose('ActivityItem', {})), 'A page') } }),
    async (c) => c.json(await listActivity(pool, { guildId: c.var.guild.id, ...c.req.valid('query') }), 200),
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listChannels', method: 'get', path: '/guilds/{guildId}/channels', tags: ['members'], summary: 'Text channels a message may go to', access: guildRule('viewer', 'messages:write'), request: { params: GuildParams, query: z.object({}).strict() }, responses: { 200: json(z.object({ channels: z.array(Channel) }), 'The channels') } }),
    async (c) => c.json({ channels: await guildChannels(deps.store, c.var.guild.id) }, 200),
  );

  return app;
};
