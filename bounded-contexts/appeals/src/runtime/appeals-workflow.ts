import { decodeCommitMessage, PermanentFailure, startReactor, withCorrelation, type CommandBus, type Logger, type Reactor } from '@guildhall/eventing';
import type { NatsConnection } from '@nats-io/nats-core';
import { APPEALS } from '../stream-ids.js';
import { reactToAppealEvent } from '../workflows/lift-on-approval.js';

export type AppealsWorkflowOptions = Readonly<{
  nc: NatsConnection;
  bus: CommandBus;
  streamName: string;
  subjectPrefix: string;
  logger: Logger;
  /** Durable consumer name. Default `appeals-workflow`. */
  consumerName?: string;
  now?: () => string;
}>;

/**
 * The appeals workflow on the reactor, over every case-appeals stream: each decided appeal's
 * reaction (the unban or removed timeout) is published on the bus before the commit is acked,
 * so a crash redelivers it and the derived command id makes the resend a no-op.
 */
export const startAppealsWorkflow = (o: AppealsWorkflowOptions): Promise<Reactor> => {
  const log = o.logger.child({ component: 'appeals-workflow' });
  const now = o.now ?? (() => new Date().toISOString());
  return startReactor({
    nc: o.nc,
    logger: log,
    name: o.consumerName ?? 'appeals-workflow',
    stream: o.streamName,
    filterSubject: `${o.subjectPrefix}.${APPEALS}.case.>`,
    deadLetters: { stream: o.bus.config.deadLetterStream, prefix: o.bus.config.deadLetterPrefix },
    decode: (m) => {
      const d = decodeCommitMessage(m, o.subjectPrefix);
      return d.ok ? { ok: true, value: d.events } : { ok: false, reason: d.reason };
    },
    label: (events) => ({ context: 'appeals-workflow', command: events?.[0]?.type ?? '_', commandId: events?.[0]?.id ?? null }),
    concurrency: 8,
    handle: async (events) => {
      for (const event of events) {
        let reactions: ReturnType<typeof reactToAppealEvent>;
        try {
          reactions = reactToAppealEvent(event, now());
        } catch (e) {
          throw new PermanentFailure(`cannot react to ${event.type} ${event.id}: ${e instanceof Error ? e.message : String(e)}`);
        }
        for (const { context, command } of reactions) {
          await withCorrelation(event.correlationId, () => o.bus.send(command, { context, waitMs: 0 }));
          log.info({ eventId: event.id, command: command.type, commandId: command.id }, 'approved appeal lifts its sanction');
        }
      }
    },
  });
};
