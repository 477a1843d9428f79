import { TimerScheduler, type CommandBus, type Logger } from '@guildhall/eventing';
import type { Pool } from 'pg';
import { MODERATION } from '../stream-ids.js';
import { systemClock, type Clock } from './clock.js';
import { expireApprovalCommand, expireCommand } from './expire-command.js';
import { dueApprovalExpiries, dueExpiries, type ScheduledApprovalExpiry, type ScheduledExpiry } from './expiry-schedule-queries.js';

export type ExpirySchedulerOptions = Readonly<{
  bus: CommandBus;
  /** The database holding the `moderation_schedule` read model. */
  pool: Pool;
  logger: Logger;
  clock?: Clock;
  /** How often due expiries are looked for. Default 1 s. */
  tickMs?: number;
  /** Most expiries sent per tick. Default 500. */
  batchSize?: number;
  /**
   * An expiry sent but still in the schedule after this long is sent again (same id: the bus
   * answers a settled one from its results, and re-runs one that was dead-lettered). Default 60 s.
   */
  resendAfterMs?: number;
}>;

/**
 * Fires ExpireCase for every scheduled expiry, and the expiry of every undecided four-eyes
 * request, whose due time has passed, by the injected clock: two timer sets on the platform's
 * TimerScheduler (the automation schedules are another user). Durable
 * because the schedule is a read model of the events: after downtime, the first tick finds every
 * missed deadline and fires it. Once, because the command id is derived from the case (the bus
 * dedupes it) and the case decider refuses a second expiry (CASE_ALREADY_EXPIRED).
 */
export class ExpiryScheduler {
  private readonly timers: TimerScheduler<ScheduledExpiry>;
  private readonly approvals: TimerScheduler<ScheduledApprovalExpiry>;

  constructor(opts: ExpirySchedulerOptions) {
    const log = opts.logger.child({ component: 'expiry-scheduler' });
    const common = {
      logger: opts.logger,
      clock: opts.clock ?? systemClock,
      ...(opts.tickMs !== undefined ? { tickMs: opts.tickMs } : {}),
      ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}),
      ...(opts.resendAfterMs !== undefined ? { resendAfterMs: opts.resendAfterMs } : {}),
    };
    this.timers = new TimerScheduler<ScheduledExpiry>({
      ...common,
      name: 'expiry-scheduler',
      due: (now, limit) => dueExpiries(opts.pool, now, limit),
      keyOf: (e) => `${e.guildId}/${e.caseNumber}`,
      fire: async (expiry, now) => {
        const command = expireCommand(expiry, now);
        await opts.bus.send(command, { context: MODERATION });
        log.info({ guildId: expiry.guildId, caseNumber: expiry.caseNumber, dueAt: expiry.dueAt, commandId: command.id }, 'expiry due; ExpireCase sent');
      },
    });
    this.approvals = new TimerScheduler<ScheduledApprovalExpiry>({
      ...common,
      name: 'approval-expiry-scheduler',
      due: (now, limit) => dueApprovalExpiries(opts.pool, now, limit),
      keyOf: (a) => `${a.guildId}/approval:${a.approvalId}`,
      fire: async (a, now) => {
        const command = expireApprovalCommand(a, now);
        await opts.bus.send(command, { context: MODERATION });
        log.info({ guildId: a.guildId, approvalId: a.approvalId, dueAt: a.dueAt, commandId: command.id }, `four-eyes request lapsed; ${command.type} sent`);
      },
    });
  }

  start(): void {
    this.timers.start();
    this.approvals.start();
  }

  /** Finishes the tick under way; nothing is lost, the schedule is in the database. */
  stop(): Promise<void> {
    return Promise.all([this.timers.stop(), this.approvals.stop()]).then(() => undefined);
  }

  /** Sends ExpireCase and four-eyes expiries for what is due now; returns how many were sent. */
  async tick(): Promise<number> {
    const [cases, approvals] = await Promise.all([this.timers.tick(), this.approvals.tick()]);
    return cases + approvals;
  }
}
