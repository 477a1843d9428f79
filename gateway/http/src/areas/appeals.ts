import { aggregateStream } from '@guildhall/eventing';
import {
  ANSWER_MAX,
  AppealSettingsSchema,
  appealSettingsAggregate,
  appealSettingsStreamId,
  caseAppealsAggregate,
  caseAppealsStreamId,
  forbiddenAppealCodes,
  notFoundAppealCodes,
  parseAppealEvent,
  parseAppealId,
  STATEMENT_MAX,
  DECISION_REASON_MAX,
  type AppealsCommandType,
} from '@guildhall/appeals';
import { newId, type CommandEnvelope } from '@guildhall/kernel';
import { approvalIdOfStream, caseAggregate, caseStreamId } from '@guildhall/moderation';
import { getAppeal, getAppealSettings, listAppeals, listMyCases } from '@guildhall/projections';
import type { Context } from 'hono';
import { guildRule, SELF } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { boolParam, intParam, snowflakeParam } from '../api/query-params.js';
import { CaseParams, GuildParams, json, loose, Snowflake } from '../api/schemas.js';
import { rejectedBody } from '../commands/send-command.js';
import { ApiError, rejectionStatus } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { attributionOf } from '../http/principal.js';

const AppealId = z.string().regex(/^\d{1,20}-\d{1,10}-\d{1,6}$/, 'must be an appeal id <guildId>-<caseNumber>-<n>').openapi({ example: '1052345678901234567-12-1' });
const AppealParams = GuildParams.extend({ appealId: AppealId });
const MyAppealParams = z.object({ appealId: AppealId });

/** `POST /me/appeals` (operationId `submitAppeal`). Limits are the appeals context's; a NUL byte is refused by the text-input middleware, naming the field. */
export const SubmitAppealSchema = z
  .object({
    guildId: Snowflake,
    caseNumber: z.number().int().min(1),
    statement: z.string().trim().min(1, 'must not be empty').max(STATEMENT_MAX, `must be at most ${STATEMENT_MAX} characters`),
    /** In the order of the guild's questions. */
    answers: z.array(z.string().max(ANSWER_MAX, `must be at most ${ANSWER_MAX} characters`)).max(20).optional(),
  })
  .strict()
  .openapi('SubmitAppeal');

/** `POST /guilds/{guildId}/appeals/{appealId}/decision` (operationId `decideAppeal`). */
export const DecideAppealSchema = z
  .object({
    decision: z.enum(['approved', 'denied']),
    /** Shown to the member. */
    reason: z.string().trim().min(1, 'must not be empty').max(DECISION_REASON_MAX, `must be at most ${DECISION_REASON_MAX} characters`),
  })
  .strict()
  .openapi('DecideAppeal');

const AppealsQuery = z
  .object({
    status: z.enum(['submitted', 'under-review', 'approved', 'denied', 'withdrawn']).optional(),
    open: boolParam.optional(),
    caseNumber: intParam.optional(),
    reviewerId: snowflakeParam.optional(),
    limit: intParam.optional(),
  })
  .strict();

const AppealView = loose('Appeal', { id: z.string(), caseNumber: z.number().int(), guildId: z.string(), status: z.string() });
const MyCase = loose('MyCase', { guildId: z.string(), guildName: z.string().nullable(), caseNumber: z.number().int(), type: z.string(), status: z.string() });
const CommandAnswer = loose('AppealCommandAnswer', { status: z.string(), commandId: z.string(), correlationId: z.string() });
/** The same answer a held ban gets: the decision waits for a second moderator (`approvalId` in listApprovals). */
const AwaitingApproval = z
  .object({ status: z.literal('awaiting-approval'), commandId: z.string(), correlationId: z.string(), approvalId: z.string(), result: z.record(z.string(), z.unknown()) })
  .openapi('AppealDecisionAwaitingApproval');
const Empty = z.object({}).strict();

