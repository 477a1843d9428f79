import type { Logger } from 'pino';

/** Where a scheduler reads the time. Injectable, so tests move time instead of waiting for it. */
export type TimerClock = () => Date;

export type TimerSchedulerOptions<T> = Readonly<{
  /** Names its logs (`component`). */
  name: string;
  logger: Logger;
  /**
   * The timers due at `now`, soonest first, at most `limit`: a read model of the events (so the
   * timers survive restarts and are rebuilt with it), never state of this process.
   */
  due: (now: Date, limit: number) => Promise<readonly T[]>;
  /** One key per timer ever (the same timer read twice has the same key). */
  keyOf: (timer: T) => string;
  /**
   * Fires one timer: sends its command with an id derived from the timer, so a second firing
   * is the same command (the bus dedupes it; the decider refuses what already happened).
   */
  fire: (timer: T, now: Date) => Promise<void>;
  clock?: TimerClock;
  /** How often due timers are looked for. Default 1 s. */
  tickMs?: number;
  /** Most timers fired per tick. A full batch is followed at once by the next. Default 500. */
  batchSize?: number;
  /** A timer fired but still due after this long is fired again (its command was lost, or dead-lettered). Default 60 s. */
  resendAfterMs?: number;
}>;

/**
 * The platform's one durable timer loop. Every `tickMs` it asks `due` for what is due by the
 * clock and fires each, paced so a timer still in the read model (its command is on the way)
 * is not fired again before `resendAfterMs`. Durable because `due` reads a read model of the
 * events: after downtime the first tick finds every missed deadline and fires it; what "missed"
 * means is the owning decider's business (it sees the due time and the firing time).
 */
export class TimerScheduler<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;
  /** key → when it was last fired (by the clock), to pace resends. */
  private readonly sent = new Map<string, number>();
  private readonly clock: TimerClock;
  private readonly tickMs: number;
  private readonly log: Logger;

  constructor(private readonly opts: TimerSchedulerOptions<T>) {
    this.clock = opts.clock ?? (() => new Date());
    this.tickMs = opts.tickMs ?? 1_000;
    this.log = opts.logger.child({ component: opts.name });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async (): Promise<void> => {
      if (this.stopped) return;
      this.running = this.drain().catch((e: unknown) => this.log.error({ err: e }, 'timer tick failed; will retry'));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.tickMs);
    };
    void loop();
    this.log.info({ tickMs: this.tickMs }, 'timer scheduler started');
  }

  /** Finishes the tick under way; nothing is lost, the timers are in the read model. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Ticks until a batch comes back short (a burst of due timers is not spread over ticks). */
  private async drain(): Promise<void> {
    const batchSize = this.opts.batchSize ?? 500;
    for (;;) {
      const { read, fired } = await this.tickOnce();
      if (this.stopped || read < batchSize || fired === 0) return;
    }
  }

  /** Fires what is due now; returns how many were fired. */
  async tick(): Promise<number> {
    return (await this.tickOnce()).fired;
  }

  private async tickOnce(): Promise<{ read: number; fired: number }> {
    const now = this.clock();
    const resendAfter = this.opts.resendAfterMs ?? 60_000;
    const batchSize = this.opts.batchSize ?? 500;
    // Timers fired but still in the read model (their commands on the way) are read again and
    // skipped: ask for that many more, so they never hide the ones due behind them.
    const limit = batchSize + this.sent.size;
    const due = await this.opts.due(now, limit);
    const dueKeys = new Set<string>();
    const toFire: T[] = [];
    for (const t of due) {
      const key = this.opts.keyOf(t);
      dueKeys.add(key);
      const last = this.sent.get(key);
      if (last !== undefined && now.getTime() - last < resendAfter) continue;
      if (toFire.length < batchSize) toFire.push(t);
    }
    let fired = 0;
    await Promise.all(
      toFire.map(async (t) => {
        await this.opts.fire(t, now);
        this.sent.set(this.opts.keyOf(t), now.getTime());
        fired++;
      }),
    );
    // Forget what has left the read model so the map stays small; with a full read, what was
    // not read this time may still be there.
    if (due.length < limit) for (const key of this.sent.keys()) if (!dueKeys.has(key)) this.sent.delete(key);
    return { read: toFire.length, fired };
  }
}
