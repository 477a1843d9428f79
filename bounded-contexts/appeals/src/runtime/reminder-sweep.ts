import type { CommandBus, Logger } from '@guildhall/eventing';
import { deterministicId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import type { Pool } from 'pg';
import { APPEALS } from '../stream-ids.js';
import { dueReminders, type DueReminder } from './reminder-schedule-projection.js';

export const REMINDER_ACTOR: Actor = { kind: 'system', id: 'appeal-reminders', name: 'Appeal reminders' };

/** The reminder command of one due appeal: one id per appeal, so every sweep that sees it sends the same command. */
export const reminderCommand = (r: DueReminder, now: string): CommandEnvelope => ({
  id: deterministicId('appeal-reminder', r.appealId),
  type: 'RecordAppealReminder',
  issuedAt: now,
  guildId: r.guildId,
  actor: REMINDER_ACTOR,
  source: 'scheduler',
  correlationId: r.correlationId,
  causationId: r.submittedEventId,
  payload: { caseNumber: r.caseNumber, appealId: r.appealId },
});

export type ReminderSweep = Readonly<{ sweepOnce(): Promise<number>; stop(): void }>;

/** Every `everyMs`, the appeals past their review limit get a RecordAppealReminder (the decider records it once). */
export const startReminderSweep = (o: Readonly<{ pool: Pool; bus: CommandBus; logger: Logger; everyMs: number; clock?: () => Date }>): ReminderSweep => {
  const clock = o.clock ?? (() => new Date());
  const log = o.logger.child({ component: 'appeal-reminders' });
  let running = false;
  const sweepOnce = async (): Promise<number> => {
    if (running) return 0;
    running = true;
    try {
      const now = clock();
      const due = await dueReminders(o.pool, now);
      for (const r of due) await o.bus.send(reminderCommand(r, now.toISOString()), { context: APPEALS, waitMs: 0 });
      if (due.length > 0) log.info({ count: due.length }, 'appeals past their review limit reminded');
      return due.length;
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => {
    sweepOnce().catch((err: unknown) => log.warn({ err, code: 'APPEAL_REMINDER_SWEEP_FAILED' }, 'reminder sweep failed; next tick retries'));
  }, o.everyMs);
  timer.unref();
  return { sweepOnce, stop: () => clearInterval(timer) };
};
