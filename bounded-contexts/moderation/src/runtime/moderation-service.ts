import {
  migrate,
  ProjectionRunner,
  routeCommands,
  settleLocally,
  type CommandConsumer,
  type ContextRuntimeDeps,
} from '@guildhall/eventing';
import { commands } from '../command-routing.js';
import { RECONCILE_DISCORD_SANCTIONS } from '../discord-reconciliation.js';
import { moderationHandler } from '../handler.js';
import { MODERATION } from '../stream-ids.js';
import type { Clock } from './clock.js';
import { ExpiryScheduler, type ExpirySchedulerOptions } from './expiry-scheduler.js';
import { expiryScheduleProjection } from './expiry-schedule-projection.js';
import { memberSanctionsProjection } from './member-sanctions-projection.js';
import { ModerationProcessManager, type ProcessManagerOptions } from './process-manager.js';
import { reconcilerHandler } from './reconciler.js';

/** The pool holds the `moderation_schedule` and `moderation_sanctions` read models (and their runners' checkpoints). */
export type ModerationServiceOptions = ContextRuntimeDeps & Readonly<{
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
  /** Whom Guildhall believes banned / timed out, for reconciling with Discord after downtime. */
  sanctionsRunner: ProjectionRunner;
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
  await migrate(pool, [expiryScheduleProjection, memberSanctionsProjection], logger);
  const runnerOf = (projection: typeof expiryScheduleProjection): ProjectionRunner =>
    new ProjectionRunner(projection, { nc, pool, streamName, subjectPrefix, logger, ...(o.open ? { open: o.open } : {}), idleWaitMs: Math.max(1_000, o.scheduleIdleWaitMs ?? 1_000) });
  const sanctionsRunner = runnerOf(memberSanctionsProjection);
  sanctionsRunner.start();
  // Deciding re-reads a stream each time; the cache makes that a version check (see its notes).
  // One handler for the bus and the process manager, so commands on one stream queue in-process.
  // Decides on `o.store` as given: a service caches its streams under the shredding store
  // (openEventStore's cacheStreams), never above it, where a forgotten name would stay in memory.
  const handle = moderationHandler(o.store);
  // Beside the deciders on the bus: a Discord snapshot after downtime, compared with the sanctions read model.
  const reconcile = reconcilerHandler({ bus: o.bus, store: o.store, pool, runner: sanctionsRunner, logger, catchUpTimeoutMs: o.catchUpTimeoutMs ?? 30_000 });
  const handlers = await o.bus.handle(
    MODERATION,
    routeCommands({ ...Object.fromEntries(Object.keys(commands).map((type) => [type, handle])), [RECONCILE_DISCORD_SANCTIONS]: reconcile }),
    { concurrency: o.handlerConcurrency ?? 16 },
  );
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
    ...(o.open ? { open: o.open } : {}),
    ...o.process,
  });
  const scheduleRunner = runnerOf(expiryScheduleProjection);
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
      await Promise.all([scheduleRunner.stop(), sanctionsRunner.stop()]);
    })());
  return { handlers, processManager, scheduleRunner, sanctionsRunner, scheduler, stop };
};
