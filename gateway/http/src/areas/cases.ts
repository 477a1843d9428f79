import { atLeast } from '@guildhall/access';
import { aggregateStream } from '@guildhall/eventing';
import { approvalOutcomeOf, approvalRequestAggregate, approvalStreamId, ModerationActionSchema } from '@guildhall/moderation';
import { waitForOutcome } from '@guildhall/moderation/runtime';
import { CaseStatusSchema, countCases, getCase, getCaseTimeline, getGuildOverview, listCases } from '@guildhall/projections';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { boolParam, instantParam, intParam, many, orderParam, snowflakeParam, textParam } from '../api/query-params.js';
import { CaseParams, GuildParams, json, loose, page } from '../api/schemas.js';
import { ApiError } from '../http/api-error.js';
import type { AppDeps } from '../http/app-env.js';

export const CasesQuery = z
  .object({
    type: many(ModerationActionSchema).optional(),
    status: many(CaseStatusSchema).optional(),
    moderatorId: textParam(100).optional(),
    targetId: snowflakeParam.optional(),
    from: instantParam.optional(),
    to: instantParam.optional(),
    text: z.string().max(200).optional(),
    includeHidden: boolParam.optional(),
    order: orderParam.optional(),
    limit: intParam.optional(),
    cursor: textParam(500).optional(),
  })
  .strict();

const CaseRow = loose('CaseSummary', { caseNumber: z.number().int(), type: z.string(), status: z.string() });
const CaseDetail = loose('CaseDetail', { caseNumber: z.number().int(), state: z.record(z.string(), z.unknown()) });
const TimelineEntry = loose('CaseTimelineEntry', {
  /**
   * `case`: an event of the case's stream; `appeal`: of its appeals' (then with `appealId`, `appealCaseNumber` and `appeal`, the
   * appeal after it), or, on a case an approved appeal opened (its unban), of that appeal (`appealCaseNumber`: the case it lifted).
   */
  stream: z.enum(['case', 'appeal']),
  type: z.string(),
  position: z.number(),
  state: z.record(z.string(), z.unknown()),
});
const Overview = z.object({ overview: loose('GuildOverview', {}), counts: loose('CaseCounts', {}), bot: loose('BotStatus', {}).nullable() }).openapi('Overview');
const Empty = z.object({}).strict();
const RequestOutcome = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('applied'), caseNumber: z.number().int() }),
    z.object({ status: z.literal('failed'), caseNumber: z.number().int(), reason: z.string(), discordErrorCode: z.number().int().nullable() }),
    z.object({ status: z.literal('pending') }),
    // Four-eyes held the request: it waits for a second moderator, was refused or lapsed.
    z.object({ status: z.literal('awaiting-approval'), approvalId: z.string(), expiresAt: z.string() }),
    z.object({ status: z.literal('approval-denied'), approvalId: z.string(), reason: z.string().nullable() }),
    z.object({ status: z.literal('approval-expired'), approvalId: z.string() }),
  ])
  .openapi('RequestOutcome');

/** Cases: the overview, the case list, one case, its timeline, and the case a request opened. */
export const casesArea = (deps: AppDeps) => {
  const { pool } = deps;
  const app = newApiApp();
  const read = guildRule('viewer', 'cases:read');

  app.openapi(
    apiRoute(deps, { operationId: 'getOverview', method: 'get', path: '/guilds/{guildId}/overview', tags: ['cases'], summary: 'Headline numbers, case counts and the bot status', access: read, request: { params: GuildParams, query: Empty }, responses: { 200: json(Overview, 'The overview') } }),
    async (c) => {
      const guildId = c.var.guild.id;
      const [overview, counts] = await Promise.all([getGuildOverview(pool, { guildId }), countCases(pool, { guildId })]);
      return c.json({ overview, counts, bot: deps.botStatus.latest() }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listCases', method: 'get', path: '/guilds/{guildId}/cases', tags: ['cases'], summary: 'A page of cases, filtered', access: read, request: { params: GuildParams, query: CasesQuery }, responses: { 200: json(page('CasePage', CaseRow), 'A page of cases') } }),
    async (c) => c.json(await listCases(pool, { guildId: c.var.guild.id, ...c.req.valid('query') }), 200),
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'getCase', method: 'get', path: '/guilds/{guildId}/cases/{caseNumber}', tags: ['cases'], summary: 'One case with its state', access: read,
      request: { params: CaseParams, query: Empty },
      responses: { 200: json(CaseDetail, 'The case'), 404: json(z.object({ error: z.object({ code: z.literal('CASE_NOT_FOUND'), reason: z.string() }) }), 'No such case') },
    }),
    async (c) => {
      const { caseNumber } = c.req.valid('param');
      const found = await getCase(pool, { guildId: c.var.guild.id, caseNumber });
      if (!found) throw new ApiError(404, 'CASE_NOT_FOUND', `no case #${caseNumber} in this guild (yet)`);
      return c.json(found, 200);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'getCaseTimeline', method: 'get', path: '/guilds/{guildId}/cases/{caseNumber}/timeline', tags: ['cases'],
      summary: "Every event of a case and of its appeals, in order, with the case's state after each (an appellant's statement and answers only for moderators, as with getAppeal)", access: read,
      request: { params: CaseParams, query: Empty },
      responses: { 200: json(z.object({ guildId: z.string(), caseNumber: z.number().int(), entries: z.array(TimelineEntry).readonly() }).openapi('CaseTimeline'), 'The timeline') },
    }),
    async (c) => {
      const { caseNumber } = c.req.valid('param');
      // Who may read an appeal (getAppeal: a moderator's session) may read its statement here; viewers and tokens see it withheld.
      const statements = atLeast(c.var.guild.level, 'moderator');
      return c.json({ guildId: c.var.guild.id, caseNumber, entries: await getCaseTimeline(pool, { guildId: c.var.guild.id, caseNumber, statements }) }, 200);
    },
  );

  // The rest of a request's story after the command's own answer: held open (pushed by the member
  // record's appends, never polled) until Discord's outcome or `waitMs`.
  app.openapi(
    apiRoute(deps, {
      operationId: 'getRequestOutcome', method: 'get', path: '/guilds/{guildId}/requests/{requestId}/outcome', tags: ['cases'],
      summary: "A moderation request's outcome: applied (with its case), failed in Discord (with its code), awaiting a second moderator (four-eyes), or pending when the wait ends", access: read,
      request: {
        params: GuildParams.extend({ requestId: z.string().min(1).max(200) }),
        query: z.object({ userId: snowflakeParam, waitMs: z.coerce.number().int().min(0).max(25_000).default(20_000) }).strict(),
      },
      responses: { 200: json(z.object({ requestId: z.string(), outcome: RequestOutcome }), 'The outcome') },
    }),
    async (c) => {
      const { requestId } = c.req.valid('param');
      const { userId, waitMs } = c.req.valid('query');
      const guildId = c.var.guild.id;
      // A request four-eyes held runs, once approved, under its execution id: that one's outcome is the request's.
      // (Only ids that can name a stream can have been held.)
      const held = /^[A-Za-z0-9_-]+$/.test(requestId)
        ? approvalOutcomeOf((await aggregateStream(deps.store, approvalStreamId(guildId, requestId), approvalRequestAggregate)).state)
        : undefined;
      if (held && held.status !== 'approved') return c.json({ requestId, outcome: held }, 200);
      const ran = held?.executionId ?? requestId;
      return c.json({ requestId, outcome: await waitForOutcome(deps.waiter, { guildId, userId, requestId: ran }, waitMs) }, 200);
    },
  );

  return app;
};
