import type { CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { Instant, MissedRunPolicySchema, ScheduledActionSchema, ScheduleId, TriggerSchema } from './schedule-schemas.js';

const nameText = z.string().trim().min(1).max(100).nullable();
const name = nameText.default(null);
const id = { scheduleId: ScheduleId };

/** Commands of one scheduled action (stream `automation.schedule.<guildId>-<scheduleId>`). */
export const scheduleCommands = {
  CreateSchedule: z.object({ ...id, name, trigger: TriggerSchema, action: ScheduledActionSchema, missedRun: MissedRunPolicySchema.default('fire-once') }),
  /** Replaces what is given; the next run is computed again from the new trigger. */
  UpdateSchedule: z.object({
    ...id,
    // No default here: an edit that leaves the name out keeps it.
    name: nameText.optional(),
    trigger: TriggerSchema.optional(),
    action: ScheduledActionSchema.optional(),
    missedRun: MissedRunPolicySchema.optional(),
  }),
  PauseSchedule: z.object(id),
  ResumeSchedule: z.object(id),
  CancelSchedule: z.object(id),
  /** From the scheduler: the run due at `dueAt` is due now (its id is derived from both, so a resend is the same command). */
  FireSchedule: z.object({ ...id, dueAt: Instant }),
  /** From the action runner: what the owning context made of the run's command. */
  RecordScheduleRunOutcome: z.object({
    ...id,
    runNumber: z.number().int().min(1),
    outcome: z.enum(['succeeded', 'failed']),
    detail: z.string().max(1000).nullable().default(null),
    /** The message posted, for message and reminder runs. */
    messageId: z.string().max(32).nullable().default(null),
  }),
} as const;
export type ScheduleCommand = CommandOf<typeof scheduleCommands>;
export type ScheduleCommandType = ScheduleCommand['type'];
