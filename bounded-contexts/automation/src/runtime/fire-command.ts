import { deterministicId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import type { ScheduleTimer } from './schedule-timers-queries.js';

export const SCHEDULER_ACTOR: Actor = { kind: 'system', id: 'guildhall-scheduler', name: 'Guildhall scheduler' };

/** One id per run of a schedule: every firing of one due time is the same command, decided once. */
export const fireCommandId = (t: Pick<ScheduleTimer, 'guildId' | 'scheduleId' | 'dueAt'>): string => deterministicId('schedule-fire', t.guildId, t.scheduleId, t.dueAt);

/**
 * FireSchedule for a due timer, issued at the scheduler's `now`: the decider compares it with
 * the due time to tell an on-time run from a deadline missed during downtime.
 */
export const fireCommand = (t: ScheduleTimer, now: Date): CommandEnvelope => ({
  id: fireCommandId(t),
  type: 'FireSchedule',
  issuedAt: now.toISOString(),
  guildId: t.guildId,
  actor: SCHEDULER_ACTOR,
  source: 'scheduler',
  correlationId: t.correlationId,
  causationId: null,
  payload: { scheduleId: t.scheduleId, dueAt: t.dueAt },
});
