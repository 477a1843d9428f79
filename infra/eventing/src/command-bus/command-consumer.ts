import {
  type CommandEnvelope,
  CommandEnvelopeSchema,
  ErrorCodes,
  InfraError,
  isDomainError,
} from '@guildhall/kernel';
import type { ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { withCorrelation } from '../logger.js';
import { metrics } from '../metrics/metrics.js';
import { backoffFor, type CommandBusConfig } from './command-bus-options.js';
import { type HandlerOutcome, HandlerOutcomeSchema, type RejectedResult, type SettledResult } from './command-result.js';
import type { CommandResults } from './command-results.js';
import { publishDeadLetter } from './dead-letters.js';
import { parseCommandSubject } from './subjects.js';

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
  js: JetStreamClient;
  config: CommandBusConfig;
  results: CommandResults;
  logger: Logger;
}>;

type Parsed =
  | { ok: true; envelope: CommandEnvelope; command: string }
  | { ok: false; reason: string; command: string; commandId: string | null };

const describe = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Turns a raw message into an envelope, or the reason it is not one. */
const parseMessage = (config: CommandBusConfig, context: string, msg: JsMsg): Parsed => {
  const route = parseCommandSubject(config.subjectPrefix, msg.subject);
  if (!route || route.context !== context) {
    return { ok: false, reason: `subject ${msg.subject} is not ${config.subjectPrefix}.${context}.<command>`, command: '_', commandId: null };
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(msg.data));
  } catch (e) {
    return { ok: false, reason: `malformed: body is not JSON (${describe(e)})`, command: route.command, commandId: null };
  }
  const parsed = CommandEnvelopeSchema.safeParse(json);
  const idOf = (v: unknown): string | null =>
    typeof v === 'object' && v !== null && 'id' in v && typeof v.id === 'string' ? v.id : null;
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    return { ok: false, reason: `malformed: not a CommandEnvelope (${issues})`, command: route.command, commandId: idOf(json) };
  }
  if (parsed.data.type !== route.command) {
    return {
      ok: false,
      reason: `malformed: envelope type ${parsed.data.type} does not match subject command ${route.command}`,
      command: route.command,
      commandId: parsed.data.id,
    };
  }
  return { ok: true, envelope: parsed.data, command: route.command };
};

const rejectedFrom = (commandId: string, e: { code: string; message: string; details: Readonly<Record<string, unknown>> }): RejectedResult => ({
  status: 'rejected',
  commandId,
  code: e.code,
  message: e.message,
  details: { ...e.details },
});

