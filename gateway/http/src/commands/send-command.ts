import type { CommandResult } from '@guildhall/eventing';
import { deterministicId, newId, type CommandEnvelope } from '@guildhall/kernel';
import type { Context } from 'hono';
import { ApiError, rejectionStatus } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { attributionOf } from '../http/principal.js';
import { waitForOutcome } from '@guildhall/moderation/runtime';
import { approvalIdOfStream, type ModerationOutcome } from '@guildhall/moderation';

/** A client-chosen key that makes a retried submission the same command (the bus dedupes by id). */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,200}$/;

export type SentCommand = Readonly<{
  commandId: string;
  correlationId: string;
  result: CommandResult;
  caseNumber: number | null;
  outcome: ModerationOutcome | null;
  /** Four-eyes held it: the approval request's id (the command's own id) instead of an outcome. */
  awaitingApproval: string | null;
}>;

/**
 * A command from the web as the caller: the session's dashboard user (source web) or the token
 * and the admin who made it (source api). With an `Idempotency-Key` header the id derives from the
 * key, so a retried submission is the same command (the bus dedupes by id); `scope` and `parts`
 * keep one area's keys apart from another's.
 */
export const webCommandEnvelope = (
  c: Context<AppEnv>,
  command: Readonly<{ type: string; payload: unknown; scope?: string; parts?: readonly string[] }>,
): CommandEnvelope => {
  const { guild, correlationId } = c.var;
  const principal = c.var.principal;
  if (!principal) throw new ApiError(401, 'UNAUTHENTICATED', 'log in first');
  const key = c.req.header('idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw new ApiError(400, 'INVALID_HEADER', 'must be 8-200 characters of A-Z a-z 0-9 _ . : -', 'Idempotency-Key');
  const { actor, source } = attributionOf(principal);
  return {
    id: key ? deterministicId(command.scope ? `${source}-${command.scope}` : source, guild.id, actor.id, ...(command.parts ?? []), key) : newId(),
    type: command.type,
    guildId: guild.id,
    actor,
    source,
    correlationId,
    causationId: null,
    issuedAt: new Date().toISOString(),
    payload: command.payload,
  };
};

/**
 * Sends one command on the bus as the caller (a session: the dashboard user, source web; a
 * token: the token and the admin who made it, source api) and waits for the decision.
 * The payload goes raw: the handler parses it with the same schema, so defaults apply once, there.
 */
export const sendCommand = async (
  c: Context<AppEnv>,
  deps: AppDeps,
  command: Readonly<{ context: string; type: string; payload: unknown; opensCase?: boolean }>,
): Promise<SentCommand> => {
  const { guild, correlationId } = c.var;
  const started = Date.now();
  const envelope = webCommandEnvelope(c, command);
  const { actor, source } = envelope;
  const result = await deps.bus.send(envelope, { context: command.context, waitMs: deps.commandWaitMs });
  deps.logger.info({ commandId: envelope.id, type: command.type, context: command.context, guildId: guild.id, source, actorId: actor.id, status: result.status }, 'command');
  // Held by four-eyes: nothing will happen until a second moderator approves, so no outcome to wait for.
  const approvalId = result.status === 'accepted' ? approvalIdOfStream(guild.id, result.streamId) : null;
  const held = approvalId !== null;
  // The same milestone a slash command replies with: done in Discord (with the case) or failed there.
  const target = targetOf(command.payload);
  const outcome =
    result.status === 'accepted' && !held && command.opensCase && target
      ? await waitForOutcome(deps.waiter, { guildId: guild.id, userId: target, requestId: envelope.id }, Math.max(0, started + deps.commandWaitMs - Date.now()))
      : null;
  const caseNumber = outcome && outcome.status !== 'pending' ? outcome.caseNumber : null;
  return { commandId: envelope.id, correlationId, result, caseNumber, outcome, awaitingApproval: approvalId };
};

/** The HTTP answer of a sent command: 200 accepted, 202 pending or awaiting a second moderator, 409/422 rejected (400 for bad input), 502 failed. */
export const commandAnswer = (c: Context<AppEnv>, sent: SentCommand) => {
  const { result, commandId, correlationId } = sent;
  const ids = { commandId, correlationId };
  switch (result.status) {
    case 'accepted':
      if (sent.awaitingApproval !== null) return c.json({ ...ids, status: 'awaiting-approval' as const, approvalId: sent.awaitingApproval, result }, 202);
      return c.json({ ...ids, status: 'accepted' as const, result, caseNumber: sent.caseNumber, outcome: sent.outcome }, 200);
    case 'pending':
      return c.json({ ...ids, status: 'pending' as const, result }, 202);
    case 'rejected': {
      const status = result.code === 'INVALID_COMMAND' || result.code === 'UNKNOWN_COMMAND' ? 400 : rejectionStatus(result.code);
      return c.json(rejectedBody(result, ids), status);
    }
    case 'failed':
      return c.json({ ...ids, status: 'failed' as const, error: { code: 'COMMAND_FAILED', reason: result.reason, details: { attempts: result.attempts } } }, 502);
  }
};

/** The member a moderation request is about (its payload's `target.id`). */
const targetOf = (payload: unknown): string | null => {
  if (typeof payload !== 'object' || payload === null || !('target' in payload)) return null;
  const t = payload.target;
  return typeof t === 'object' && t !== null && 'id' in t && typeof t.id === 'string' ? t.id : null;
};

/** A rejected command's answer body: the code, the reason and the field (without `payload.`). */
export const rejectedBody = (r: Extract<CommandResult, { status: 'rejected' }>, ids: { commandId: string; correlationId: string }) => {
  const field = typeof r.details.field === 'string' ? r.details.field.replace(/^payload\.?/, '') || '(body)' : undefined;
  return { ...ids, status: 'rejected' as const, error: { code: r.code, reason: r.message, ...(field ? { field } : {}), details: r.details } };
};
