import { AUTOMATION_CONTEXT, scheduleAggregate, ScheduleErrorCodes, scheduleStreamId, type ScheduleCommandType, type ScheduleState, type Trigger } from '@guildhall/automation';
import { aggregateStream } from '@guildhall/eventing';
import { getSchedule, listScheduleRuns, listSchedules, ScheduleStatusSchema } from '@guildhall/projections';
import { newId } from '@guildhall/kernel';
import type { Context } from 'hono';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { intParam, many } from '../api/query-params.js';
import { GuildParams, json, loose, Snowflake } from '../api/schemas.js';
import { webCommandEnvelope } from '../commands/send-command.js';
import { ApiError } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { actionProblem } from '../queries/bot-capabilities.js';
import { guildChannels } from '../queries/guild-channels.js';

const DISCORD_CONTENT_MAX = 2000;
const ScheduleIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 characters of A-Z a-z 0-9 _ -').openapi({ example: '6f1c2a4e-6b1f-4f5e-9a59-0d4c0f3b5e11' });
const ScheduleParams = GuildParams.extend({ scheduleId: ScheduleIdParam });

const content = z.string().trim().min(1, 'a message needs content').max(DISCORD_CONTENT_MAX, `Discord allows at most ${DISCORD_CONTENT_MAX} characters`);
const at = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 time with its offset, e.g. 2026-03-29T09:00:00+02:00' });
const cron = z.string().trim().min(1).max(120).openapi({ example: '0 9 * * 1' });
const timeZone = z.string().min(1).max(64).openapi({ example: 'Europe/Berlin' });
const name = z.string().trim().min(1).max(100);
const missedRun = z.enum(['fire-once', 'skip']);

/** Exactly one of `at` (once) and `cron` (recurring): a schedule with both or neither is refused at the field. */
const oneTrigger = (b: { at?: string | undefined; cron?: string | undefined }, ctx: z.RefinementCtx, required: boolean): void => {
  if (b.at !== undefined && b.cron !== undefined) ctx.addIssue({ code: 'custom', path: ['cron'], message: 'give either at (once) or cron (recurring), not both' });
  if (required && b.at === undefined && b.cron === undefined) ctx.addIssue({ code: 'custom', path: ['at'], message: 'give at (once) or cron (recurring)' });
};

/** `POST /guilds/{guildId}/schedules` (operationId `createScheduledMessage`). */
export const CreateScheduledMessageSchema = z
  .object({
    channelId: Snowflake,
    content,
    at: at.optional(),
    cron: cron.optional(),
    /** The zone `cron` is read in (IANA, e.g. Europe/Berlin). Default UTC. */
    timeZone: timeZone.optional(),
    name: name.optional(),
    /** A deadline missed while Guildhall was down: run it once when back (default), or skip it. */
    missedRun: missedRun.optional(),
    /** An announcement may ping @everyone and roles. */
    announcement: z.boolean().optional(),
  })
  .strict()
  .superRefine((b, ctx) => oneTrigger(b, ctx, true))
  .openapi('CreateScheduledMessage');

/** `PATCH /guilds/{guildId}/schedules/{scheduleId}` (operationId `updateSchedule`): what is given changes. */
export const UpdateScheduleSchema = z
  .object({ channelId: Snowflake.optional(), content: content.optional(), at: at.optional(), cron: cron.optional(), timeZone: timeZone.optional(), name: name.nullable().optional(), missedRun: missedRun.optional() })
  .strict()
  .superRefine((b, ctx) => oneTrigger(b, ctx, false))
  .openapi('UpdateSchedule');

const reason = z.string().trim().max(512).optional();
const Snowflakes = { userId: Snowflake };

/** What a scheduled action does (not a plain message: that is `createScheduledMessage`). */
const ScheduledActionBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reminder'), channelId: Snowflake, ...Snowflakes, content }).strict(),
  z.object({ kind: z.literal('unban'), ...Snowflakes, reason }).strict(),
  z.object({ kind: z.literal('untimeout'), ...Snowflakes, reason }).strict(),
  /** Given at `at` (now when left out), taken away at `until`. */
  z.object({ kind: z.literal('temporary-role'), ...Snowflakes, roleId: Snowflake, until: at, reason }).strict(),
]);

/** `POST /guilds/{guildId}/scheduled-actions` (operationId `createScheduledAction`). */
export const CreateScheduledActionSchema = z
  .object({
    action: ScheduledActionBody,
    at: at.optional(),
    cron: cron.optional(),
    timeZone: timeZone.optional(),
    name: name.optional(),
    missedRun: missedRun.optional(),
  })
  .strict()
  // A temporary role without `at` is given now; every other kind needs its time.
  .superRefine((b, ctx) => oneTrigger(b, ctx, b.action.kind !== 'temporary-role'))
  .openapi('CreateScheduledAction');