/** The HTTP status of an appeals rejection: who asks (403), what is not there (404), the appeal's state (409). */
const statusOf = (code: string): 400 | 403 | 404 | 409 | 422 => {
  if (code === 'INVALID_COMMAND' || code === 'TOO_MANY_ANSWERS') return 400;
  if (forbiddenAppealCodes.has(code)) return 403;
  if (notFoundAppealCodes.has(code)) return 404;
  if (code.startsWith('APPEAL_')) return 409;
  return rejectionStatus(code);
};

/**
 * Appeals, mounted at `/api` (one `app.route` line):
 *   GET  /me/cases                                   listMyCases      the signed-in member's cases in every guild (rule `self`)
 *   POST /me/appeals                                 submitAppeal     { guildId, caseNumber, statement, answers? } (rule `self`)
 *   POST /me/appeals/{appealId}/withdraw             withdrawAppeal   (rule `self`)
 *   GET  /guilds/{guildId}/appeals                   listAppeals      the review queue (?status&open&caseNumber&reviewerId)
 *   GET  /guilds/{guildId}/appeals/{appealId}        getAppeal
 *   POST /guilds/{guildId}/appeals/{appealId}/assign assignAppeal     assign to me
 *   POST /guilds/{guildId}/appeals/{appealId}/decision decideAppeal   { decision, reason }
 *   GET  /guilds/{guildId}/cases/{caseNumber}/appeals listCaseAppeals the appeals beside a case's timeline
 *   GET|PUT /guilds/{guildId}/appeal-settings        getAppealSettings / putAppealSettings (admin)
 * A refusal (someone else's case, a second open appeal, the case's moderator deciding, ...)
 * appends nothing: the gateway or the decider refuses before any event.
 */
