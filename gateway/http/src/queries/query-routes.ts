import { SourceSchema } from '@guildhall/kernel';
import { ModerationActionSchema } from '@guildhall/moderation';
import { waitForOutcome } from '@guildhall/moderation/runtime';
import {
  ActivityKindSchema,
  CaseStatusSchema,
  countCases,
  getCase,
  getCaseTimeline,
  getGuildOverview,
  getMemberProfile,
  HistoryKindSchema,
  listActivity,
  listAuditLog,
  listCases,
  listMemberHistory,
} from '@guildhall/projections';
import type { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { boolParam, intParam, many, parseQueryString, snowflakeParam, textParam } from '../http/query-params.js';
import { guildChannels } from './guild-channels.js';

const order = z.enum(['asc', 'desc']);
const instant = z.iso.datetime({ offset: true });
const cursor = textParam(500);

const CasesQuery = z
  .object({
    type: many(ModerationActionSchema).optional(),
    status: many(CaseStatusSchema).optional(),
    moderatorId: textParam(100).optional(),
    targetId: snowflakeParam.optional(),
    from: instant.optional(),
    to: instant.optional(),
    text: z.string().max(200).optional(),
    includeHidden: boolParam.optional(),
    order: order.optional(),
    limit: intParam.optional(),
    cursor: cursor.optional(),
  })
  .strict();

const ActivityQuery = z
  .object({
    kind: many(ActivityKindSchema).optional(),
    userId: snowflakeParam.optional(),
    channelId: snowflakeParam.optional(),
    from: instant.optional(),
    to: instant.optional(),
    limit: intParam.optional(),
    cursor: cursor.optional(),
  })
  .strict();

const AuditQuery = z
  .object({
    type: textParam(100).optional(),
    actorId: textParam(100).optional(),
    source: SourceSchema.optional(),
    correlationId: textParam(200).optional(),
    streamId: textParam(300).optional(),
    from: instant.optional(),
    to: instant.optional(),
    order: order.optional(),
    limit: intParam.optional(),
    cursor: cursor.optional(),
  })
  .strict();

const ProfileQuery = z
  .object({ historyLimit: intParam.optional(), casesLimit: intParam.optional(), includeHiddenCases: boolParam.optional() })
  .strict();
const HistoryQuery = z.object({ kind: many(HistoryKindSchema).optional(), limit: intParam.optional(), cursor: cursor.optional() }).strict();
const RequestOutcomeQuery = z.object({ userId: snowflakeParam, waitMs: intParam.pipe(z.number().max(25_000, 'at most 25000')).default(20_000) }).strict();
const Empty = z.object({}).strict();

const caseNumberOf = (raw: string): number => {
  const n = intParam.safeParse(raw);
  if (!n.success || n.data < 1) throw new ApiError(400, 'INVALID_QUERY', 'must be a positive whole number', 'caseNumber');
  return n.data;
};
const userIdOf = (raw: string): string => {
  if (!snowflakeParam.safeParse(raw).success) throw new ApiError(400, 'INVALID_QUERY', 'must be a Discord snowflake (1-20 digits)', 'userId');
  return raw;
};

/**
 * Read-side routes over the projections' query functions. The query string is checked here
 * (unknown parameters are refused); the query functions check the values again (INVALID_QUERY).
 */
export const registerQueryRoutes = (app: Hono<AppEnv>, deps: AppDeps): void => {
  const { pool, waiter } = deps;

  app.get('/api/guilds/:guildId/overview', async (c) => {
    parseQueryString(c, Empty);
    const guildId = c.var.guild.id;
    const [overview, counts, bot] = await Promise.all([
      getGuildOverview(pool, { guildId }),
      countCases(pool, { guildId }),
      deps.botStatus.latest(),
    ]);
    return c.json({ overview, counts, bot });
  });

  app.get('/api/guilds/:guildId/cases', async (c) => {
    const q = parseQueryString(c, CasesQuery);
    return c.json(await listCases(pool, { guildId: c.var.guild.id, ...q }));
  });

  app.get('/api/guilds/:guildId/cases/:caseNumber', async (c) => {
    parseQueryString(c, Empty);
    const found = await getCase(pool, { guildId: c.var.guild.id, caseNumber: caseNumberOf(c.req.param('caseNumber')) });
    if (!found) throw new ApiError(404, 'CASE_NOT_FOUND', `no case #${c.req.param('caseNumber')} in this guild (yet)`);
    return c.json(found);
  });

  app.get('/api/guilds/:guildId/cases/:caseNumber/timeline', async (c) => {
    parseQueryString(c, Empty);
    const caseNumber = caseNumberOf(c.req.param('caseNumber'));
    return c.json({ guildId: c.var.guild.id, caseNumber, entries: await getCaseTimeline(pool, { guildId: c.var.guild.id, caseNumber }) });
  });

  app.get('/api/guilds/:guildId/members/:userId', async (c) => {
    const q = parseQueryString(c, ProfileQuery);
    return c.json(await getMemberProfile(pool, { guildId: c.var.guild.id, userId: userIdOf(c.req.param('userId')), ...q }));
  });

  app.get('/api/guilds/:guildId/members/:userId/history', async (c) => {
    const q = parseQueryString(c, HistoryQuery);
    return c.json(await listMemberHistory(pool, { guildId: c.var.guild.id, userId: userIdOf(c.req.param('userId')), ...q }));
  });

  app.get('/api/guilds/:guildId/activity', async (c) => {
    const q = parseQueryString(c, ActivityQuery);
    return c.json(await listActivity(pool, { guildId: c.var.guild.id, ...q }));
  });

  app.get('/api/guilds/:guildId/audit-log', async (c) => {
    const q = parseQueryString(c, AuditQuery);
    return c.json(await listAuditLog(pool, { guildId: c.var.guild.id, ...q }));
  });

  app.get('/api/guilds/:guildId/channels', async (c) => {
    parseQueryString(c, Empty);
    return c.json({ channels: await guildChannels(deps.store, c.var.guild.id) });
  });

  // The rest of a request's story after the command's own answer: waits (pushed by the member
  // record's appends, never polled) until Discord's outcome or `waitMs`, then answers.
  app.get('/api/guilds/:guildId/requests/:requestId/outcome', async (c) => {
    const { userId, waitMs } = parseQueryString(c, RequestOutcomeQuery);
    const requestId = c.req.param('requestId');
    if (requestId.length > 200) throw new ApiError(400, 'INVALID_QUERY', 'at most 200 characters', 'requestId');
    const outcome = await waitForOutcome(waiter, { guildId: c.var.guild.id, userId, requestId }, waitMs);
    return c.json({ requestId, outcome });
  });
};
