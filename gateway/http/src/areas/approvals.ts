import { atLeast } from '@guildhall/access';
import { forbiddenAppealCodes, notFoundAppealCodes } from '@guildhall/appeals';
import { refusalOfDecision } from '@guildhall/appeals/handler';
import { aggregateStream } from '@guildhall/eventing';
import {
  approvalRequestAggregate,
  approvalStreamId,
  FourEyesActSchema,
  fourEyesAggregate,
  FourEyesRulesSchema,
  fourEyesStreamId,
  moderationCatalogue,
  parseModerationEvent,
  publicCommandTypes,
  REASON_MAX,
  type OpenedApproval,
} from '@guildhall/moderation';
import { ApprovalStatusSchema, listApprovals } from '@guildhall/projections';
import type { Context } from 'hono';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, ErrorSchema, newApiApp, z } from '../api/openapi.js';
import { many } from '../api/query-params.js';
import { GuildParams, json, loose } from '../api/schemas.js';
import { commandAnswer, sendCommand } from '../commands/send-command.js';
import { ApiError } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { attributionOf } from '../http/principal.js';

const ApprovalParams = GuildParams.extend({ approvalId: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be an approval id from listApprovals') });
const Approval = loose('Approval', {
  approvalId: z.string(),
  act: FourEyesActSchema,
  status: ApprovalStatusSchema,
  summary: z.object({ text: z.string(), targets: z.array(z.object({ id: z.string(), name: z.string().nullable() })), caseNumber: z.number().int().nullable() }),
  requestedBy: z.object({ kind: z.string(), id: z.string(), name: z.string() }),
  requestedAt: z.string(),
  expiresAt: z.string(),
});
const Actor = z.object({ kind: z.string(), id: z.string(), name: z.string() });
const FourEyesSettings = z
  .object({
    acts: z.array(FourEyesActSchema),
    bulkThreshold: z.number().int(),
    expirySeconds: z.number().int(),
    staffChannelId: z.string().nullable(),
    configured: z.object({ configuredBy: Actor, configuredAt: z.string() }).nullable(),
    history: z.array(z.object({ acts: z.array(FourEyesActSchema), bulkThreshold: z.number().int(), expirySeconds: z.number().int(), staffChannelId: z.string().nullable(), configuredBy: Actor, configuredAt: z.string() })),
  })
  .openapi('FourEyesSettings');
const DenyBody = z.object({ reason: z.string().trim().max(REASON_MAX).nullable().optional() }).strict().openapi('DenyApprovalBody');
const Refused = (what: string) => json(ErrorSchema, what);
const Rejected = json(z.object({ status: z.string(), error: ErrorSchema.shape.error }).loose(), 'Refused');

/** Who decides matters (403); the request's state (409); no such request (404). */
const DECISION_STATUS: Readonly<Record<string, 403 | 404 | 409>> = {
  OWN_APPROVAL_FORBIDDEN: 403,
  APPROVAL_NOT_FOUND: 404,
  APPROVAL_ALREADY_DECIDED: 409,
  APPROVAL_EXPIRED: 409,
};

/**
 * Four-eyes: the guild's queue of acts waiting for a second moderator, approving and denying
 * them, and the rules (which acts wait, the bulk threshold, the expiry) with their history.
 * Deciding is for people (no API token may be the second pair of eyes).
 */
export const approvalsArea = (deps: AppDeps) => {
  const app = newApiApp({ bodyCode: 'INVALID_BODY' });
  const moderator = guildRule('moderator', 'cases:read');
  const decide = guildRule('moderator', null);
  const admin = guildRule('admin', null);

  const current = async (guildId: string, approvalId: string) => (await aggregateStream(deps.store, approvalStreamId(guildId, approvalId), approvalRequestAggregate)).state;

  /**
   * Whoever lets an appeal decision run is held to the decision's rules (not the case's
   * moderator, not the appellant, the appeal still open): the appeals decider, run as the
   * approver on the appeal as it stands, refuses before anything is appended. The run checks
   * them again (the appeal may change in between).
   */
  const approverMayDecide = async (c: Context<AppEnv>, a: OpenedApproval) => {
    if (!c.var.principal) throw new ApiError(401, 'UNAUTHENTICATED', 'log in first');
    const { actor, source } = attributionOf(c.var.principal);
    const asApprover = { id: a.approvalId, type: a.held.type, guildId: c.var.guild.id, actor, source, correlationId: c.var.correlationId, causationId: null, issuedAt: new Date().toISOString(), payload: a.held.payload };
    const refused = await refusalOfDecision(deps.store, asApprover);
    if (refused?.status !== 'rejected') return;
    const status = forbiddenAppealCodes.has(refused.code) ? 403 : notFoundAppealCodes.has(refused.code) ? 404 : 409;
    throw new ApiError(status, refused.code, refused.message, undefined, refused.details);
  };

  /** Sends the decision and answers with the request as it now stands. */
  const decision = async (c: Context<AppEnv>, approvalId: string, type: 'ApproveRequest' | 'DenyRequest', payload: Record<string, unknown>) => {
    const guildId = c.var.guild.id;
    const before = await current(guildId, approvalId);
    if (before.status === 'none') throw new ApiError(404, 'APPROVAL_NOT_FOUND', `no approval request ${approvalId} in this guild`, 'approvalId');
    // The second moderator needs the level the act itself needs (hiding a case is an admin's).
    const held = before.held.type;
    // An appeal decision is a moderator's (decideAppeal's level).
    const needed = before.held.context === 'moderation' && (publicCommandTypes as readonly string[]).includes(held) ? moderationCatalogue[held as (typeof publicCommandTypes)[number]].level : 'moderator';
    if (!atLeast(c.var.guild.level, needed)) throw new ApiError(403, 'FORBIDDEN', `deciding on ${held} needs the ${needed} level`);
    if (type === 'ApproveRequest' && before.status === 'pending' && before.held.context === 'appeals') await approverMayDecide(c, before);
    const sent = await sendCommand(c, deps, { context: 'moderation', type, payload: { approvalId, ...payload } });
    const r = sent.result;
    if (r.status === 'accepted') return c.json({ commandId: sent.commandId, approval: await current(guildId, approvalId) }, 200);
    if (r.status === 'rejected' && Object.hasOwn(DECISION_STATUS, r.code)) {
      throw new ApiError(DECISION_STATUS[r.code]!, r.code, r.message, r.code === 'APPROVAL_NOT_FOUND' ? 'approvalId' : undefined, r.details);
    }
    return commandAnswer(c, sent);
  };

  app.openapi(
    apiRoute(deps, {
      operationId: 'listApprovals', method: 'get', path: '/guilds/{guildId}/approvals', tags: ['approvals'], summary: 'Four-eyes requests (default: those waiting for a second moderator), newest first', access: moderator,
      request: { params: GuildParams, query: z.object({ status: many(ApprovalStatusSchema).optional() }).strict() },
      responses: { 200: json(z.object({ approvals: z.array(Approval).readonly() }), 'The requests') },
    }),
    async (c) => {
      const { status } = c.req.valid('query');
      return c.json({ approvals: await listApprovals(deps.pool, { guildId: c.var.guild.id, ...(status ? { status } : {}) }) }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'getApproval', method: 'get', path: '/guilds/{guildId}/approvals/{approvalId}', tags: ['approvals'], summary: 'One four-eyes request as it stands now', access: moderator,
      request: { params: ApprovalParams },
      responses: { 200: json(z.object({ approval: Approval }), 'The request'), 404: Refused('No such request (APPROVAL_NOT_FOUND)') },
    }),
    async (c) => {
      const { approvalId } = c.req.valid('param');
      const state = await current(c.var.guild.id, approvalId);
      if (state.status === 'none') throw new ApiError(404, 'APPROVAL_NOT_FOUND', `no approval request ${approvalId} in this guild`, 'approvalId');
      return c.json({ approval: state satisfies OpenedApproval }, 200);
    },
  );

  const decided = { 200: json(z.object({ commandId: z.string(), approval: Approval }), 'Decided'), 403: Refused('OWN_APPROVAL_FORBIDDEN: you asked for it yourself; FORBIDDEN: the act needs a higher level; REVIEWER_IS_CASE_MODERATOR / REVIEWER_IS_APPELLANT: an appeal decision may not be let through by them'), 404: Refused('No such request (APPROVAL_NOT_FOUND)'), 409: Refused('APPROVAL_ALREADY_DECIDED or APPROVAL_EXPIRED; APPEAL_WITHDRAWN / APPEAL_ALREADY_DECIDED for an appeal decision'), 202: Rejected, 422: Rejected, 502: Rejected };

  app.openapi(
    apiRoute(deps, {
      operationId: 'approveRequest', method: 'post', path: '/guilds/{guildId}/approvals/{approvalId}/approve', tags: ['approvals'], summary: 'Approve a request as the second moderator: the held act then runs once, as its requester asked it', access: decide,
      request: { params: ApprovalParams },
      responses: decided,
    }),
    async (c) => decision(c, c.req.valid('param').approvalId, 'ApproveRequest', {}),
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'denyRequest', method: 'post', path: '/guilds/{guildId}/approvals/{approvalId}/deny', tags: ['approvals'], summary: 'Deny a request as the second moderator: the held act never runs', access: decide,
      request: { params: ApprovalParams, body: { required: false, content: { 'application/json': { schema: DenyBody } } } },
      responses: decided,
    }),
    async (c) => {
      const body = c.req.valid('json') as z.output<typeof DenyBody> | undefined;
      return decision(c, c.req.valid('param').approvalId, 'DenyRequest', { reason: body?.reason ?? null });
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'getFourEyesSettings', method: 'get', path: '/guilds/{guildId}/four-eyes', tags: ['approvals'], summary: 'Which acts wait for a second moderator, the bulk threshold and the expiry, with every change', access: moderator,
      request: { params: GuildParams },
      responses: { 200: json(FourEyesSettings, 'The rules') },
    }),
    async (c) => {
      const { state, events } = await aggregateStream(deps.store, fourEyesStreamId(c.var.guild.id), fourEyesAggregate);
      const history = events.flatMap((e) => {
        const event = parseModerationEvent(e);
        return event?.type === 'FourEyesConfigured' ? [event.data] : [];
      });
      return c.json({ ...state, history }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'putFourEyesSettings', method: 'put', path: '/guilds/{guildId}/four-eyes', tags: ['approvals'], summary: "Set the guild's four-eyes rules (acts: [] turns it off); admins only", access: admin,
      request: { params: GuildParams, body: { required: true, content: { 'application/json': { schema: FourEyesRulesSchema as z.ZodType<unknown> } } } },
      responses: { 200: json(FourEyesSettings.omit({ history: true }).extend({ commandId: z.string() }), 'The rules in force'), 202: Rejected, 409: Rejected, 422: Rejected, 502: Rejected },
    }),
    async (c) => {
      const sent = await sendCommand(c, deps, { context: 'moderation', type: 'ConfigureFourEyes', payload: c.req.valid('json') });
      if (sent.result.status !== 'accepted') return commandAnswer(c, sent);
      const { state } = await aggregateStream(deps.store, fourEyesStreamId(c.var.guild.id), fourEyesAggregate);
      return c.json({ commandId: sent.commandId, ...state }, 200);
    },
  );

  return app;
};