/** A role given "now" is given by the scheduler a moment from now (a one-off's time must be ahead when it is made). */
const GIVE_NOW_LEAD_MS = 1_000;

const RunsQuery = z.object({ limit: intParam.optional() }).strict();
const ListQuery = z.object({ status: many(ScheduleStatusSchema).optional() }).strict();
const Empty = z.object({}).strict();

const Answer = loose('ScheduleCommandAnswer', {
  status: z.enum(['accepted', 'pending']),
  commandId: z.string(),
  correlationId: z.string(),
  scheduleId: z.string(),
  scheduleStatus: z.string().nullable(),
  nextRunAt: z.string().nullable(),
});

/** Refusals that are about the input (400 at the field the decider names), not about the schedule's state. */
const BAD_INPUT = new Set<string>([
  ScheduleErrorCodes.CRON_INVALID,
  ScheduleErrorCodes.CRON_NEVER_FIRES,
  ScheduleErrorCodes.TIME_ZONE_UNKNOWN,
  ScheduleErrorCodes.AT_IN_PAST,
  ScheduleErrorCodes.MESSAGE_EMPTY,
  ScheduleErrorCodes.EMBEDS_TOO_LONG,
  ScheduleErrorCodes.UNTIL_NOT_AFTER_START,
  ScheduleErrorCodes.TEMPORARY_ROLE_NOT_ONCE,
  'INVALID_COMMAND',
]);

/** The decider's fields that are the action's (named `action.<field>` in createScheduledAction's body). */
const ACTION_FIELDS = new Set(['until', 'roleId', 'userId', 'channelId', 'content', 'reason']);

const statusOf = (code: string): 400 | 404 | 409 | 422 =>
  BAD_INPUT.has(code) ? 400 : code === ScheduleErrorCodes.SCHEDULE_NOT_FOUND ? 404 : code === ScheduleErrorCodes.SCHEDULE_EXISTS || code.startsWith('SCHEDULE_') ? 409 : 422;

const triggerOf = (b: { at?: string | undefined; cron?: string | undefined; timeZone?: string | undefined }, current: Trigger | null): Trigger | undefined => {
  if (b.at !== undefined) return { kind: 'once', at: b.at };
  if (b.cron !== undefined) return { kind: 'cron', cron: b.cron, timeZone: b.timeZone ?? (current?.kind === 'cron' ? current.timeZone : 'UTC') };
  if (b.timeZone !== undefined && current?.kind === 'cron') return { ...current, timeZone: b.timeZone };
  return undefined;
};

/**
 * Scheduled actions, mounted at `/api` (one `app.route` line):
 *   POST   /guilds/{guildId}/schedules                         createScheduledMessage  { channelId, content, at?, cron?, timeZone? }
 *   POST   /guilds/{guildId}/scheduled-actions                 createScheduledAction   { action: reminder | unban | untimeout | temporary-role, at?, cron?, timeZone? }
 *   GET    /guilds/{guildId}/schedules                         listSchedules           ?status
 *   GET    /guilds/{guildId}/schedules/{scheduleId}/runs       listScheduleRuns        every run and its outcome
 *   PATCH  /guilds/{guildId}/schedules/{scheduleId}            updateSchedule
 *   POST   /guilds/{guildId}/schedules/{scheduleId}/pause      pauseSchedule
 *   POST   /guilds/{guildId}/schedules/{scheduleId}/resume     resumeSchedule
 *   DELETE /guilds/{guildId}/schedules/{scheduleId}            cancelSchedule
 * The schedule decider checks the cron (it must parse and come round), the zone and the time;
 * its refusals answer 400 naming the field, and nothing is stored.
 */
