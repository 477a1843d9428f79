import { migrate, ProjectionRunner, type CommandConsumer, type ContextRuntimeDeps, type Reactor } from '@guildhall/eventing';
import { register } from '../handler.js';
import { startAppealsWorkflow } from './appeals-workflow.js';
import { startReminderSweep, type ReminderSweep } from './reminder-sweep.js';
import { reminderScheduleProjection } from './reminder-schedule-projection.js';

/** The pool holds the reminder schedule (and its runner's checkpoint). */
export type AppealsServiceOptions = ContextRuntimeDeps & Readonly<{
  handlerConcurrency?: number;
  workflowConsumer?: string;
  reminderSweepMs?: number;
  clock?: () => Date;
}>;

export type AppealsService = Readonly<{ handlers: CommandConsumer; workflow: Reactor; reminderRunner: ProjectionRunner; reminders: ReminderSweep; stop(): Promise<void> }>;

/** The appeals service's parts: the `cmd.appeals.*` handler, the approval workflow, the reminder schedule and its sweep. */
export const startAppealsService = async (o: AppealsServiceOptions): Promise<AppealsService> => {
  const { nc, pool, streamName, subjectPrefix, logger } = o;
  await migrate(pool, [reminderScheduleProjection], logger);
  const reminderRunner = new ProjectionRunner(reminderScheduleProjection, { nc, pool, streamName, subjectPrefix, logger, idleWaitMs: 1_000, ...(o.open ? { open: o.open } : {}) });
  reminderRunner.start();
  const handlers = await register(o.bus, o.store, { concurrency: o.handlerConcurrency ?? 8 });
  const workflow = await startAppealsWorkflow({ nc, bus: o.bus, streamName, subjectPrefix, logger, ...(o.open ? { open: o.open } : {}), ...(o.workflowConsumer ? { consumerName: o.workflowConsumer } : {}), ...(o.clock ? { now: () => o.clock!().toISOString() } : {}) });
  const reminders = startReminderSweep({ pool, bus: o.bus, logger, everyMs: o.reminderSweepMs ?? 60_000, ...(o.clock ? { clock: o.clock } : {}) });
  return {
    handlers,
    workflow,
    reminderRunner,
    reminders,
    stop: async () => {
      reminders.stop();
      await Promise.all([workflow.stop(), handlers.stop(), reminderRunner.stop()]);
    },
  };
};
