import { decodeCommitMessage, metrics, type CommandBus, type EventStore } from '@guildhall/eventing';
import type { CommandEnvelope } from '@guildhall/kernel';
import { jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { REST } from 'discord.js';
import type { Logger } from 'pino';
import { KeyedQueue } from '../keyed-queue.js';
import { Semaphore } from '../semaphore.js';
import { botUserIdLoader, type ActionContext } from './action-context.js';
import { ensureDurableConsumer } from '../durable-consumer.js';
import type { ActionPlan, ActionSource } from './action-plan.js';
import { targetKey } from './action-request.js';
import { executeAction, ExecutorStopping } from './execute-action.js';

const RECENT_MAX = 10_000;
const RECENT_MS = 10 * 60_000;

export type ActionExecutorOptions = Readonly<{
  nc: NatsConnection;
  store: EventStore;
  bus: CommandBus;
  rest: REST;
  sources: readonly ActionSource[];
  eventsStream: string;
  eventsSubjectPrefix: string;
  /** Durable consumer name prefix: one consumer `<prefix>-<context>` per source. */
  consumerPrefix: string;
  concurrency: number;
  ackWaitMs: number;
  giveUpMs: number;
  retryBaseMs: number;
  logger: Logger;
}>;

export type ExecutorStats = {
  succeeded: number;
  failed: number;
  /** Discord already showed the effect (a redelivery after a crash): nothing was sent. */
  alreadyDone: number;
  /** The outcome was already recorded: not even looked at in Discord. */
  skippedSettled: number;
  /** Delivered again right after this process carried it out (see `recent`). */
  duplicateDeliveries: number;
  retries: number;
  malformed: number;
  inFlight: number;
};

/**
 * Carries out the Discord actions the contexts' events ask for: a durable consumer per context
 * on the EVENTS stream (`<prefix>.<context>.>`), one action per request event, the outcome sent
 * back as a command whose id derives from the event. Nothing is kept locally: a request is acked
 * only once its outcome command is on the bus, so a crash at any point leads to a redelivery,
 * which finds the outcome recorded (skip) or Discord already changed (no second call).
 */
export class ActionExecutor {
  private readonly queue = new KeyedQueue();
  private readonly slots: Semaphore;
  private readonly streams: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];
  private readonly ctx: ActionContext;
  private readonly stats: ExecutorStats = { succeeded: 0, failed: 0, alreadyDone: 0, skippedSettled: 0, duplicateDeliveries: 0, retries: 0, malformed: 0, inFlight: 0 };
  /**
   * Events this process carried out lately. JetStream may deliver a message again although it
   * was acked (nats-server 2.9 redelivers with NumDelivered=1 after a consumer's client died,
   * nats-server#4460), and the outcome may not be recorded yet when the copy arrives. The
   * Discord checks make such a copy harmless; this memory spares the REST calls. It is only an
   * optimisation: nothing depends on it surviving a restart.
   */
  private readonly recent = new Map<string, number>();
  private stopping = false;
  private signalStop: () => void = () => undefined;
  private readonly stopped = new Promise<void>((resolve) => {
    this.signalStop = resolve;
  });

  private constructor(private readonly opts: ActionExecutorOptions) {
    this.slots = new Semaphore(opts.concurrency);
    this.ctx = { rest: opts.rest, botUserId: botUserIdLoader(opts.rest), logger: opts.logger };
  }

  static async start(opts: ActionExecutorOptions): Promise<ActionExecutor> {
    const executor = new ActionExecutor(opts);
    const jsm = await jetstreamManager(opts.nc);
    const js = jetstream(opts.nc);
    for (const source of opts.sources) {
      const name = `${opts.consumerPrefix}-${source.context}`;
      await ensureDurableConsumer(jsm, {
        stream: opts.eventsStream,
        name,
        filterSubject: `${opts.eventsSubjectPrefix}.${source.context}.>`,
        ackWaitMs: opts.ackWaitMs,
        maxAckPending: Math.max(64, opts.concurrency * 4),
      });
      const consumer = await js.consumers.get(opts.eventsStream, name);
      const messages = await consumer.consume({ max_messages: Math.max(8, opts.concurrency * 2), expires: 5_000 });
      executor.streams.push(messages);
      executor.loops.push(executor.loop(messages, source));
    }
    return executor;
  }

  snapshot(): ExecutorStats {
    return { ...this.stats };
  }

  /** Stops taking requests; actions waiting to retry are left unacknowledged for redelivery. */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.stopping = true;
    this.signalStop();
    await Promise.all(this.streams.map((m) => m.close().catch(() => undefined)));
    await Promise.race([Promise.all(this.loops).then(() => this.queue.idle()), new Promise((r) => setTimeout(r, timeoutMs))]);
  }

  private async loop(messages: ConsumerMessages, source: ActionSource): Promise<void> {
    const consumer = `${this.opts.consumerPrefix}-${source.context}`;
    for await (const m of messages) {
      if (this.stopping) break;
      metrics.delivered(consumer, m.info.pending, m.redelivered);
      await this.slots.acquire();
      // Started in delivery order, so one target's actions queue in the order they were asked.
      void this.process(m, source).finally(() => this.slots.release());
    }
  }

  private async process(m: JsMsg, source: ActionSource): Promise<void> {
    const decoded = decodeCommitMessage({ seq: m.seq, subject: m.subject, data: m.data }, this.opts.eventsSubjectPrefix);
    if (!decoded.ok) {
      this.stats.malformed++;
      this.opts.logger.error({ seq: decoded.seq, subject: decoded.subject, reason: decoded.reason }, 'malformed commit on the events stream; skipped');
      m.term();
      return;
    }
    const plans: ActionPlan[] = [];
    for (const event of decoded.events) {
      try {
        const plan = source.plan(event, this.opts.store);
        if (plan) plans.push(plan);
      } catch (err) {
        this.stats.malformed++;
        this.opts.logger.error({ err, eventId: event.id, type: event.type, streamId: event.streamId }, 'malformed action request; skipped');
      }
    }
    if (plans.length === 0) {
      m.ack();
      return;
    }
    // Keep the delivery alive while Discord is slow or retried.
    const heartbeat = setInterval(() => m.working(), Math.max(200, Math.floor(this.opts.ackWaitMs / 3)));
    this.stats.inFlight += plans.length;
    try {
      await Promise.all(plans.map((plan) => this.queue.run(targetKey(plan.request), () => this.carryOut(plan, { seq: m.seq, delivery: m.info.deliveryCount }))));
      m.ack();
    } catch (err) {
      if (err instanceof ExecutorStopping) m.nak();
      else {
        this.opts.logger.error({ err, seq: m.seq }, 'action not completed; it will be delivered again');
        m.nak(5_000);
      }
    } finally {
      clearInterval(heartbeat);
      this.stats.inFlight -= plans.length;
    }
  }

  private async carryOut(plan: ActionPlan, delivery: Readonly<{ seq: number; delivery: number }>): Promise<void> {
    if (this.stopping) throw new ExecutorStopping('stopping');
    const r = plan.request;
    const log = this.opts.logger.child({ eventId: r.id, kind: r.kind, guildId: r.guildId, ...delivery });
    if (this.recent.has(r.id)) {
      this.stats.duplicateDeliveries++;
      log.info('delivered again after it was carried out here; skipped');
      return;
    }
    if (await plan.isSettled()) {
      this.stats.skippedSettled++;
      log.debug('outcome already recorded; skipped');
      return;
    }
    const started = Date.now();
    const outcome = await executeAction(this.ctx, r, {
      giveUpAt: Math.max(Date.parse(r.requestedAt) + this.opts.giveUpMs, started + Math.min(this.opts.giveUpMs, 60_000)),
      baseDelayMs: this.opts.retryBaseMs,
      stopped: this.stopped,
      onRetry: (attempt, error, delayMs) => {
        this.stats.retries++;
        log.warn({ attempt, httpStatus: error.httpStatus, reason: error.message, delayMs: Math.round(delayMs) }, 'Discord action failed; retrying');
      },
    });
    const now = new Date().toISOString();
    let command: CommandEnvelope;
    if (outcome.status === 'succeeded') {
      if (outcome.result.alreadyDone) this.stats.alreadyDone++;
      this.stats.succeeded++;
      command = plan.succeeded(outcome.result, now);
      log.info({ attempts: outcome.attempts, alreadyDone: outcome.result.alreadyDone, ids: outcome.result.ids, ms: Date.now() - started }, 'Discord action succeeded');
    } else {
      this.stats.failed++;
      command = plan.failed(outcome.failure, now);
      const f = outcome.failure;
      log.warn({ attempts: outcome.attempts, discordErrorCode: f.discordErrorCode, httpStatus: f.httpStatus, reason: f.reason }, 'Discord action failed');
    }
    await this.sendOutcome(command, plan.context, log);
    this.remember(r.id);
  }

  private remember(eventId: string): void {
    const now = Date.now();
    this.recent.set(eventId, now);
    if (this.recent.size <= RECENT_MAX) return;
    for (const [id, at] of this.recent) {
      if (this.recent.size <= RECENT_MAX && now - at < RECENT_MS) break;
      this.recent.delete(id);
    }
  }

  /** The outcome must reach the bus before the request is acked; NATS hiccups are retried. */
  private async sendOutcome(command: CommandEnvelope, context: string, log: Logger): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.opts.bus.send(command, { context });
        return;
      } catch (err) {
        if ((err as { code?: unknown }).code === 'INVALID_COMMAND') {
          // Our bug (the context changed its schema): retrying cannot help; keep the evidence.
          log.error({ err, command }, 'outcome command rejected as invalid; dropped');
          return;
        }
        if (this.stopping) throw new ExecutorStopping('stopping while sending an outcome');
        log.warn({ err, attempt }, 'could not send the outcome; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5_000, 100 * 2 ** attempt)));
      }
    }
  }
}
