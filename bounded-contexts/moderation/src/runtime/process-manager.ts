import {
  decodeCommitMessage,
  openAsStored,
  PermanentFailure,
  startReactor,
  withCorrelation,
  type CommandBus,
  type CommandResult,
  type Logger,
  type OpenEvents,
  type Reactor,
} from '@guildhall/eventing';
import type { CommandEnvelope, EventEnvelope } from '@guildhall/kernel';
import type { NatsConnection } from '@nats-io/nats-core';
import { reactToModerationEvent, reactToModerationEventElsewhere, type ContextCommand } from '../workflows/index.js';
import { systemClock, type Clock } from './clock.js';
import { moderationEventsFilter } from './process-consumer.js';
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
  /** Moderation's handler in this process: commands are decided here, not sent round the bus. */
  local?: (command: CommandEnvelope) => Promise<CommandResult>;
  /** Opens the events' personal fields (the shredding store's `open`); as stored when absent. */
  open?: OpenEvents;
}>;

const DEFAULT_CONSUMER = 'moderation-process';

/** Rejects with StoppingError once the signal aborts (the reaction's waits end with it). */
const stoppedBy = (signal: AbortSignal): Promise<never> => {
  const p = new Promise<never>((_, reject) => {
    const fail = () => reject(new StoppingError('process manager stopping'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
  p.catch(() => undefined);
  return p;
};

/**
 * The moderation process manager at run time: the reactor over `<prefix>.moderation.>` decodes
 * each commit, asks the pure `reactToModerationEvent` what to do about each event and sends
 * those commands on the bus. A commit is acknowledged only once every send is accepted by
 * JetStream (and bulk rejections are recorded), so a crash redelivers it; the command ids are
 * derived from the event, so the redelivery changes nothing twice. A malformed commit, or an
 * event the pure reaction throws on, is dead-lettered with the reason (after the commit's other
 * events were reacted to); a failing send is retried with the reactor's backoff.
 */
export class ModerationProcessManager {
  private reacted = 0;
  private skipped = 0;

  private constructor(private readonly reactor: Reactor) {}

  /** Ensures the durable consumer and starts reacting in the background. */
  static async start(opts: ProcessManagerOptions): Promise<ModerationProcessManager> {
    const log = opts.logger.child({ component: 'moderation-process' });
    const clock: Clock = opts.clock ?? systemClock;
    let pm: ModerationProcessManager | undefined;

    const send = async (event: EventEnvelope, commands: readonly CommandEnvelope[], elsewhere: readonly ContextCommand[], signal: AbortSignal): Promise<void> => {
      if (commands.length === 0 && elsewhere.length === 0) return;
      const deps: ReactionSenderDeps = {
        bus: opts.bus,
        local: opts.local,
        resultWaitMs: opts.resultWaitMs ?? 10_000,
        stopped: stoppedBy(signal),
        now: () => clock().toISOString(),
        logger: log,
      };
      await Promise.all([...commands.map((c) => sendReaction(deps, c)), ...elsewhere.map((r) => sendReaction(deps, r.command, r.context))]);
      log.debug({ eventId: event.id, type: event.type, sent: [...commands, ...elsewhere.map((r) => r.command)].map((c) => c.type) }, 'reacted');
    };

    const reactor = await startReactor<readonly EventEnvelope[]>({
      nc: opts.nc,
      logger: log,
      name: opts.consumerName ?? DEFAULT_CONSUMER,
      stream: opts.streamName,
      filterSubject: moderationEventsFilter(opts.subjectPrefix),
      deadLetters: { stream: opts.bus.config.deadLetterStream, prefix: opts.bus.config.deadLetterPrefix },
      decode: (m) => {
        const d = decodeCommitMessage(m, opts.subjectPrefix);
        return d.ok ? { ok: true, value: d.events } : { ok: false, reason: d.reason };
      },
      label: (events) => ({ context: 'moderation-process', command: events?.[0]?.type ?? '_', commandId: events?.[0]?.id ?? null }),
      concurrency: opts.concurrency ?? 64,
      ackWaitMs: opts.ackWaitMs ?? 30_000,
      // A reaction that keeps failing stalls a case: retry long before giving up to a dead letter.
      maxAttempts: 10,
      backoffMs: [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000],
      onDeadLetter: async () => {
        if (pm) pm.skipped++;
      },
      handle: async (stored, ctx) => {
        const refused: string[] = [];
        for (const event of await (opts.open ?? openAsStored)(stored)) {
          let commands: CommandEnvelope[];
          let elsewhere: ContextCommand[];
          try {
            const now = clock().toISOString();
            commands = reactToModerationEvent(event, now);
            elsewhere = reactToModerationEventElsewhere(event, now);
          } catch (e) {
            // A known event type whose payload does not match its schema, or any other throw of
            // the pure reaction: a retry would throw the same.
            refused.push(`${event.type} ${event.id}: ${e instanceof Error ? e.message : String(e)}`);
            continue;
          }
          await withCorrelation(event.correlationId, () => send(event, commands, elsewhere, ctx.signal));
        }
        if (refused.length > 0) throw new PermanentFailure(`the process manager cannot react to ${refused.join('; ')}`);
        if (pm) pm.reacted++;
      },
    });
    pm = new ModerationProcessManager(reactor);
    return pm;
  }

  /** Commits reacted to and commits dead-lettered since start (for logs and tests). */
  get stats(): Readonly<{ reacted: number; skipped: number; inFlight: number }> {
    return { reacted: this.reacted, skipped: this.skipped, inFlight: this.reactor.stats().inFlight };
  }

  /** Stops pulling; commits in flight are handed back unacknowledged (nak: redelivered at once to a replica or the next start). */
  stop(): Promise<void> {
    return this.reactor.stop();
  }
}