/** Runs the pull loop of one context until stopped. Never throws out of a message. */
export const startContextConsumer = async (
  deps: ConsumerDeps,
  context: string,
  durable: string,
  handler: CommandHandlerFn,
  options: HandleOptions = {},
): Promise<CommandConsumer> => {
  const { js, config, results } = deps;
  const logger = deps.logger.child({ context });
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const consumer = await js.consumers.get(config.streamName, durable);

  const deadLetter = async (msg: JsMsg, command: string, commandId: string | null, reason: string): Promise<void> => {
    const record = await publishDeadLetter(
      js,
      { prefix: config.deadLetterPrefix, commandStream: config.streamName },
      { msg, context, command, commandId, reason },
    );
    logger.error({ reason, subject: msg.subject, seq: msg.seq, attempts: record.attempts, commandId }, 'command dead-lettered');
    metrics.deadLettered(durable);
  };

  const runHandler = async (msg: JsMsg, envelope: CommandEnvelope): Promise<SettledResult | 'retry'> => {
    // Keeps a slow handler's delivery alive so the server does not hand it to another worker.
    const heartbeat = setInterval(() => msg.working(), Math.max(100, Math.floor(config.ackWaitMs / 3)));
    try {
      const outcome: unknown = await handler(envelope);
      const checked = HandlerOutcomeSchema.safeParse(outcome);
      if (!checked.success) throw new InfraError('INVALID_MESSAGE', `handler returned an invalid outcome: ${checked.error.message}`);
      return { ...checked.data, commandId: envelope.id };
    } catch (e) {
      if (isDomainError(e)) return rejectedFrom(envelope.id, e);
      if (e instanceof InfraError && PERMANENT_CODES.has(e.code)) return rejectedFrom(envelope.id, e);
      const attempts = msg.info.deliveryCount;
      if (attempts >= config.maxAttempts) {
        const reason = `handler failed after ${attempts} attempts: ${describe(e)}`;
        await deadLetter(msg, envelope.type, envelope.id, reason);
        return { status: 'failed', commandId: envelope.id, reason, attempts };
      }
      const delay = backoffFor(config, attempts);
      logger.warn({ err: e, attempt: attempts, retryInMs: delay, commandId: envelope.id }, 'command handler failed; will retry');
      msg.nak(delay);
      return 'retry';
    } finally {
      clearInterval(heartbeat);
    }
  };

  const settle = async (msg: JsMsg): Promise<void> => {
    metrics.delivered(durable, msg.info.pending, msg.redelivered);
    const parsed = parseMessage(config, context, msg);
    if (!parsed.ok) {
      await deadLetter(msg, parsed.command, parsed.commandId, parsed.reason);
      metrics.command(context, parsed.command, 'dead_lettered');
      await msg.ackAck();
      return;
    }
    const { envelope } = parsed;
    await withCorrelation(envelope.correlationId, async () => {
      // Decided before (a resend after the dedupe window, or a crash before the ack): answer again, do
      // nothing. A `failed` one runs again: that is an operator replaying a dead letter.
      const prior = await results.get(envelope.id);
      if (prior && prior.status !== 'failed') {
        results.announce(prior);
        logger.info({ commandId: envelope.id, status: prior.status }, 'command already settled');
        await msg.ackAck();
        return;
      }
      const startedAt = performance.now();
      const result = await runHandler(msg, envelope);
      if (result === 'retry') return;
      const outcome = result.status === 'accepted' ? 'handled' : result.status === 'rejected' ? 'rejected' : 'dead_lettered';
      metrics.command(context, envelope.type, outcome, (performance.now() - startedAt) / 1000);
      // The outcome is stored before the ack: once the command leaves the queue its result exists.
      await results.record(result);
      // A plain ack: if it is lost the command is redelivered and answered from its stored result.
      msg.ack();
      logger.debug({ commandId: envelope.id, type: envelope.type, status: result.status }, 'command settled');
    });
  };

  const processMessage = async (msg: JsMsg): Promise<void> => {
    try {
      await settle(msg);
    } catch (e) {
      // NATS trouble while recording: leave the command for a later delivery.
      const delay = backoffFor(config, msg.info.deliveryCount);
      logger.error({ err: e, subject: msg.subject, seq: msg.seq, retryInMs: delay }, 'could not settle command; will retry');
      try {
        msg.nak(delay);
      } catch {
        // Connection gone: the ack wait expiry redelivers it.
      }
    }
  };

  let stopping = false;
  let messages: ConsumerMessages | undefined;
  const inFlight = new Set<Promise<void>>();

  const pullLoop = async (): Promise<void> => {
    while (!stopping) {
      try {
        messages = await consumer.consume({ max_messages: concurrency });
        if (stopping) await messages.close();
        for await (const msg of messages) {
          while (!stopping && inFlight.size >= concurrency) await Promise.race(inFlight);
          if (stopping) {
            // Hand buffered commands straight back so another worker takes them now.
            msg.nak();
            continue;
          }
          const task: Promise<void> = processMessage(msg).finally(() => inFlight.delete(task));
          inFlight.add(task);
        }
      } catch (e) {
        logger.error({ err: e }, 'command consumer failed');
      }
      if (!stopping) {
        logger.warn('command consumer ended unexpectedly; restarting');
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  };
  const loop = pullLoop();
  logger.info({ durable, concurrency }, 'command consumer started');

  let stopped: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    stopping = true;
    await messages?.close();
    await loop;
    await Promise.allSettled([...inFlight]);
    logger.info('command consumer stopped');
  };
  return { context, stop: () => (stopped ??= stop()) };
};
