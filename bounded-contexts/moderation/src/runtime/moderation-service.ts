import {
  CachingEventStore,
  migrate,
  ProjectionRunner,
  settleLocally,
  type CommandBus,
  type CommandConsumer,
  type EventStore,
  type Logger,
} from '@guildhall/eventing';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Pool } from 'pg';
import { moderationHandler } from '../handler.js';
import { MODERATION } from '../stream-ids.js';
import type { Clock } from './clock.js';
import { ExpiryScheduler, type ExpirySchedulerOptions } from './expiry-scheduler.js';
import { expiryScheduleProjection } from './expiry-schedule-projection.js';
import { ModerationProcessManager, type ProcessManagerOptions } from './process-manager.js';

export type ModerationServiceOptions = Readonly<{
  nc: NatsConnection;
  store: EventStore;
  bus: CommandBus;
  /** Holds the `moderation_schedule` read model (and the runner's checkpoint). */
  pool: Pool;
  /** The EVENTS stream the store writes to, and its subject prefix. */
  streamName: string;
  subjectPrefix: string;
  logger: Logger;
  clock?: Clock;
  /** Commands decided at once by this worker. Default 16. */
  handlerConcurrency?: number;
  process?: Partial<Pick<ProcessManagerOptions, 'consumerName' | 'concurrency' | 'ackWaitMs' | 'resultWaitMs'>>;
  expiry?: Partial<Pick<ExpirySchedulerOptions, 'tickMs' | 'batchSize' | 'resendAfterMs'>>;
  /** Long poll of the schedule runner when caught up (it returns as soon as a commit arrives). Default and minimum 1 s (NATS's floor). */
  scheduleIdleWaitMs?: number;
  /** How long start-up waits for the schedule to include the events stored before it. Default 30 s. */
  catchUpTimeoutMs?: number;
}>;

export type ModerationService = Readonly<{
  handlers: CommandConsumer;
  processManager: ModerationProcessManager;
  scheduleRunner: ProjectionRunner;
  scheduler: ExpiryScheduler;
  /** Stops pulling everywhere and lets what is in flight settle (or be redelivered). */
  stop(): Promise<void>;
}>;

/**
 * The moderation service's moving parts: the command handlers, the process manager between
 * them, and the expiry scheduler over its own `moderation_schedule` read model.
 */
export const startModerationService = async (o: ModerationServiceOptions): Promise<ModerationService> => {
  const { nc, pool, streamName, subjectPrefix, logger } = o;
  await migrate(pool, [expiryScheduleProjection], logger);
  // Deciding re-reads a stream each time; the cache makes that a version check (see its notes).
  // One handler for the bus and the process manager, so commands on one stream queue in-process.
  const handle = moderationHandler(new CachingEventStore(o.store));
  const handlers = await o.bus.handle(MODERATION, handle, { concurrency: o.handlerConcurrency ?? 16 });
  // The chain's next commands (case number, case, outcome) are all moderation's: decided in
  // this process, not sent round the bus (each hop a publish, a pull, a result get and put, an ack).
  const processManager = await ModerationProcessManager.start({
    nc,
    bus: o.bus,
    local: (command) => settleLocally(handle, command),
    streamName,
    subjectPrefix,
    logger,
    ...(o.clock ? { clock: o.clock } : {}),
    ...o.process,
  });
  const scheduleRunner = new ProjectionRunner(expiryScheduleProjection, {
    nc,
    pool,
    streamName,
    subjectPrefix,
    logger,
    idleWaitMs: Math.max(1_000, o.scheduleIdleWaitMs ?? 1_000),
  });
  scheduleRunner.start();
  // Missed deadlines are fired from the schedule as it stood before this start, so wait for it
  // to include everything stored by then. Not required for correctness (a stale row only
  // re-sends an expiry the decider refuses), hence a warning, not a failure, on timeout.
  const head = await o.store.headPosition();
  await scheduleRunner.waitForPosition(head, o.catchUpTimeoutMs ?? 30_000).catch((e: unknown) =>
    logger.warn({ err: e, head }, 'expiry schedule not caught up yet; starting the scheduler anyway'),
  );
  const scheduler = new ExpiryScheduler({ bus: o.bus, pool, logger, ...(o.clock ? { clock: o.clock } : {}), ...o.expiry });
  scheduler.start();

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await Promise.all([processManager.stop(), scheduler.stop()]);
      await handlers.stop();
      await scheduleRunner.stop();
    })());
  return { handlers, processManager, scheduleRunner, scheduler, stop };
};
