import {
  decodeCommitMessage,
  KeyedQueue,
  openAsStored,
  PermanentFailure,
  startReactor,
  type CommandBus,
  type EventStore,
  type OpenEvents,
  type Reactor,
} from '@guildhall/eventing';
import type { CommandEnvelope, EventEnvelope } from '@guildhall/kernel';
import type { NatsConnection } from '@nats-io/nats-core';
import type { REST } from 'discord.js';
import type { Logger } from 'pino';
import { botUserIdLoader, type ActionContext } from './action-context.js';
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
  /** Opens the events' personal fields (the shredding store's `open`); as stored when absent. */
  open?: OpenEvents;
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
  private readonly reactors: Reactor[] = [];
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
    this.ctx = { rest: opts.rest, botUserId: botUserIdLoader(opts.rest), logger: opts.logger };
  }

  static async start(opts: ActionExecutorOptions): Promise<ActionExecutor> {
    const executor = new ActionExecutor(opts);
    for (const source of opts.sources) {
      const name = `${opts.consumerPrefix}-${source.context}`;
      executor.reactors.push(
        await startReactor<readonly EventEnvelope[]>({
          nc: opts.nc,
          logger: opts.logger,
          name,
          stream: opts.eventsStream,
          filterSubject: `${opts.eventsSubjectPrefix}.${source.context}.>`,
          deadLetters: { stream: opts.bus.config.deadLetterStream, prefix: opts.bus.config.deadLetterPrefix },
          decode: (m) => {
            const d = decodeCommitMessage(m, opts.eventsSubjectPrefix);
            return d.ok ? { ok: true, value: d.events } : { ok: false, reason: d.reason };
          },
          label: (events) => ({ context: name, command: events?.[0]?.type ?? '_', commandId: events?.[0]?.id ?? null }),
          concurrency: opts.concurrency,
          prefetch: Math.max(8, opts.concurrency),
          ackWaitMs: opts.ackWaitMs,
          // Discord failures are retried inside an action until its give-up time; a redelivery
          // only follows a crash or NATS trouble while sending the outcome.
          maxAttempts: 20,
          backoffMs: [1_000, 5_000],
          onDeadLetter: async () => {
            executor.stats.malformed++;
          },
          handle: async (events) => executor.process(await (opts.open ?? openAsStored)(events), source),
        }),
      );
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
    await Promise.race([Promise.all(this.reactors.map((r) => r.stop())).then(() => this.queue.idle()), new Promise((r) => setTimeout(r, timeoutMs))]);
  }

  /** One commit of request events: each planned action carried out, one target's in the order asked. */
  private async process(events: readonly EventEnvelope[], source: ActionSource): Promise<void> {
    const plans: ActionPlan[] = [];
    const refused: string[] = [];
    for (const event of events) {
      try {
        const plan = source.plan(event, this.opts.store);
        if (plan) plans.push(plan);
      } catch (err) {
        refused.push(`${event.type} ${event.id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.stats.inFlight += plans.length;
    try {
      // Queued before the first await, so actions start in delivery order.
      await Promise.all(plans.map((plan) => this.queue.run(targetKey(plan.request), () => this.carryOut(plan))));
    } finally {
      this.stats.inFlight -= plans.length;
    }
    if (refused.length > 0) throw new PermanentFailure(`malformed action request: ${refused.join('; ')}`);
  }

  private async carryOut(plan: ActionPlan): Promise<void> {
    if (this.stopping) throw new ExecutorStopping('stopping');
    const r = plan.request;
    const log = this.opts.logger.child({ eventId: r.id, kind: r.kind, guildId: r.guildId });
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
