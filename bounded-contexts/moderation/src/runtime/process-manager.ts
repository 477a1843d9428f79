import { decodeCommitMessage, metrics, withCorrelation, type CommandBus, type Logger } from '@guildhall/eventing';
import { ErrorCodes, InfraError, type CommandEnvelope, type EventEnvelope } from '@guildhall/kernel';
import { jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { reactToModerationEvent } from '../moderation-process.js';
import { systemClock, type Clock } from './clock.js';
import { ensureProcessConsumer } from './process-consumer.js';
import { sendReaction, StoppingError, type ReactionSenderDeps } from './reaction-sender.js';

export type ProcessManagerOptions = Readonly<{
  nc: NatsConnection;
  bus: CommandBus;
  /** The EVENTS stream and its subject prefix. */
  streamName: string;
  subjectPrefix: string;
  logger: Logger;
  clock?: Clock;
  /** Durable consumer name. Default `moderation-process`. */
  consumerName?: string;
  /** Commits reacted to at once. Default 64. */
  concurrency?: number;
  /** Redelivery timeout of an unacknowledged commit (a crashed process). Default 30 s. */
  ackWaitMs?: number;
  /** One wait for a bulk member command's result. Default 10 s (then it asks again). */
  resultWaitMs?: number;
}>;

const DEFAULT_CONSUMER = 'moderation-process';
const MAX_RETRY_DELAY_MS = 30_000;

const describe = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/**
 * The moderation process manager at run time: a durable JetStream consumer over
 * `<prefix>.moderation.>` that decodes each commit, asks the pure `reactToModerationEvent` what
 * to do about each event and sends those commands on the bus. A commit is acknowledged only once
 * every send is accepted by JetStream (and bulk rejections are recorded), so a crash redelivers
 * it; the command ids are derived from the event, so the redelivery changes nothing twice.
 * Malformed commits and events are logged and skipped; a failing send is retried with backoff.
 */
export class ModerationProcessManager {
  private stopping = false;
  private messages: ConsumerMessages | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private loopDone: Promise<void> = Promise.resolve();
  private stopOnce: Promise<void> | undefined;
  private signalStop: (e: Error) => void = () => undefined;
  private readonly stopped: Promise<never>;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly concurrency: number;
  private readonly ackWaitMs: number;
  private reacted = 0;
  private skipped = 0;

  private constructor(private readonly opts: ProcessManagerOptions) {
    this.log = opts.logger.child({ component: 'moderation-process' });
    this.clock = opts.clock ?? systemClock;
    this.concurrency = Math.max(1, Math.floor(opts.concurrency ?? 64));
    this.ackWaitMs = opts.ackWaitMs ?? 30_000;
    this.stopped = new Promise<never>((_, reject) => {
      this.signalStop = reject;
    });
    this.stopped.catch(() => undefined);
  }

  /** Ensures the durable consumer and starts reacting in the background. */
  static async start(opts: ProcessManagerOptions): Promise<ModerationProcessManager> {
    const pm = new ModerationProcessManager(opts);
    await pm.run();
    return pm;
  }

  /** Commits reacted to and malformed commits/events skipped since start (for logs and tests). */
  get stats(): Readonly<{ reacted: number; skipped: number; inFlight: number }> {
    return { reacted: this.reacted, skipped: this.skipped, inFlight: this.inFlight.size };
  }

  /** Stops pulling; commits in flight are handed back unacknowledged (nak: redelivered at once to a replica or the next start). */
  stop(): Promise<void> {
    this.stopOnce ??= (async () => {
      this.stopping = true;
      this.signalStop(new StoppingError('process manager stopping'));
      await this.messages?.close().catch(() => undefined);
      await this.loopDone;
      await Promise.allSettled([...this.inFlight]);
      this.log.info(this.stats, 'moderation process manager stopped');
    })();
    return this.stopOnce;
  }

  private async run(): Promise<void> {
    const { nc, streamName, subjectPrefix } = this.opts;
    const name = this.opts.consumerName ?? DEFAULT_CONSUMER;
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    // Also on every restart of the pull loop: an operator may have deleted the consumer.
    const attach = async () => {
      await ensureProcessConsumer(jsm, {
        streamName,
        subjectPrefix,
        name,
        ackWaitMs: this.ackWaitMs,
        // Room for the commits in flight, those buffered, and redeliveries.
        maxAckPending: this.concurrency * 4,
      });
      return js.consumers.get(streamName, name);
    };
    const first = await attach();
    this.loopDone = (async () => {
      let consumer: typeof first | undefined = first;
      while (!this.stopping) {
        try {
          consumer ??= await attach();
          // Ends the iteration (instead of retrying forever) when the consumer is gone, so the
          // loop below attaches again and recreates it.
          this.messages = await consumer.consume({ max_messages: this.concurrency, expires: 5_000, abort_on_missing_resource: true });
          if (this.stopping) await this.messages.close();
          for await (const msg of this.messages) {
            metrics.delivered(name, msg.info.pending, msg.redelivered);
            while (!this.stopping && this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
            if (this.stopping) {
              msg.nak();
              continue;
            }
            const task: Promise<void> = this.process(msg).finally(() => this.inFlight.delete(task));
            this.inFlight.add(task);
          }
        } catch (e) {
          if (!this.stopping) this.log.error({ err: e }, 'process manager consumer failed');
        }
        if (!this.stopping) {
          this.log.warn('process manager consumer ended unexpectedly; restarting');
          consumer = undefined;
          await new Promise((r) => setTimeout(r, 1_000));
        }
      }
    })();
    this.log.info({ consumer: name, stream: streamName, concurrency: this.concurrency }, 'moderation process manager started');
  }

  private async process(msg: JsMsg): Promise<void> {
    const decoded = decodeCommitMessage({ seq: msg.seq, subject: msg.subject, data: msg.data }, this.opts.subjectPrefix);
    if (!decoded.ok) {
      this.skipped++;
      this.log.error({ seq: decoded.seq, subject: decoded.subject, reason: decoded.reason }, 'skipping a message that is not a valid commit');
      msg.ack();
      return;
    }
    // Keeps a long wait (a bulk request's member results) from being redelivered to another replica.
    const heartbeat = setInterval(() => msg.working(), Math.max(100, Math.floor(this.ackWaitMs / 3)));
    try {
      for (const event of decoded.events) await withCorrelation(event.correlationId, () => this.react(event));
      msg.ack();
      this.reacted++;
    } catch (e) {
      if (e instanceof StoppingError || this.stopping) {
        // Handed back now, so a restart or another replica takes it without waiting for ack_wait.
        try {
          msg.nak();
        } catch {
          // Connection gone: the ack wait redelivers it.
        }
        return;
      }
      const attempt = msg.info.deliveryCount;
      const delay = Math.min(MAX_RETRY_DELAY_MS, 500 * 2 ** (attempt - 1));
      this.log.error({ err: e, seq: msg.seq, attempt, retryInMs: delay }, `reacting to commit ${msg.seq} failed; will retry: ${describe(e)}`);
      try {
        msg.nak(delay);
      } catch {
        // Connection gone: the ack wait redelivers it.
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async react(event: EventEnvelope): Promise<void> {
    let commands: CommandEnvelope[];
    try {
      commands = reactToModerationEvent(event, this.clock().toISOString());
    } catch (e) {
      // A known event type whose payload does not match its schema (INVALID_MESSAGE), or any
      // other throw of the pure reaction: a retry would throw the same, so skip it loudly.
      this.skipped++;
      const malformed = e instanceof InfraError && e.code === ErrorCodes.INVALID_MESSAGE;
      this.log.error(
        { err: e, eventId: event.id, type: event.type, streamId: event.streamId, position: event.position },
        malformed ? 'skipping a malformed event' : 'skipping an event the process manager cannot react to',
      );
      return;
    }
    if (commands.length === 0) return;
    const deps: ReactionSenderDeps = {
      bus: this.opts.bus,
      resultWaitMs: this.opts.resultWaitMs ?? 10_000,
      stopped: this.stopped,
      now: () => this.clock().toISOString(),
      logger: this.log,
    };
    await Promise.all(commands.map((c) => sendReaction(deps, c)));
    this.log.debug({ eventId: event.id, type: event.type, sent: commands.map((c) => c.type) }, 'reacted');
  }
}
