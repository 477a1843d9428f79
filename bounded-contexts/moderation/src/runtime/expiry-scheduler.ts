import type { CommandBus, Logger } from '@guildhall/eventing';
import type { Pool } from 'pg';
import { MODERATION } from '../stream-ids.js';
import { systemClock, type Clock } from './clock.js';
import { expireApprovalCommand, expireCommand } from './expire-command.js';
import { dueApprovalExpiries, dueExpiries } from './expiry-schedule-queries.js';

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
 * Fires ExpireCase for every scheduled expiry whose due time has passed, by the injected clock.
 * Durable because the schedule is a read model of the events: after downtime, the first tick
 * finds every missed deadline and fires it. Once, because the command id is derived from the case
 * (the bus dedupes it) and the case decider refuses a second expiry (CASE_ALREADY_EXPIRED).
 */
export class ExpiryScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;
  /** `guild/case` → when it was last sent (by the clock), to pace resends. */
  private readonly sent = new Map<string, number>();
  private readonly clock: Clock;
  private readonly tickMs: number;
  private readonly log: Logger;

  constructor(private readonly opts: ExpirySchedulerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.tickMs = opts.tickMs ?? 1_000;
    this.log = opts.logger.child({ component: 'expiry-scheduler' });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async (): Promise<void> => {
      if (this.stopped) return;
      this.running = this.tick().catch((e: unknown) => this.log.error({ err: e }, 'expiry tick failed; will retry'));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.tickMs);
    };
    void loop();
    this.log.info({ tickMs: this.tickMs }, 'expiry scheduler started');
  }

  /** Finishes the tick under way; nothing is lost, the schedule is in the database. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Sends ExpireCase for what is due now; returns how many were sent. */
  async tick(): Promise<number> {
    const now = this.clock();
    const resendAfter = this.opts.resendAfterMs ?? 60_000;
    const batchSize = this.opts.batchSize ?? 500;
    const [due, lapsed] = await Promise.all([dueExpiries(this.opts.pool, now, batchSize), dueApprovalExpiries(this.opts.pool, now, batchSize)]);
    // Cases and four-eyes requests share the pacing map; their keys cannot collide (case numbers vs `approval:` ids).
    const fire = [
      ...due.map((expiry) => ({ key: `${expiry.guildId}/${expiry.caseNumber}`, command: expireCommand(expiry, now), log: { guildId: expiry.guildId, caseNumber: expiry.caseNumber, dueAt: expiry.dueAt } })),
      ...lapsed.map((a) => ({ key: `${a.guildId}/approval:${a.approvalId}`, command: expireApprovalCommand(a, now), log: { guildId: a.guildId, approvalId: a.approvalId, dueAt: a.dueAt } })),
    ];
    const dueKeys = new Set<string>();
    let fired = 0;
    await Promise.all(
      fire.map(async ({ key, command, log }) => {
        dueKeys.add(key);
        const last = this.sent.get(key);
        if (last !== undefined && now.getTime() - last < resendAfter) return;
        await this.opts.bus.send(command, { context: MODERATION });
        this.sent.set(key, now.getTime());
        fired++;
        this.log.info({ ...log, commandId: command.id }, `deadline due; ${command.type} sent`);
      }),
    );
    // Forget what has left the schedule (expired, lifted, decided) so the map stays small; with a
    // full batch, what was not read this time may still be there.
    if (due.length < batchSize && lapsed.length < batchSize) for (const key of this.sent.keys()) if (!dueKeys.has(key)) this.sent.delete(key);
    return fired;
  }
}
