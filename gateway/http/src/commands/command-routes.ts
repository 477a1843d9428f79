import type { CommandResult } from '@guildhall/eventing';
import { deterministicId, newId, type CommandEnvelope } from '@guildhall/kernel';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { hasAny } from '../auth/permissions.js';
import { ApiError, invalidInput, rejectionStatus } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { waitForOutcome } from '@guildhall/moderation/runtime';
import { CASE_OPENING, webCommand, webCommands } from './web-commands.js';

/** A client-chosen key that makes a retried submission the same command (the bus dedupes by id). */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,200}$/;

const readJson = async (req: Request): Promise<unknown> => {
  if (!(req.headers.get('content-type') ?? '').includes('application/json')) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the command payload as application/json');
  }
  try {
    return await req.json();
  } catch {
    throw new ApiError(400, 'INVALID_JSON', 'the body is not valid JSON', '(body)');
  }
};

/**
 * `POST /api/guilds/:guildId/commands/:context/:type`: a public command of a context, validated
 * with the context's own payload schema, checked against the user's Discord permissions, sent
 * on the bus as the dashboard user, and answered with the handler's decision when it comes
 * within the wait (else 202 pending: the command still completes).
 */
export const registerCommandRoutes = (app: Hono<AppEnv>, deps: AppDeps): void => {
  app.get('/api/commands', (c) => c.json({ commands: webCommands.map((w) => ({ context: w.context, type: w.type })) }));

  app.post(
    '/api/guilds/:guildId/commands/:context/:type',
    bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json(new ApiError(413, 'PAYLOAD_TOO_LARGE', 'a command body is at most 64 KiB').body(), 413) }),
    async (c) => {
      const { context, type } = c.req.param();
      const command = webCommand(context, type);
      if (!command) throw new ApiError(404, 'UNKNOWN_COMMAND', `${context}/${type} is not a command the dashboard may send`, 'type');
      const body = await readJson(c.req.raw);
      const parsed = command.schema.safeParse(body);
      if (!parsed.success) throw invalidInput('INVALID_COMMAND', parsed.error);
      const { guild, session, correlationId } = c.var;
      const needs = command.needs(body);
      if (!hasAny(guild, needs)) {
        throw new ApiError(403, 'FORBIDDEN', `${type} needs ${needs.join(' or ')} in ${guild.name || guild.id}`, undefined, { needs });
      }
      const key = c.req.header('idempotency-key');
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new ApiError(400, 'INVALID_HEADER', 'must be 8-200 characters of A-Z a-z 0-9 _ . : -', 'Idempotency-Key');
      }
      const started = Date.now();
      const envelope: CommandEnvelope = {
        id: key ? deterministicId('web', guild.id, session.user.id, key) : newId(),
        type,
        guildId: guild.id,
        actor: { kind: 'dashboard-user', id: session.user.id, name: session.user.name },
        source: 'web',
        correlationId,
        causationId: null,
        issuedAt: new Date().toISOString(),
        // The raw body: the handler parses it with the same schema, so defaults apply once, there.
        payload: body,
      };
      const result = await deps.bus.send(envelope, { context, waitMs: deps.commandWaitMs });
      deps.logger.info({ commandId: envelope.id, type, context, guildId: guild.id, status: result.status }, 'web command');
      const ids = { commandId: envelope.id, correlationId };
      switch (result.status) {
        case 'accepted': {
          // The same milestone a slash command replies with: done in Discord (with the case) or failed.
          const target = targetOf(parsed.data);
          const outcome =
            CASE_OPENING.has(type) && target
              ? await waitForOutcome(deps.waiter, { guildId: guild.id, userId: target, requestId: envelope.id }, Math.max(0, started + deps.commandWaitMs - Date.now()))
              : null;
          const caseNumber = outcome && outcome.status !== 'pending' ? outcome.caseNumber : null;
          return c.json({ ...ids, status: 'accepted' as const, result, caseNumber, outcome }, 200);
        }
        case 'pending':
          return c.json({ ...ids, status: 'pending' as const, result }, 202);
        case 'rejected':
          return c.json(rejectedBody(result, ids), result.code === 'INVALID_COMMAND' || result.code === 'UNKNOWN_COMMAND' ? 400 : rejectionStatus(result.code));
        case 'failed':
          return c.json({ ...ids, status: 'failed' as const, error: { code: 'COMMAND_FAILED', reason: result.reason, details: { attempts: result.attempts } } }, 502);
      }
    },
  );
};

const rejectedBody = (r: Extract<CommandResult, { status: 'rejected' }>, ids: { commandId: string; correlationId: string }) => {
  const field = typeof r.details.field === 'string' ? r.details.field.replace(/^payload\.?/, '') || '(body)' : undefined;
  return { ...ids, status: 'rejected' as const, error: { code: r.code, reason: r.message, ...(field ? { field } : {}), details: r.details } };
};

/** The member a moderation request is about (its payload's `target.id`). */
const targetOf = (payload: unknown): string | null => {
  if (typeof payload !== 'object' || payload === null || !('target' in payload)) return null;
  const t = payload.target;
  return typeof t === 'object' && t !== null && 'id' in t && typeof t.id === 'string' ? t.id : null;
};
