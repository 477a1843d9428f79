import {
  type CommandEnvelope,
  CommandEnvelopeSchema,
  ErrorCodes,
  InfraError,
  isDomainError,
} from '@guildhall/kernel';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import { withCorrelation } from '../logger.js';
import { metrics } from '../metrics/metrics.js';
import { startReactor, describeError, type Decoded, type RawMessage } from '../reactor/reactor.js';
import type { CommandBusConfig } from './command-bus-options.js';
import { type HandlerOutcome, HandlerOutcomeSchema, type RejectedResult, type SettledResult } from './command-result.js';
import type { CommandResults } from './command-results.js';
import { contextFilter, parseCommandSubject } from './subjects.js';

/** Decides one command. Throw DomainError to reject; any other throw is a failure and is retried. */
export type CommandHandlerFn = (envelope: CommandEnvelope) => Promise<HandlerOutcome>;

export type HandleOptions = Readonly<{
  /** Commands handled at once by this worker (conflicts on one stream are retried by the handler). */
  concurrency?: number;
}>;

export type CommandConsumer = Readonly<{
  context: string;
  /** Stops pulling, hands back what was buffered, waits for the commands in flight to settle. */
  stop(): Promise<void>;
}>;

/** InfraError codes that no retry can fix: they become a rejected result, not a failure. */
const PERMANENT_CODES: ReadonlySet<string> = new Set([ErrorCodes.INVALID_COMMAND, ErrorCodes.UNKNOWN_COMMAND]);

export type ConsumerDeps = Readonly<{
  nc: NatsConnection;
  config: CommandBusConfig;
  results: CommandResults;
  logger: Logger;
}>;

type Parsed = Readonly<{ envelope: CommandEnvelope; command: string }>;

const idOf = (v: unknown): string | null => (typeof v === 'object' && v !== null && 'id' in v && typeof v.id === 'string' ? v.id : null);

/** The command id of a body that is JSON with an `id`, for a dead letter's record. */
const commandIdOf = (data: Uint8Array): string | null => {
  try {
    return idOf(JSON.parse(new TextDecoder().decode(data)));
  } catch {
    return null;
  }
};

/** Turns a raw message into an envelope, or the reason it is not one. */
const parseMessage = (config: CommandBusConfig, context: string, msg: RawMessage): Decoded<Parsed> => {
  const route = parseCommandSubject(config.subjectPrefix, msg.subject);
  if (!route || route.context !== context) {
    return { ok: false, reason: `subject ${msg.subject} is not ${config.subjectPrefix}.${context}.<command>` };
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(msg.data));
  } catch (e) {
    return { ok: false, reason: `body is not JSON (${describeError(e)})` };
  }
  const parsed = CommandEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    return { ok: false, reason: `not a CommandEnvelope (${issues})` };
  }
  if (parsed.data.type !== route.command) {
    return { ok: false, reason: `envelope type ${parsed.data.type} does not match subject command ${route.command}` };
  }
  return { ok: true, value: { envelope: parsed.data, command: route.command } };
};

const rejectedFrom = (commandId: string, e: { code: string; message: string; details: Readonly<Record<string, unknown>> }): RejectedResult => ({
  status: 'rejected',
  commandId,
  code: e.code,
  message: e.message,
  details: { ...e.details },
});

/**
 * Decides a command with a handler of this process, as the bus would (the same outcome for a
 * DomainError or bad input), without the bus: for a process manager whose next command's handler
 * lives in the same service. Idempotent by command id like every handler; durable because the
 * caller acks its own input only after this resolves. Infra failures throw (the caller retries).
 */
export const settleLocally = async (handler: CommandHandlerFn, envelope: CommandEnvelope): Promise<SettledResult> => {
  try {
    const outcome: unknown = await handler(envelope);
    const checked = HandlerOutcomeSchema.safeParse(outcome);
    if (!checked.success) throw new InfraError('INVALID_MESSAGE', `handler returned an invalid outcome: ${checked.error.message}`);
    return { ...checked.data, commandId: envelope.id };
  } catch (e) {
    if (isDomainError(e)) return rejectedFrom(envelope.id, e);
    if (e instanceof InfraError && PERMANENT_CODES.has(e.code)) return rejectedFrom(envelope.id, e);
    throw e;
  }
};

/** Runs one context's handler on the reactor until stopped. Never throws out of a message. */
export const startContextConsumer = async (
  deps: ConsumerDeps,
  context: string,
  durable: string,
  handler: CommandHandlerFn,
  options: HandleOptions = {},
): Promise<CommandConsumer> => {
  const { config, results } = deps;
  const logger = deps.logger.child({ context });

  // A throw is retried by the reactor with backoff, then dead-lettered (onDeadLetter records `failed`).
  const runHandler = (envelope: CommandEnvelope): Promise<SettledResult> => settleLocally(handler, envelope);

  const reactor = await startReactor<Parsed>({
    nc: deps.nc,
    logger,
    name: durable,
    stream: config.streamName,
    filterSubject: contextFilter(config.subjectPrefix, context),
    deadLetters: { stream: config.deadLetterStream, prefix: config.deadLetterPrefix },
    decode: (m) => parseMessage(config, context, m),
    label: (parsed, m) =>
      parsed
        ? { context, command: parsed.command, commandId: parsed.envelope.id }
        : { context, command: parseCommandSubject(config.subjectPrefix, m.subject)?.command ?? '_', commandId: commandIdOf(m.data) },
    onDeadLetter: async (parsed, reason, attempts) => {
      metrics.command(context, parsed?.command ?? '_', 'dead_lettered');
      if (parsed) await results.record({ status: 'failed', commandId: parsed.envelope.id, reason, attempts });
    },
    concurrency: options.concurrency ?? 1,
    ackWaitMs: config.ackWaitMs,
    maxAttempts: config.maxAttempts,
    backoffMs: config.backoffMs,
    handle: async ({ envelope }) =>
      withCorrelation(envelope.correlationId, async () => {
        // Decided before (a resend after the dedupe window, or a crash before the ack): answer again, do
        // nothing. A `failed` one runs again: that is an operator replaying a dead letter.
        const prior = await results.get(envelope.id);
        if (prior && prior.status !== 'failed') {
          results.announce(prior);
          logger.info({ commandId: envelope.id, status: prior.status }, 'command already settled');
          return;
        }
        const startedAt = performance.now();
        const result = await runHandler(envelope);
        metrics.command(context, envelope.type, result.status === 'accepted' ? 'handled' : 'rejected', (performance.now() - startedAt) / 1000);
        // The outcome is stored before the ack: once the command leaves the queue its result exists.
        await results.record(result);
        logger.debug({ commandId: envelope.id, type: envelope.type, status: result.status }, 'command settled');
      }),
  });
  return { context, stop: () => reactor.stop() };
};
