import type { Actor } from '@guildhall/kernel';
import type { MissedRunPolicy, ScheduledAction, Trigger } from './schedule-schemas.js';

export type ScheduleRun = Readonly<{ runNumber: number; dueAt: string; outcome: 'running' | 'succeeded' | 'failed' }>;

export type ScheduleState =
  | Readonly<{ status: 'none' }>
  | Readonly<{
      /** active: waits for nextRunAt; completed: nothing more to run; cancelled: stopped for good. */
      status: 'active' | 'paused' | 'completed' | 'cancelled';
      scheduleId: string;
      name: string | null;
      trigger: Trigger;
      action: ScheduledAction;
      missedRun: MissedRunPolicy;
      nextRunAt: string | null;
      createdBy: Actor;
      runs: number;
      /** The runs whose outcome is not in yet (an outcome names its run). */
      open: readonly number[];
    }>;

export type ExistingSchedule = Exclude<ScheduleState, { status: 'none' }>;

export const initialScheduleState = (): ScheduleState => ({ status: 'none' });
