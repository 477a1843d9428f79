import { jetstream, jetstreamManager, JetStreamError, type Consumer, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import { metrics } from '../metrics/metrics.js';
import { positionConsumer, type ConsumerSpec } from './consumer.js';
import { describeError, rawOf, type Decoded, type RawMessage } from './reactor.js';

/** One message of a batch, decoded; a malformed one is passed on so its position is recorded with the rest. */
export type Delivered<T> = Readonly<{ seq: number; subject: string; data: Uint8Array; decoded: Decoded<T> }>;

/** Thrown by a batch handler when running on is wrong (a lost run lock): the reactor stops and `done` rejects. */
export class FatalReactorError extends Error {
  override readonly name = 'FatalReactorError';
}

/** A delivery went missing (e.g. during a reconnect): later ones must not be applied before it. */
export class DeliveryGapError extends Error {
  override readonly name = 'DeliveryGapError';
}

/**
 * nats.js gives a fetch heartbeats every `expires / 2` and ends it with "heartbeats missed" after
 * two are missed: with a 1 s poll, a heartbeat a moment late loses the race against the fetch's
 * own expiry, and an idle, healthy consumer failed about once a minute (measured after `npm start`:
 * 19 times in 17 minutes over the four 1 s timer projections, at load averages down to 0.7), each
 * logged as an error and repositioned a second later. So a fetch that ends that way counts as an
 * empty one; only this many in a row (NATS silent for that many polls) is a failure. A delivery it
 * swallowed is not lost: the next fetch's delivery sequence shows the gap and repositions.
 */
export const MISSED_HEARTBEATS_TOLERATED = 2;

const isMissedHeartbeats = (e: unknown): boolean => e instanceof JetStreamError && e.message === 'heartbeats missed';

export type BatchReactorOptions<T> = Readonly<{
  nc: NatsConnection;
  logger: Logger;
  name: string;
  stream: string;
  filterSubject: string;
  decode: (msg: RawMessage) => Decoded<T>;
  /**
   * The next stream sequence to deliver, read at every (re)attach: the position is kept by the
   * handler (a projection's checkpoint, in the same transaction as its rows), not by the server.
   */
  startAt: () => Promise<number>;
  /** Applies a batch, in stream order; throw to have it delivered again from `startAt`. */
  /** `pending`: messages still waiting for the consumer after this batch (as of its last delivery). */
  handleBatch: (batch: readonly Delivered<T>[], pending: number) => Promise<void>;
  /** Most messages in one batch. */
  batchSize: number;
  /** How long one long poll waits when caught up. */
  idleWaitMs: number;
  ackWaitMs: number;
  /** Pause after a failure; doubles while failures repeat, up to 30 s. Default 1 s. */
  retryDelayMs?: number;
  /** Called when the reactor starts delivering from a position (logs, state). */
  onAttached?: (startSeq: number) => void;
}>;

export type BatchReactor = Readonly<{
  /** Resolves when stopped; rejects on a FatalReactorError. */
  done: Promise<void>;
  /** Finishes the batch being applied, then stops; the rest is delivered again from `startAt`. */
  stop(): Promise<void>;
}>;

/**
 * The reactor in batch form, for projectors: batches in stream order, the next fetched while the
 * current one is applied, as many as are known to wait (or one long poll when caught up, so a
 * quiet stream is served at once and a busy one in big batches). Deliveries must be contiguous;
 * a gap, a deleted consumer, a NATS restart or a failing batch all end in the same place:
 * re-create the consumer at `startAt()` and go on.
 */
export const startBatchReactor = <T>(opts: BatchReactorOptions<T>): BatchReactor => {
  const log = opts.logger.child({ consumer: opts.name });
  const spec: ConsumerSpec = {
    stream: opts.stream,
    name: opts.name,
    filterSubject: opts.filterSubject,
    ackWaitMs: opts.ackWaitMs,
    // Two batches in flight at most (one applying, one prefetched), with room for redeliveries.
    maxAckPending: opts.batchSize * 4,
    maxDeliver: -1,
    deliverPolicy: 'all',
  };
  let stopping = false;
  let current: ConsumerMessages | undefined;
  let wake: (() => void) | undefined;

  const attachAndRun = async (onProgress: () => void): Promise<void> => {
    const jsm = await jetstreamManager(opts.nc);
    const startSeq = await opts.startAt();
    const info = await positionConsumer(jsm, spec, startSeq);
    const consumer: Consumer = await jetstream(opts.nc).consumers.get(opts.stream, opts.name);
    let knownPending = info.num_pending;
    let nextDelivery = info.delivered.consumer_seq + 1;
    let missedInARow = 0;
    if (stopping) return;
    opts.onAttached?.(startSeq);

    const fetchBatch = async (): Promise<Delivered<T>[]> => {
      if (stopping) return [];
      const want = knownPending > 0 ? Math.min(opts.batchSize, knownPending) : 1;
      const messages = await consumer.fetch({ max_messages: want, expires: opts.idleWaitMs });
      current = messages;
      const out: Delivered<T>[] = [];
      const acks: JsMsg[] = [];
      try {
        for await (const m of messages) {
          if (m.info.deliverySequence !== nextDelivery) {
            throw new DeliveryGapError(`${opts.name}: expected delivery ${nextDelivery}, got ${m.info.deliverySequence} (stream seq ${m.seq})`);
          }
          nextDelivery++;
          knownPending = m.info.pending;
          acks.push(m);
          let decoded: Decoded<T>;
          try {
            decoded = opts.decode(rawOf(m));
          } catch (e) {
            decoded = { ok: false, reason: `decoder threw: ${describeError(e)}` };
          }
          out.push({ seq: m.seq, subject: m.subject, data: m.data, decoded });
        }
        missedInARow = 0;
      } catch (e) {
        if (!isMissedHeartbeats(e) || ++missedInARow > MISSED_HEARTBEATS_TOLERATED) throw e;
        log.debug({ missedInARow, delivered: out.length }, `${opts.name}: a fetch missed its heartbeats; fetching again`);
      } finally {
        current = undefined;
      }
      ackers.set(out, acks);
      return out;
    };
    const ackers = new WeakMap<object, JsMsg[]>();

    let next = fetchBatch();
    next.catch(() => undefined);
    try {
      while (!stopping) {
        const batch = await next;
        if (stopping) break;
        next = fetchBatch();
        next.catch(() => undefined);
        if (batch.length === 0) continue;
        await opts.handleBatch(batch, knownPending);
        for (const m of ackers.get(batch) ?? []) m.ack();
        metrics.delivered(opts.name, knownPending, false);
        onProgress();
      }
    } finally {
      await current?.close().catch(() => undefined);
      await next.catch(() => undefined);
    }
  };

  const done = (async () => {
    const firstDelay = opts.retryDelayMs ?? 1_000;
    let delay = firstDelay;
    while (!stopping) {
      try {
        // A batch that went through starts the backoff afresh.
        await attachAndRun(() => {
          delay = firstDelay;
        });
      } catch (e) {
        if (e instanceof FatalReactorError) throw e;
        if (stopping) break;
        log.error({ err: e, retryInMs: delay }, `${opts.name}: ${describeError(e)}; repositioning`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        delay = Math.min(delay * 2, 30_000);
      }
    }
  })();
  done.catch(() => undefined);

  let stopped: Promise<void> | undefined;
  return {
    done,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        wake?.();
        await current?.close().catch(() => undefined);
        await done.catch(() => undefined);
      })()),
  };
};
