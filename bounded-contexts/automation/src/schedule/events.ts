import { ActorSchema, SnowflakeSchema, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { Instant, MissedRunPolicySchema, ScheduledActionSchema, ScheduleId, TriggerSchema } from './schedule-schemas.js';

const id = { scheduleId: ScheduleId };
const by = { by: ActorSchema, at: Instant };
const definition = {
  name: z.string().nullable(),
  trigger: TriggerSchema,
  action: ScheduledActionSchema,
  missedRun: MissedRunPolicySchema,
  /** null: nothing more to run (a one-off that ran, or a cron that stopped coming round). */
  nextRunAt: Instant.nullable(),
};

export const scheduleEvents = {
  ScheduleCreated: z.object({ ...id, ...definition, ...by }),
  ScheduleUpdated: z.object({ ...id, ...definition, ...by }),
  SchedulePaused: z.object({ ...id, ...by }),
  ScheduleResumed: z.object({ ...id, nextRunAt: Instant.nullable(), ...by }),
  ScheduleCancelled: z.object({ ...id, ...by }),
  /** A run began: the action's command goes to its context. `late`: it fires after a missed deadline (policy fire-once). */
  ScheduleRunStarted: z.object({
    ...id,
    runNumber: z.number().int().min(1),
    dueAt: Instant,
    firedAt: Instant,
    late: z.boolean(),
    /** Missed deadlines folded into this one run (fire-once after downtime). */
    missedRuns: z.number().int().min(0),
    action: ScheduledActionSchema,
    /** Who created the schedule: the action is done on their behalf (a scheduled unban's case names them). */
    scheduledBy: ActorSchema,
    nextRunAt: Instant.nullable(),
  }),
  /**
   * A temporary role's run asks the bot to give or remove the role (with the run's
   * ScheduleRunStarted); the bot's outcome comes back as RecordScheduleRunOutcome.
   */
  ScheduleRoleActionRequested: z.object({
    ...id,
    runNumber: z.number().int().min(1),
    step: z.enum(['give', 'remove']),
    userId: SnowflakeSchema,
    roleId: SnowflakeSchema,
    auditLogReason: z.string().max(512),
    requestedAt: Instant,
  }),
  /** A missed deadline skipped by the schedule's policy. */
  ScheduleRunSkipped: z.object({ ...id, dueAt: Instant, skippedAt: Instant, missedRuns: z.number().int().min(1), nextRunAt: Instant.nullable() }),
  ScheduleRunSucceeded: z.object({ ...id, runNumber: z.number().int().min(1), messageId: z.string().nullable(), at: Instant }),
  ScheduleRunFailed: z.object({ ...id, runNumber: z.number().int().min(1), reason: z.string(), at: Instant }),
} as const;
export type ScheduleEvent = EventOf<typeof scheduleEvents>;
export type ScheduleEventType = ScheduleEvent['type'];
