import {
  decodeCommitMessage,
  rebuildProjection,
  startReactor,
  type DeadLetterTarget,
  type Logger,
  type MemberKeyStore,
  type OpenEvents,
  type Projection,
  type Reactor,
  type ReactorOptions,
} from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import type { Pool } from 'pg';
import { keysToDestroy } from './forgotten-member.js';

export type EraserOptions = Readonly<{
  nc: ReactorOptions<unknown>['nc'];
  pool: Pool;
  streamName: string;
  subjectPrefix: string;
  logger: Logger;
  keys: MemberKeyStore;
  open: OpenEvents;
  /** The read models rebuilt after a key is destroyed (those that hold personal fields). */
  projections: readonly Projection[];
  deadLetters: DeadLetterTarget;
  /** Durable consumer name. Default `eraser`. */
  consumerName?: string;
  /** Called after each erasure (tests). */
  onErased?: (keyPrefix: string) => void;
}>;

/**
 * Carries out "forget me": on each MemberForgotten (`<prefix>.access.erasure.>`) it destroys the
 * member's keys, then rebuilds the read models, which read the member's fields as erased from
 * then on. A rebuild, not an in-place update: the read model after a forget is by construction
 * what any later rebuild gives. Destroying is idempotent, so a redelivery (crash in between)
 * only rebuilds again.
 */
/** Rebuilds the read models through the shredding store (after keys were destroyed: forget me, retention). */
export const rebuildReadModels = async (
  o: Pick<EraserOptions, 'nc' | 'pool' | 'streamName' | 'subjectPrefix' | 'open' | 'projections'>,
  logger: Logger,
): Promise<void> => {
  for (const projection of o.projections) {
    await rebuildProjection(projection, { nc: o.nc, pool: o.pool, streamName: o.streamName, subjectPrefix: o.subjectPrefix, logger, open: o.open, progressIntervalMs: 60_000 });
  }
};

export const startEraser = (o: EraserOptions): Promise<Reactor> => {
  const log = o.logger.child({ component: 'eraser' });
  return startReactor<readonly EventEnvelope[]>({
    nc: o.nc,
    logger: log,
    name: o.consumerName ?? 'eraser',
    stream: o.streamName,
    filterSubject: `${o.subjectPrefix}.access.erasure.>`,
    deadLetters: o.deadLetters,
    decode: (m) => {
      const d = decodeCommitMessage(m, o.subjectPrefix);
      return d.ok ? { ok: true, value: d.events } : { ok: false, reason: d.reason };
    },
    label: (events) => ({ context: 'eraser', command: events?.[0]?.type ?? '_', commandId: events?.[0]?.id ?? null }),
    // A rebuild is long: one erasure at a time; a running CLI rebuild (REBUILD_RUNNING) is retried.
    concurrency: 1,
    ackWaitMs: 60_000,
    maxAttempts: 20,
    backoffMs: [1_000, 5_000, 15_000],
    handle: async (events) => {
      const prefixes = events.flatMap((e) => keysToDestroy(e));
      if (prefixes.length === 0) return;
      for (const p of prefixes) {
        const n = await o.keys.destroy(p);
        log.info({ member: p, keys: n, code: 'MEMBER_KEYS_DESTROYED' }, `forgot ${p}: ${n} keys destroyed`);
      }
      await rebuildReadModels(o, log);
      for (const p of prefixes) o.onErased?.(p);
    },
  });
};
