import { retentionAggregate, retentionStreamId } from '@guildhall/access';
import { aggregateStream, type EventStore, type Logger, type MemberKeyStore, type ShreddingEventStore } from '@guildhall/eventing';

/** The guilds that hold day-scoped keys (message content): only they have anything to shred. */
export const guildsWithDayKeys = (keyIds: readonly string[]): string[] => [...new Set(keyIds.flatMap((id) => (id.split('/').length === 3 ? [id.split('/')[0]!] : [])))].sort();

export type RetentionRun = Readonly<{ guilds: number; keysDestroyed: number; byGuild: Readonly<Record<string, number>> }>;

/**
 * One pass of per-guild retention at `now`: for each guild with message content, its setting as
 * it stands (its retention stream), and every day key older than that many days destroyed, so
 * that content reads as erased from then on. `now` is the caller's clock (tests inject one).
 */
export const runRetention = async (o: Readonly<{ store: ShreddingEventStore & EventStore; keys: MemberKeyStore; now: Date }>): Promise<RetentionRun> => {
  const byGuild: Record<string, number> = {};
  let keysDestroyed = 0;
  const guilds = guildsWithDayKeys(await o.keys.list());
  for (const g of guilds) {
    const { state } = await aggregateStream(o.store, retentionStreamId(g), retentionAggregate);
    if (state.messageContentDays === null) continue;
    const n = await o.store.shredOlderThan(g, state.messageContentDays, o.now);
    if (n > 0) byGuild[g] = n;
    keysDestroyed += n;
  }
  return { guilds: guilds.length, keysDestroyed, byGuild };
};

export type RetentionJob = Readonly<{ runNow(): Promise<RetentionRun>; stop(): Promise<void> }>;

/**
 * Runs retention every `everyMs` (and once soon after start); after a pass that destroyed keys,
 * `afterShred` (the read models' rebuild) runs, so they read the content as erased too.
 */
export const startRetentionJob = (
  o: Readonly<{ store: ShreddingEventStore & EventStore; keys: MemberKeyStore; everyMs: number; logger: Logger; clock?: () => Date; afterShred: () => Promise<void> }>,
): RetentionJob => {
  const clock = o.clock ?? (() => new Date());
  let running: Promise<unknown> = Promise.resolve();
  const runNow = (): Promise<RetentionRun> => {
    const next = running.then(async () => {
      const r = await runRetention({ store: o.store, keys: o.keys, now: clock() });
      if (r.keysDestroyed > 0) {
        o.logger.info({ ...r, code: 'RETENTION_SHREDDED' }, `retention: ${r.keysDestroyed} day keys of message content destroyed`);
        await o.afterShred();
      }
      return r;
    });
    running = next.catch((err: unknown) => o.logger.error({ err, code: 'RETENTION_FAILED' }, 'retention pass failed'));
    return next;
  };
  const tick = () => void runNow().catch(() => undefined);
  const first = setTimeout(tick, Math.min(10_000, o.everyMs));
  const timer = setInterval(tick, o.everyMs);
  first.unref();
  timer.unref();
  return {
    runNow,
    stop: async () => {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
};