export const schedulesArea = (deps: AppDeps) => {
  const app = newApiApp({ bodyCode: 'INVALID_COMMAND' });
  const rule = guildRule('moderator', 'automation:write');

  const load = async (guildId: string, scheduleId: string): Promise<ScheduleState> => (await aggregateStream(deps.store, scheduleStreamId(guildId, scheduleId), scheduleAggregate)).state;

  const checkChannel = async (guildId: string, channelId: string, field = 'channelId'): Promise<void> => {
    const channels = await guildChannels(deps.store, guildId);
    if (!channels.some((c) => c.id === channelId)) throw new ApiError(400, 'CHANNEL_NOT_FOUND', `no text or announcement channel ${channelId} in this server`, field);
  };

  /** A role the bot could not give or take is refused now (400 at action.roleId), not at its run. */
  const checkRole = async (guildId: string, roleId: string): Promise<void> => {
    const p = await actionProblem(deps.store, guildId, deps.botStatus.latest()?.botUser?.id ?? null, [{ kind: 'role', roleId }]);
    if (p) throw new ApiError(400, p.code, p.reason, 'action.roleId');
  };

  /** Sends a schedule command as the caller and answers with the schedule as it now stands. */
  /** `nested`: the body holds the action under `action` (createScheduledAction), so its fields are named `action.<field>`. */
  const send = async (c: Context<AppEnv>, type: ScheduleCommandType, scheduleId: string, payload: Record<string, unknown>, created = false, nested = false) => {
    const { guild, correlationId } = c.var;
    const envelope = webCommandEnvelope(c, { type, payload: { scheduleId, ...payload }, scope: 'schedule', parts: [type] });
    const result = await deps.bus.send(envelope, { context: AUTOMATION_CONTEXT, waitMs: deps.commandWaitMs });
    deps.logger.info({ commandId: envelope.id, type, guildId: guild.id, scheduleId, status: result.status }, 'schedule command');
    const ids = { commandId: envelope.id, correlationId, scheduleId };
    switch (result.status) {
      case 'accepted': {
        const s = await load(guild.id, scheduleId);
        const now = s.status === 'none' ? { scheduleStatus: null, nextRunAt: null } : { scheduleStatus: s.status, nextRunAt: s.nextRunAt };
        return c.json({ ...ids, status: 'accepted' as const, ...now }, created ? 201 : 200);
      }
      case 'pending':
        return c.json({ ...ids, status: 'pending' as const, scheduleStatus: null, nextRunAt: null }, 202);
      case 'rejected': {
        const raw = typeof result.details.field === 'string' ? result.details.field.replace(/^payload\.?/, '') : undefined;
        // The decider names the domain's fields (trigger.at …); the body has them flat.
        const flat = raw?.replace(/^trigger\./, '').replace(/^action\./, '');
        const field = nested && flat && ACTION_FIELDS.has(flat) ? `action.${flat}` : flat;
        throw new ApiError(statusOf(result.code), result.code, result.message, field || undefined, result.details);
      }
      case 'failed':
        throw new ApiError(502, 'COMMAND_FAILED', result.reason, undefined, { attempts: result.attempts });
    }
  };

  app.openapi(
    apiRoute(deps, {
      operationId: 'createScheduledMessage', method: 'post', path: '/guilds/{guildId}/schedules', tags: ['automation'], summary: 'Schedule a message: once (`at`) or recurring (`cron` in `timeZone`)', access: rule,
      request: { params: GuildParams, body: { required: true, content: { 'application/json': { schema: CreateScheduledMessageSchema } } } },
      responses: { 201: json(Answer, 'Scheduled'), 202: json(Answer, 'Still deciding: the schedule will be made') },
    }),
    async (c) => {
      const b = c.req.valid('json');
      await checkChannel(c.var.guild.id, b.channelId);
      const trigger = triggerOf(b, null)!;
      return send(c, 'CreateSchedule', newId(), {
        name: b.name ?? null,
        trigger,
        action: { kind: 'message', channelId: b.channelId, content: b.content, announcement: b.announcement ?? false },
        ...(b.missedRun ? { missedRun: b.missedRun } : {}),
      }, true);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'createScheduledAction', method: 'post', path: '/guilds/{guildId}/scheduled-actions', tags: ['automation'],
      summary: 'Schedule a reminder, an unban, the end of a timeout (once or recurring) or a temporary role (given at `at` or now, removed at `until`)', access: rule,
      request: { params: GuildParams, body: { required: true, content: { 'application/json': { schema: CreateScheduledActionSchema } } } },
      responses: { 201: json(Answer, 'Scheduled'), 202: json(Answer, 'Still deciding: the schedule will be made') },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const a = b.action;
      const guildId = c.var.guild.id;
      if (a.kind === 'reminder') await checkChannel(guildId, a.channelId, 'action.channelId');
      if (a.kind === 'temporary-role') await checkRole(guildId, a.roleId);
      const trigger = triggerOf(b, null) ?? { kind: 'once' as const, at: new Date(Date.now() + GIVE_NOW_LEAD_MS).toISOString() };
      const action = a.kind === 'reminder' ? a : { ...a, reason: a.reason || null };
      return send(c, 'CreateSchedule', newId(), { name: b.name ?? null, trigger, action, ...(b.missedRun ? { missedRun: b.missedRun } : {}) }, true, true);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listSchedules', method: 'get', path: '/guilds/{guildId}/schedules', tags: ['automation'], summary: 'The server’s scheduled actions, the next to run first', access: rule, request: { params: GuildParams, query: ListQuery }, responses: { 200: json(z.object({ schedules: z.array(loose('Schedule', { scheduleId: z.string(), status: z.string(), nextRunAt: z.string().nullable() })).readonly() }), 'The schedules') } }),
    async (c) => {
      const { status } = c.req.valid('query');
      return c.json({ schedules: await listSchedules(deps.pool, { guildId: c.var.guild.id, ...(status ? { status } : {}) }) }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listScheduleRuns', method: 'get', path: '/guilds/{guildId}/schedules/{scheduleId}/runs', tags: ['automation'], summary: 'A schedule’s runs, newest first, each with its outcome', access: rule, request: { params: ScheduleParams, query: RunsQuery }, responses: { 200: json(z.object({ schedule: loose('Schedule', {}), runs: z.array(loose('ScheduleRun', { outcome: z.string() })).readonly() }), 'The runs') } }),
    async (c) => {
      const { scheduleId } = c.req.valid('param');
      const { limit } = c.req.valid('query');
      const schedule = await getSchedule(deps.pool, { guildId: c.var.guild.id, scheduleId });
      if (!schedule) throw new ApiError(404, 'SCHEDULE_NOT_FOUND', `no schedule ${scheduleId} in this server`, 'scheduleId');
      return c.json({ schedule, runs: await listScheduleRuns(deps.pool, { guildId: c.var.guild.id, scheduleId, ...(limit !== undefined ? { limit } : {}) }) }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'updateSchedule', method: 'patch', path: '/guilds/{guildId}/schedules/{scheduleId}', tags: ['automation'], summary: 'Edit a schedule: its text, channel, time or cron, zone, name or missed-run policy', access: rule,
      request: { params: ScheduleParams, body: { required: true, content: { 'application/json': { schema: UpdateScheduleSchema } } } },
      responses: { 200: json(Answer, 'Edited') },
    }),
    async (c) => {
      const { scheduleId } = c.req.valid('param');
      const b = c.req.valid('json');
      const guildId = c.var.guild.id;
      const current = await load(guildId, scheduleId);
      if (current.status === 'none') throw new ApiError(404, 'SCHEDULE_NOT_FOUND', `no schedule ${scheduleId} in this server`, 'scheduleId');
      const payload: Record<string, unknown> = {};
      const trigger = triggerOf(b, current.trigger);
      if (trigger) payload.trigger = trigger;
      if (b.channelId !== undefined || b.content !== undefined) {
        if (current.action.kind !== 'message') throw new ApiError(422, 'NOT_A_MESSAGE', `schedule ${scheduleId} does not post a message`, b.channelId !== undefined ? 'channelId' : 'content');
        if (b.channelId !== undefined) await checkChannel(guildId, b.channelId);
        payload.action = { ...current.action, ...(b.channelId !== undefined ? { channelId: b.channelId } : {}), ...(b.content !== undefined ? { content: b.content } : {}) };
      }
      if (b.name !== undefined) payload.name = b.name;
      if (b.missedRun !== undefined) payload.missedRun = b.missedRun;
      return send(c, 'UpdateSchedule', scheduleId, payload);
    },
  );

  for (const [operationId, type, verb] of [
    ['pauseSchedule', 'PauseSchedule', 'pause'],
    ['resumeSchedule', 'ResumeSchedule', 'resume'],
  ] as const) {
    app.openapi(
      apiRoute(deps, { operationId, method: 'post', path: `/guilds/{guildId}/schedules/{scheduleId}/${verb}`, tags: ['automation'], summary: verb === 'pause' ? 'Pause a schedule (nothing runs until it is resumed)' : 'Resume a paused schedule at its next time', access: rule, request: { params: ScheduleParams, body: { required: false, content: { 'application/json': { schema: Empty } } } }, responses: { 200: json(Answer, verb === 'pause' ? 'Paused' : 'Resumed') } }),
      async (c) => send(c, type, c.req.valid('param').scheduleId, {}),
    );
  }

  app.openapi(
    apiRoute(deps, { operationId: 'cancelSchedule', method: 'delete', path: '/guilds/{guildId}/schedules/{scheduleId}', tags: ['automation'], summary: 'Cancel a schedule for good (its history stays)', access: rule, request: { params: ScheduleParams }, responses: { 200: json(Answer, 'Cancelled') } }),
    async (c) => send(c, 'CancelSchedule', c.req.valid('param').scheduleId, {}),
  );

  return app;
};