export const appealsArea = (deps: AppDeps) => {
  const app = newApiApp({ bodyCode: 'INVALID_BODY' });
  const staff = guildRule('moderator', null);

  const send = async (c: Context<AppEnv>, guildId: string, type: AppealsCommandType, payload: Record<string, unknown>) => {
    if (!c.var.principal) throw new ApiError(401, 'UNAUTHENTICATED', 'log in first');
    const { actor, source } = attributionOf(c.var.principal);
    const envelope: CommandEnvelope = { id: newId(), type, guildId, actor, source, correlationId: c.var.correlationId, causationId: null, issuedAt: new Date().toISOString(), payload };
    const result = await deps.bus.send(envelope, { context: 'appeals', waitMs: deps.commandWaitMs });
    deps.logger.info({ commandId: envelope.id, type, guildId, status: result.status }, 'appeals command');
    return { envelope, result, ids: { commandId: envelope.id, correlationId: c.var.correlationId } };
  };

  const answer = (c: Context<AppEnv>, sent: Awaited<ReturnType<typeof send>>, extra: Record<string, unknown> = {}, okStatus: 200 | 201 = 200) => {
    const { result, ids } = sent;
    switch (result.status) {
      case 'accepted': {
        // Four-eyes held it (an appeal decision): the approval request stands, nothing is decided yet.
        const approvalId = approvalIdOfStream(sent.envelope.guildId, result.streamId);
        if (approvalId !== null) return c.json({ ...ids, status: 'awaiting-approval' as const, approvalId, result }, 202);
        return c.json({ ...ids, status: 'accepted' as const, ...extra }, okStatus);
      }
      case 'pending':
        return c.json({ ...ids, status: 'pending' as const, ...extra }, 202);
      case 'rejected':
        return c.json(rejectedBody(result, ids), statusOf(result.code));
      case 'failed':
        return c.json({ ...ids, status: 'failed' as const, error: { code: 'COMMAND_FAILED', reason: result.reason, details: { attempts: result.attempts } } }, 502);
    }
  };

  const me = (c: Context<AppEnv>) => {
    const p = c.var.principal;
    if (p?.kind !== 'session') throw new ApiError(401, 'UNAUTHENTICATED', 'log in first');
    return p.user;
  };

  app.openapi(
    apiRoute(deps, { operationId: 'listMyCases', method: 'get', path: '/me/cases', tags: ['appeals'], summary: "The signed-in member's own cases in every guild, with their appeals", access: SELF, request: { query: Empty }, responses: { 200: json(z.object({ cases: z.array(MyCase).readonly() }), 'OK') } }),
    async (c) => {
      const p = c.var.principal;
      // The server's name as Discord listed it at login (a guild the member has left is not listed: null).
      const names = new Map(p?.kind === 'session' ? p.guilds.map((g) => [g.id, g.name]) : []);
      const cases = await listMyCases(deps.pool, { userId: me(c).id });
      return c.json({ cases: cases.map((x) => ({ ...x, guildName: names.get(x.guildId) ?? null })) }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'submitAppeal', method: 'post', path: '/me/appeals', tags: ['appeals'], summary: 'Appeal one of your own cases', access: SELF,
      request: { body: { content: { 'application/json': { schema: SubmitAppealSchema } }, required: true } },
      responses: { 201: json(CommandAnswer, 'Submitted (appealId)'), 202: json(CommandAnswer, 'Sent, not decided yet'), 404: json(loose('NotFound', {}), 'No such case'), 409: json(loose('Conflict', {}), 'An open appeal already, or the cooldown after a denial') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const user = me(c);
      // The case, fresh from its stream (the member may have been banned a second ago): moderation's public aggregate.
      const { state: kase } = await aggregateStream(deps.store, caseStreamId(body.guildId, body.caseNumber), caseAggregate);
      if (kase.status !== 'opened') throw new ApiError(404, 'CASE_NOT_FOUND', `no case #${body.caseNumber} in guild ${body.guildId}`, 'caseNumber');
      if (kase.target.id !== user.id) throw new ApiError(403, 'NOT_YOUR_CASE', `case #${body.caseNumber} is not about you`, 'caseNumber');
      const { state: settings } = await aggregateStream(deps.store, appealSettingsStreamId(body.guildId), appealSettingsAggregate);
      const sent = await send(c, body.guildId, 'SubmitAppeal', {
        caseNumber: body.caseNumber,
        statement: body.statement,
        answers: body.answers ?? [],
        appealedCase: { targetId: kase.target.id, moderatorId: kase.moderator.id, action: kase.action, hidden: kase.hidden !== null },
        settings: settings.settings,
      });
      if (sent.result.status !== 'accepted') return answer(c, sent);
      const { events } = await aggregateStream(deps.store, caseAppealsStreamId(body.guildId, body.caseNumber), caseAppealsAggregate);
      const own = events.filter((e) => e.causationId === sent.envelope.id).map(parseAppealEvent);
      const appealId = own.find((e) => e?.type === 'AppealSubmitted')?.data.appealId ?? null;
      return answer(c, sent, { appealId }, 201);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'withdrawAppeal', method: 'post', path: '/me/appeals/{appealId}/withdraw', tags: ['appeals'], summary: 'Withdraw your own appeal', access: SELF, request: { params: MyAppealParams }, responses: { 200: json(CommandAnswer, 'Withdrawn') } }),
    async (c) => {
      const { appealId } = c.req.valid('param');
      const id = parseAppealId(appealId);
      if (!id) throw new ApiError(400, 'INVALID_PATH', 'must be an appeal id <guildId>-<caseNumber>-<n>', 'appealId');
      me(c);
      return answer(c, await send(c, id.guildId, 'WithdrawAppeal', { caseNumber: id.caseNumber, appealId }));
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listAppeals', method: 'get', path: '/guilds/{guildId}/appeals', tags: ['appeals'], summary: 'The review queue: appeals oldest first, by status, open, case or reviewer', access: staff, request: { params: GuildParams, query: AppealsQuery }, responses: { 200: json(z.object({ appeals: z.array(AppealView).readonly() }), 'OK') } }),
    async (c) => c.json({ appeals: await listAppeals(deps.pool, { guildId: c.var.guild.id, ...c.req.valid('query') }) }, 200),
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listCaseAppeals', method: 'get', path: '/guilds/{guildId}/cases/{caseNumber}/appeals', tags: ['appeals'], summary: "A case's appeals, beside its timeline", access: guildRule('viewer', 'cases:read'), request: { params: CaseParams }, responses: { 200: json(z.object({ appeals: z.array(AppealView).readonly() }), 'OK') } }),
    async (c) => c.json({ appeals: await listAppeals(deps.pool, { guildId: c.var.guild.id, caseNumber: c.req.valid('param').caseNumber }) }, 200),
  );

  app.openapi(
    apiRoute(deps, { operationId: 'getAppeal', method: 'get', path: '/guilds/{guildId}/appeals/{appealId}', tags: ['appeals'], summary: 'One appeal: statement, answers, reviewer, decision', access: staff, request: { params: AppealParams }, responses: { 200: json(AppealView, 'OK'), 404: json(loose('NotFound', {}), 'No such appeal') } }),
    async (c) => {
      const a = await getAppeal(deps.pool, { guildId: c.var.guild.id, appealId: c.req.valid('param').appealId });
      if (!a) throw new ApiError(404, 'APPEAL_NOT_FOUND', `no appeal ${c.req.valid('param').appealId} in this server`, 'appealId');
      return c.json(a, 200);
    },
  );

  const onGuildAppeal = (c: Context<AppEnv>, appealId: string) => {
    const id = parseAppealId(appealId);
    if (!id || id.guildId !== c.var.guild.id) throw new ApiError(404, 'APPEAL_NOT_FOUND', `no appeal ${appealId} in this server`, 'appealId');
    return { caseNumber: id.caseNumber, appealId };
  };

  app.openapi(
    apiRoute(deps, { operationId: 'assignAppeal', method: 'post', path: '/guilds/{guildId}/appeals/{appealId}/assign', tags: ['appeals'], summary: 'Assign the appeal to me (under review)', access: staff, request: { params: AppealParams }, responses: { 200: json(CommandAnswer, 'Assigned') } }),
    async (c) => answer(c, await send(c, c.var.guild.id, 'AssignAppeal', onGuildAppeal(c, c.req.valid('param').appealId))),
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'decideAppeal', method: 'post', path: '/guilds/{guildId}/appeals/{appealId}/decision', tags: ['appeals'], summary: 'Approve (lifts the ban or timeout) or deny, with the reason the member sees', access: staff,
      request: { params: AppealParams, body: { content: { 'application/json': { schema: DecideAppealSchema } }, required: true } },
      responses: {
        200: json(CommandAnswer, 'Decided'),
        202: json(AwaitingApproval, "Four-eyes: the guild's rules hold appeal decisions; it runs once a second moderator approves"),
        403: json(loose('Forbidden', {}), 'The case moderator or the appellant may not decide (REVIEWER_IS_CASE_MODERATOR, REVIEWER_IS_APPELLANT)'),
        409: json(loose('Conflict', {}), 'Withdrawn or already decided'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return answer(c, await send(c, c.var.guild.id, 'DecideAppeal', { ...onGuildAppeal(c, c.req.valid('param').appealId), decision: body.decision, reason: body.reason }), { decision: body.decision });
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'getAppealSettings', method: 'get', path: '/guilds/{guildId}/appeal-settings', tags: ['appeals'], summary: "The guild's appeal settings", access: staff, request: { params: GuildParams }, responses: { 200: json(loose('AppealSettings', { enabled: z.boolean(), questions: z.array(z.string()), cooldownSeconds: z.number().int(), reviewLimitSeconds: z.number().int(), showHiddenCases: z.boolean(), showModeratorName: z.boolean() }), 'OK') } }),
    async (c) => c.json(await getAppealSettings(deps.pool, { guildId: c.var.guild.id }), 200),
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'putAppealSettings', method: 'put', path: '/guilds/{guildId}/appeal-settings', tags: ['appeals'], summary: 'Change the appeal settings (questions, cooldown, review limit, what members see)', access: guildRule('admin', null),
      request: { params: GuildParams, body: { content: { 'application/json': { schema: AppealSettingsSchema.strict() } }, required: true } },
      responses: { 200: json(CommandAnswer, 'Saved') },
    }),
    async (c) => answer(c, await send(c, c.var.guild.id, 'ChangeAppealSettings', { settings: c.req.valid('json') })),
  );

  return app;
};
