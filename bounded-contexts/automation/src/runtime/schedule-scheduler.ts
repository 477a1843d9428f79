import { migrate, parseSettings, ProjectionRunner, Semaphore, settleLocally, TimerScheduler, type TimerClock } from '@guildhall/eventing';
import { z } from 'zod';
import type { AutomationDeps, AutomationPart, RunningPart } from './automation-part.js';
import { fireCommand } from './fire-command.js';
import { scheduleTimersProjection } from './schedule-timers-projection.js';
import { dueScheduleTimers, type ScheduleTimer } from './schedule-timers-queries.js';

const SettingsSchema = z.object({
  /** How often due schedules are looked for: the worst lateness of an on-time run. */
  SCHEDULER_TICK_MS: z.coerce.number().int().min(20).max(60_000).default(250),
  /** Most timers read and fired per query (a full batch is followed at once by the next). */
  SCHEDULER_BATCH_SIZE: z.coerce.number().int().min(1).max(20_000).default(2_000),
  /** FireSchedule commands decided at once. */
  SCHEDULER_CONCURRENCY: z.coerce.number().int().min(1).max(1_024).default(64),
});

export type ScheduleSchedulerOptions = Readonly<{ clock?: TimerClock; tickMs?: number; batchSize?: number; catchUpTimeoutMs?: number }>;

export type RunningScheduler = RunningPart & Readonly<{ runner: ProjectionRunner; timers: TimerScheduler<ScheduleTimer> }>;

/**
 * The schedules' durable timers: the `automation_timers` read model (run here, so a restart
 * finds every deadline missed meanwhile) and the platform's TimerScheduler over it, firing
 * FireSchedule (decided in this process) with an id derived from the schedule and its due time.
 */
export const startScheduleScheduler = async (deps: AutomationDeps, o: ScheduleSchedulerOptions = {}): Promise<RunningScheduler> => {
  const settings = parseSettings(SettingsSchema);
  const { nc, pool, streamName, subjectPrefix, logger } = deps;
  await migrate(pool, [scheduleTimersProjection], logger);
  // A short long-poll: a schedule due seconds after it was made must be in the timers by then.
  const runner = new ProjectionRunner(scheduleTimersProjection, { nc, pool, streamName, subjectPrefix, logger, idleWaitMs: 1_000 });
  runner.start();
  // Missed deadlines are fired from the timers as they stood before this start: wait for them to
  // include what was stored by then (a stale row only fires a run the decider ignores).
  const head = await deps.store.headPosition();
  await runner.waitForPosition(head, o.catchUpTimeoutMs ?? 30_000).catch((e: unknown) => logger.warn({ err: e, head }, 'schedule timers not caught up yet; starting anyway'));
  const slots = new Semaphore(settings.SCHEDULER_CONCURRENCY);
  const timers = new TimerScheduler<ScheduleTimer>({
    name: 'schedule-scheduler',
    logger,
    ...(o.clock ? { clock: o.clock } : {}),
    tickMs: o.tickMs ?? settings.SCHEDULER_TICK_MS,
    batchSize: o.batchSize ?? settings.SCHEDULER_BATCH_SIZE,
    // A run's command normally leaves the timers within a second; a minute means it was lost.
    resendAfterMs: 60_000,
    due: (now, limit) => dueScheduleTimers(pool, now, limit),
    keyOf: (t) => `${t.guildId}/${t.scheduleId}/${t.dueAt}`,
    // Decided here, not sent round the bus (publish, pull, result, ack): the schedule decider is
    // this service's own, and a timer that fails to fire stays in the read model for the next tick.
    fire: async (t, now) => {
      await slots.acquire();
      try {
        const result = await settleLocally(deps.handle, fireCommand(t, now));
        if (result.status === 'rejected') logger.warn({ guildId: t.guildId, scheduleId: t.scheduleId, dueAt: t.dueAt, code: result.code }, 'FireSchedule refused');
      } finally {
        slots.release();
      }
    },
  });
  timers.start();
  return {
    runner,
    timers,
    stop: async () => {
      await timers.stop();
      await runner.stop();
    },
  };
};

export const scheduleSchedulerPart: AutomationPart = { name: 'schedule-scheduler', start: (deps) => startScheduleScheduler(deps) };
