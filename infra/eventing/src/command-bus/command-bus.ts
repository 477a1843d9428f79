import { type CommandEnvelope, CommandEnvelopeSchema, ErrorCodes, InfraError } from '@guildhall/kernel';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import { createLogger } from '../logger.js';
import { type CommandBusConfig, type CommandBusOptions, parseCommandBusOptions } from './command-bus-options.js';
import {
  type CommandConsumer,
  type CommandHandlerFn,
  type HandleOptions,
  startContextConsumer,
} from './command-consumer.js';
import type { CommandResult } from './command-result.js';
import { CommandResults } from './command-results.js';
import { ensureCommandStreams, ensureContextConsumer } from './command-streams.js';
import { type CommandDeadLetter, readDeadLetters } from './dead-letters.js';
import { commandSubject, isToken } from './subjects.js';

export type CommandBusCreateOptions = CommandBusOptions & Readonly<{ nc: NatsConnection; logger?: Logger }>;

export type SendOptions = Readonly<{
  /** The bounded context that handles the command: the subject is `<prefix>.<context>.<type>`. */
  context: string;
  /** How long to wait for the decision; 0 (default) returns `pending` at once. */
  waitMs?: number;
}>;

const invalid = (field: string, message: string, details: Record<string, unknown> = {}): InfraError =>
  new InfraError(ErrorCodes.INVALID_COMMAND, `invalid command: ${field}: ${message}`, { field, ...details });

/**
 * Commands over JetStream: `send` publishes (deduped by command id) and can wait for the
 * decision; `handle` runs a context's handler on a durable work-queue consumer, records every
 * outcome, retries failures with backoff and dead-letters poison commands.
 */
export class CommandBus {
  private readonly consumers = new Set<CommandConsumer>();

  private constructor(
    readonly config: CommandBusConfig,
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly results: CommandResults,
    private readonly logger: Logger,
  ) {}

  /** Creates or updates the COMMANDS and DEAD_LETTERS streams and the results bucket. */
  static async create(options: CommandBusCreateOptions): Promise<CommandBus> {
    const { nc, logger, ...rest } = options;
    const config = parseCommandBusOptions(rest);
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    await ensureCommandStreams(jsm, config);
    const results = await CommandResults.open(nc, js, {
      bucket: config.resultsBucket,
      ttlMs: config.resultTtlMs,
      subjectPrefix: config.subjectPrefix,
    });
    return new CommandBus(config, nc, js, jsm, results, logger ?? createLogger('command-bus'));
  }

  /**
   * Validates and publishes the command, then waits up to `waitMs` for its outcome. A resend of
   * the same command id is not handled twice: it gets the first one's outcome.
   * @throws InfraError INVALID_COMMAND naming the bad field; nothing is published then.
   */
  async send(envelope: CommandEnvelope, options: SendOptions): Promise<CommandResult> {
    const parsed = CommandEnvelopeSchema.safeParse(envelope);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || '(envelope)';
      throw invalid(field, issue?.message ?? 'invalid', {
        issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })),
      });
    }
    if (!isToken(options.context)) throw invalid('context', `"${options.context}" must match [A-Za-z0-9_-]+`);
    if (!isToken(parsed.data.type)) throw invalid('type', `"${parsed.data.type}" must match [A-Za-z0-9_-]+ (it is a subject token)`);
    const waitMs = options.waitMs ?? 0;
    if (!Number.isFinite(waitMs) || waitMs < 0) throw invalid('waitMs', 'must be a non-negative number');

    const command = parsed.data;
    const subject = commandSubject(this.config.subjectPrefix, options.context, command.type);
    return this.results.waitFor(command.id, waitMs, async () => {
      const ack = await this.js.publish(subject, JSON.stringify(command), { msgID: command.id });
      if (ack.duplicate) this.logger.info({ commandId: command.id, subject }, 'command resent; deduplicated');
    });
  }

  /** The recorded outcome, waiting up to `waitMs` for it; `pending` when none is recorded (yet, or any more). */
  async result(commandId: string, options: Readonly<{ waitMs?: number }> = {}): Promise<CommandResult> {
    return this.results.waitFor(commandId, options.waitMs ?? 0);
  }

  /** Starts (or joins) the context's durable consumer; `stop()` drains it. */
  async handle(context: string, handler: CommandHandlerFn, options: HandleOptions = {}): Promise<CommandConsumer> {
    if (!isToken(context)) {
      throw new InfraError('INVALID_SETTINGS', `context "${context}" must match [A-Za-z0-9_-]+`, { context });
    }
    const durable = await ensureContextConsumer(this.jsm, this.config, context);
    const consumer = await startContextConsumer(
      { nc: this.nc, config: this.config, results: this.results, logger: this.logger },
      context,
      durable,
      handler,
      options,
    );
    this.consumers.add(consumer);
    return {
      context,
      stop: async () => {
        await consumer.stop();
        this.consumers.delete(consumer);
      },
    };
  }

  /** Dead-letter records, oldest first. */
  async deadLetters(options: Readonly<{ context?: string; limit?: number }> = {}): Promise<CommandDeadLetter[]> {
    return readDeadLetters(this.jsm, { stream: this.config.deadLetterStream, prefix: this.config.deadLetterPrefix }, options);
  }

  /** Stops every consumer this bus started (the connection is the caller's). */
  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
    this.consumers.clear();
  }
}
