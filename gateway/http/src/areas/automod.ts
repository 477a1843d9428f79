import { permissionsOfRoles } from '@guildhall/access';
import {
  ACTION_PERMISSION,
  AUTOMATION_CONTEXT,
  AutomodErrorCodes,
  automodRuleAggregate,
  automodRuleStreamId,
  backtestRule,
  RuleDefinitionSchema,
  type AutomodRuleCommand,
  type RuleDefinition,
} from '@guildhall/automation';
import { aggregateStream } from '@guildhall/eventing';
import { backtestHistory, getAutomodRule, getMemberProfile, listAutomodHits, listAutomodRuleHistory, listAutomodRules } from '@guildhall/projections';
import { newId } from '@guildhall/kernel';
import type { Context } from 'hono';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { intParam, textParam } from '../api/query-params.js';
import { GuildParams, json, loose } from '../api/schemas.js';
import { webCommandEnvelope } from '../commands/send-command.js';
import { ApiError } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { guildChannels, guildRolePermissions } from '../queries/guild-channels.js';

const RuleIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ -').openapi({ example: '6f1c2a4e6b1f4f5e9a590d4c0f3b5e11' });
const RuleParams = GuildParams.extend({ ruleId: RuleIdParam });

/** The rule as the dashboard edits it (trigger, actions, exemptions, dry-run). */
const RuleBody = RuleDefinitionSchema;
const UpdateBody = z.object({ definition: RuleDefinitionSchema, expectedRevision: z.number().int().min(1).optional() }).strict().openapi('UpdateAutomodRule');
const BacktestBody = z
  .object({
    rule: RuleDefinitionSchema,
    /** How far back: the last N days of stored messages and joins. */
    days: z.number().int().min(1).max(90).default(7),
    /** Hits returned (the count is of all of them). */
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict()
  .openapi('BacktestAutomodRule');
const HitsQuery = z.object({ ruleId: RuleIdParam.optional(), dryRun: z.enum(['true', 'false']).optional(), limit: intParam.optional(), cursor: textParam(500).optional() }).strict();
const Empty = z.object({}).strict();

const Answer = loose('AutomodRuleAnswer', { status: z.enum(['accepted', 'pending']), commandId: z.string(), correlationId: z.string(), ruleId: z.string() });

/** Discord's permission bits for what automod's actions need of the bot. */
const BITS: Readonly<Record<string, bigint>> = {
  ADMINISTRATOR: 1n << 3n,
  KICK_MEMBERS: 1n << 1n,
  BAN_MEMBERS: 1n << 2n,
  SEND_MESSAGES: 1n << 11n,
  MANAGE_MESSAGES: 1n << 13n,
  MODERATE_MEMBERS: 1n << 40n,
};

const statusOf = (code: string): 400 | 404 | 409 | 422 =>
  code === 'INVALID_COMMAND' ? 400 : code === AutomodErrorCodes.AUTOMOD_RULE_NOT_FOUND ? 404 : code.startsWith('AUTOMOD_RULE_') ? 409 : 422;

/**
 * Automod rules, mounted at `/api` (one `app.route` line):
 *   POST /guilds/{guildId}/automod/rules                    createAutomodRule     a rule (created disabled: a draft)
 *   GET  /guilds/{guildId}/automod/rules                    listAutomodRules
 *   PUT  /guilds/{guildId}/automod/rules/{ruleId}           updateAutomodRule     { definition, expectedRevision? }
 *   POST /guilds/{guildId}/automod/rules/{ruleId}/enable    enableAutomodRule
 *   POST /guilds/{guildId}/automod/rules/{ruleId}/disable   disableAutomodRule
 *   GET  /guilds/{guildId}/automod/rules/{ruleId}/history   listAutomodRuleHistory every edit, enable, disable
 *   POST /guilds/{guildId}/automod/backtest                 backtestAutomodRule   { rule, days } → each hit with its message
 *   GET  /guilds/{guildId}/automod/hits                     listAutomodHits       ?ruleId&dryRun (the dry-run log)
 * A rule is checked at save: its patterns compile in RE2 (linear time), its trigger and actions
 * are known kinds, its alert channel exists, and the bot has the permission each action needs.
 */
export const automodArea = (deps: AppDeps) => {
  const app = newApiApp({ bodyCode: 'INVALID_COMMAND' });
  const read = guildRule('moderator', 'automation:write');
  const write = guildRule('admin', 'automation:write');

  /** What the bot may do in the guild, from its roles as last seen; null when Guildhall has not seen the bot's member record. */
  const botPermissions = async (guildId: string): Promise<bigint | null> => {
    const botId = deps.botStatus.latest()?.botUser?.id;
    if (!botId) return null;
    const { member } = await getMemberProfile(deps.pool, { guildId, userId: botId, historyLimit: 1, casesLimit: 1 });
    if (!member?.roles) return null;
    return BigInt(permissionsOfRoles([guildId, ...member.roles], await guildRolePermissions(deps.store, guildId)));
  };

  const check = async (guildId: string, d: RuleDefinition, prefix: string): Promise<void> => {
    const alerts = d.actions.map((a, i) => [a, i] as const).filter(([a]) => a.kind === 'alert');
    if (alerts.length > 0) {
      const channels = new Set((await guildChannels(deps.store, guildId)).map((c) => c.id));
      for (const [a, i] of alerts) {
        if (a.kind === 'alert' && !channels.has(a.channelId)) throw new ApiError(400, 'CHANNEL_NOT_FOUND', `no text or announcement channel ${a.channelId} in this server`, `${prefix}actions[${i}].channelId`);
      }
    }
    const perms = await botPermissions(guildId);
    if (perms === null || (perms & BITS.ADMINISTRATOR!) !== 0n) return;
    d.actions.forEach((a, i) => {
      const needs = ACTION_PERMISSION[a.kind];
      if (needs && (perms & BITS[needs]!) === 0n) {
        throw new ApiError(400, 'BOT_LACKS_PERMISSION', `the bot lacks ${needs} in this server, so it cannot ${a.kind}`, `${prefix}actions[${i}].kind`, { action: a.kind, permission: needs });
      }
    });
  };

  const notFound = (ruleId: string) => new ApiError(404, 'AUTOMOD_RULE_NOT_FOUND', `no automod rule ${ruleId} in this server`, 'ruleId');
  /** The rule as the read model has it (for reads); an unknown one answers 404. */
  const existing = async (guildId: string, ruleId: string) => {
    const rule = await getAutomodRule(deps.pool, { guildId, ruleId });
    if (!rule) throw notFound(ruleId);
    return rule;
  };
  /**
   * The rule's definition as its stream has it, before a command: an unknown rule answers 404
   * before any command is sent, and a rule created a moment ago is found even while the read
   * model has not caught up.
   */
  const definitionOf = async (guildId: string, ruleId: string) => {
    const { state } = await aggregateStream(deps.store, automodRuleStreamId(guildId, ruleId), automodRuleAggregate);
    if (!state.exists || !state.definition) throw notFound(ruleId);
    return state.definition;
  };

  const send = async (c: Context<AppEnv>, type: AutomodRuleCommand['type'], ruleId: string, payload: Record<string, unknown>, created = false) => {
    const { guild, correlationId } = c.var;
    const envelope = webCommandEnvelope(c, { type, payload: { ruleId, ...payload }, scope: 'automod', parts: [type] });
    const result = await deps.bus.send(envelope, { context: AUTOMATION_CONTEXT, waitMs: deps.commandWaitMs });
    deps.logger.info({ commandId: envelope.id, type, guildId: guild.id, ruleId, status: result.status }, 'automod command');
    const ids = { commandId: envelope.id, correlationId, ruleId };
    switch (result.status) {
      case 'accepted':
        return c.json({ ...ids, status: 'accepted' as const }, created ? 201 : 200);
      case 'pending':
        return c.json({ ...ids, status: 'pending' as const }, 202);
      case 'rejected': {
        const field = typeof result.details.field === 'string' ? result.details.field.replace(/^payload\.?/, '') : undefined;
        throw new ApiError(statusOf(result.code), result.code, result.message, field || undefined, result.details);
      }
      case 'failed':
        throw new ApiError(502, 'COMMAND_FAILED', result.reason, undefined, { attempts: result.attempts });
    }
  };

  app.openapi(
    apiRoute(deps, {
      operationId: 'createAutomodRule', method: 'post', path: '/guilds/{guildId}/automod/rules', tags: ['automation'], summary: 'Make an automod rule (disabled until enabled: backtest it first)', access: write,
      request: { params: GuildParams, body: { required: true, content: { 'application/json': { schema: RuleBody } } } },
      responses: { 201: json(Answer, 'Created'), 202: json(Answer, 'Still deciding') },
    }),
    async (c) => {
      const definition = c.req.valid('json');
      await check(c.var.guild.id, definition, '');
      return send(c, 'CreateAutomodRule', newId().replaceAll('-', ''), { definition }, true);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listAutomodRules', method: 'get', path: '/guilds/{guildId}/automod/rules', tags: ['automation'], summary: 'The server’s automod rules', access: read, request: { params: GuildParams, query: Empty }, responses: { 200: json(z.object({ rules: z.array(loose('AutomodRule', { ruleId: z.string(), name: z.string(), enabled: z.boolean(), revision: z.number() })).readonly() }), 'The rules') } }),
    async (c) => c.json({ rules: await listAutomodRules(deps.pool, { guildId: c.var.guild.id }) }, 200),
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'updateAutomodRule', method: 'put', path: '/guilds/{guildId}/automod/rules/{ruleId}', tags: ['automation'], summary: 'Save a new revision of a rule', access: write,
      request: { params: RuleParams, body: { required: true, content: { 'application/json': { schema: UpdateBody } } } },
      responses: { 200: json(Answer, 'Saved') },
    }),
    async (c) => {
      const { ruleId } = c.req.valid('param');
      const b = c.req.valid('json');
      await definitionOf(c.var.guild.id, ruleId);
      await check(c.var.guild.id, b.definition, 'definition.');
      return send(c, 'UpdateAutomodRule', ruleId, { definition: b.definition, expectedRevision: b.expectedRevision ?? null });
    },
  );

  for (const [operationId, type, verb] of [
    ['enableAutomodRule', 'EnableAutomodRule', 'enable'],
    ['disableAutomodRule', 'DisableAutomodRule', 'disable'],
  ] as const) {
    app.openapi(
      apiRoute(deps, { operationId, method: 'post', path: `/guilds/{guildId}/automod/rules/{ruleId}/${verb}`, tags: ['automation'], summary: `${verb === 'enable' ? 'Turn a rule on' : 'Turn a rule off'}`, access: write, request: { params: RuleParams }, responses: { 200: json(Answer, 'Done') } }),
      async (c) => {
        const { ruleId } = c.req.valid('param');
        const definition = await definitionOf(c.var.guild.id, ruleId);
        // The rule's actions are checked again: the bot's permissions may have changed since it was saved.
        if (verb === 'enable') await check(c.var.guild.id, definition, 'definition.');
        return send(c, type, ruleId, {});
      },
    );
  }

  app.openapi(
    apiRoute(deps, { operationId: 'listAutomodRuleHistory', method: 'get', path: '/guilds/{guildId}/automod/rules/{ruleId}/history', tags: ['automation'], summary: 'Every edit, enable and disable of a rule, oldest first', access: read, request: { params: RuleParams, query: Empty }, responses: { 200: json(z.object({ rule: loose('AutomodRule', {}), history: z.array(loose('AutomodRuleHistoryEntry', { type: z.string(), revision: z.number() })).readonly() }), 'The history') } }),
    async (c) => {
      const { ruleId } = c.req.valid('param');
      const rule = await existing(c.var.guild.id, ruleId);
      return c.json({ rule, history: await listAutomodRuleHistory(deps.pool, { guildId: c.var.guild.id, ruleId }) }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'backtestAutomodRule', method: 'post', path: '/guilds/{guildId}/automod/backtest', tags: ['automation'], summary: 'Run a draft rule over the stored messages and joins of the last N days: each hit with its message', access: read,
      request: { params: GuildParams, body: { required: true, content: { 'application/json': { schema: BacktestBody } } } },
      responses: { 200: json(loose('AutomodBacktest', { examined: z.object({ messages: z.number(), joins: z.number() }), hitCount: z.number(), hits: z.array(loose('AutomodBacktestHit', { reason: z.string() })).readonly(), truncated: z.boolean(), elapsedMs: z.number() }), 'The hits') },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const started = performance.now();
      const from = new Date(Date.now() - b.days * 86_400_000);
      const history = await backtestHistory(deps.pool, { guildId: c.var.guild.id, from });
      const result = backtestRule(b.rule, history.messages, history.joins);
      const hits = result.hits.slice(0, b.limit).map((h) => ({ reason: h.reason, at: h.observation.kind === 'message' ? h.observation.createdAt : h.observation.joinedAt, ...(h.observation.kind === 'message' ? { message: h.observation, join: null } : { message: null, join: h.observation }) }));
      return c.json({ from: from.toISOString(), examined: result.examined, hitCount: result.hits.length, hits, truncated: history.truncated, elapsedMs: Math.round(performance.now() - started) }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listAutomodHits', method: 'get', path: '/guilds/{guildId}/automod/hits', tags: ['automation'], summary: 'What the rules did (or, in dry-run, would have done), newest first', access: read, request: { params: GuildParams, query: HitsQuery }, responses: { 200: json(loose('AutomodHitPage', { items: z.array(loose('AutomodHit', {})).readonly(), nextCursor: z.string().nullable() }), 'The hits') } }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await listAutomodHits(deps.pool, { guildId: c.var.guild.id, ...(q.ruleId ? { ruleId: q.ruleId } : {}), ...(q.dryRun ? { dryRun: q.dryRun === 'true' } : {}), ...(q.limit !== undefined ? { limit: q.limit } : {}), ...(q.cursor ? { cursor: q.cursor } : {}) }), 200);
    },
  );

  return app;
};
