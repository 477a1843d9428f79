import { jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { MsgHdrs, NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import { metrics } from '../metrics/metrics.js';
import { ensureConsumer, type ConsumerSpec } from './consumer.js';
import { publishDeadLetter, subjectToken, type DeadLetterTarget } from './dead-letter.js';
import { KeyedQueue } from './keyed-queue.js';
import { Semaphore } from './semaphore.js';

/** A message as a reactor's decoder sees it. */
export type RawMessage = Readonly<{ subject: string; seq: number; data: Uint8Array; headers: MsgHdrs | undefined }>;

/** What a decoder makes of a message: the value, or why it is not one (then it is dead-lettered). */
export type Decoded<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; reason: string }>;

export type ReactorContext = Readonly<{
  seq: number;
  subject: string;
  /** 1 on the first delivery. */
  deliveryCount: number;
  /** Aborted when the reactor stops: a long wait should end, and the message is handed back. */
  signal: AbortSignal;
}>;

/** Thrown by a handler for a message no retry can fix: dead-lettered at once with this reason. */
export class PermanentFailure extends Error {
  override readonly name = 'PermanentFailure';
}

/** How a dead-lettered message is described in its record and subject. */
export type DeadLetterLabel = Readonly<{ context: string; command: string; commandId: string | null }>;

export type ReactorOptions<T> = Readonly<{
  nc: NatsConnection;
  logger: Logger;
  /** Durable consumer name, shared by every replica. */
  name: string;
  stream: string;
  filterSubject: string;
  decode: (msg: RawMessage) => Decoded<T>;
  /** Returns once the message is done (then it is acked). Throw to retry; PermanentFailure to dead-letter. */
  handle: (value: T, ctx: ReactorContext) => Promise<void>;
  deadLetters: DeadLetterTarget;
  /** How a record names the message; default: the consumer's name and `_`. */
  label?: (value: T | undefined, msg: RawMessage) => DeadLetterLabel;
  /** Called after a message was dead-lettered, before it is acked (e.g. record a failed result). */
  onDeadLetter?: (value: T | undefined, reason: string, attempts: number) => Promise<void>;
  /** Messages handled at once. Default 1. */
  concurrency?: number;
  /** Messages with the same key are handled one after another, in delivery order. */
  keyOf?: (value: T) => string;
  /** Unacked time before the server redelivers (a crashed process). Default 30 s; long handlers are kept alive by heartbeats. */
  ackWaitMs?: number;
  /** Deliveries of a failing message before it is dead-lettered. Default 5. */
  maxAttempts?: number;
  /** Delay before attempt n+1; the last value repeats. Default 1 s, 5 s, 15 s, 30 s. */
  backoffMs?: readonly number[];
  /** Where a new consumer starts. Default `all`. */
  deliverPolicy?: 'all' | 'new';
  /** Messages buffered beyond those in flight. Default = concurrency. */
  prefetch?: number;
  /** How long `stop()` waits for handlers in flight. Default 10 s. */
  stopTimeoutMs?: number;
}>;

export type ReactorStats = {
  handled: number;
  retried: number;
  deadLettered: number;
  malformed: number;
  inFlight: number;
  restarts: number;
};

export type Reactor = Readonly<{
  name: string;
  stats(): ReactorStats;
  /** Stops pulling, hands back what is buffered, lets what is in flight finish (or nak on the abort signal). */
  stop(): Promise<void>;
}>;

const DEFAULT_BACKOFF = [1_000, 5_000, 15_000, 30_000] as const;

export const backoffAt = (list: readonly number[], attempt: number): number => list[Math.min(Math.max(attempt, 1), list.length) - 1] ?? 0;

export const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

export const rawOf = (m: JsMsg): RawMessage => ({ subject: m.subject, seq: m.seq, data: m.data, headers: m.headers });

const safeNak = (m: JsMsg, delay?: number): void => {
  try {
    m.nak(delay);
  } catch {
    // Connection gone: the ack wait redelivers it.
  }
};

/**
 * The one consume loop: every JetStream consumer in Guildhall (command handlers, process
 * managers, the bot's action executor and fact router, schedulers) runs on it and supplies only
 * its decoder and handler. The policy is the same everywhere:
 * - a message the decoder refuses is dead-lettered with the reason and acked (never blocks the
 *   stream, never silently dropped);
 * - a handler that throws is retried with backoff up to `maxAttempts`, then dead-lettered;
 * - while a handler runs the delivery is kept alive (`working()`), so slow work is not handed
 *   to another replica;
 * - the consumer is re-created when deleted, and the loop re-attaches after NATS restarts;
 * - `stop()` naks what is buffered and waits for what is in flight.
 */
export const startReactor = async <T>(opts: ReactorOptions<T>): Promise<Reactor> => {
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 1));
  const ackWaitMs = opts.ackWaitMs ?? 30_000;
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
  const backoff = opts.backoffMs && opts.backoffMs.length > 0 ? opts.backoffMs : DEFAULT_BACKOFF;
  const log = opts.logger.child({ consumer: opts.name });
  const spec: ConsumerSpec = {
    stream: opts.stream,
    name: opts.name,
    filterSubject: opts.filterSubject,
    ackWaitMs,
    maxAckPending: Math.max(64, (concurrency + (opts.prefetch ?? concurrency)) * 4),
    // Slack above maxAttempts: a process that died during the last attempt must not leave the
    // message parked by the server without a dead letter.
    maxDeliver: maxAttempts + 3,
    deliverPolicy: opts.deliverPolicy ?? 'all',
  };
  const jsm = await jetstreamManager(opts.nc);
  const js = jetstream(opts.nc);
  const label = opts.label ?? ((): DeadLetterLabel => ({ context: opts.name, command: '_', commandId: null }));
  const stats: ReactorStats = { handled: 0, retried: 0, deadLettered: 0, malformed: 0, inFlight: 0, restarts: 0 };
  const abort = new AbortController();
  const slots = new Semaphore(concurrency);
  const keyed = new KeyedQueue();
  const inFlight = new Set<Promise<void>>();
  let messages: ConsumerMessages | undefined;

  const deadLetter = async (m: JsMsg, value: T | undefined, reason: string): Promise<void> => {
    const l = label(value, rawOf(m));
    await publishDeadLetter(js, opts.deadLetters, {
      msg: m,
      consumer: opts.name,
      sourceStream: opts.stream,
      context: subjectToken(l.context),
      command: subjectToken(l.command),
      commandId: l.commandId,
      reason,
    });
    await opts.onDeadLetter?.(value, reason, m.info.deliveryCount);
    stats.deadLettered++;
    metrics.deadLettered(opts.name);
    log.error({ reason, subject: m.subject, seq: m.seq, attempts: m.info.deliveryCount, commandId: l.commandId }, 'message dead-lettered');
    m.ack();
  };

  const run = async (m: JsMsg, value: T): Promise<void> => {
    const heartbeat = setInterval(() => {
      try {
        m.working();
      } catch {
        // Connection gone: nothing to keep alive.
      }
    }, Math.max(100, Math.floor(ackWaitMs / 3)));
    try {
      await opts.handle(value, { seq: m.seq, subject: m.subject, deliveryCount: m.info.deliveryCount, signal: abort.signal });
      m.ack();
      stats.handled++;
    } catch (e) {
      if (abort.signal.aborted) {
        // Handed back now, so a replica or the next start takes it without waiting for ack_wait.
        safeNak(m);
        return;
      }
      const attempts = m.info.deliveryCount;
      if (e instanceof PermanentFailure || attempts >= maxAttempts) {
        const reason = e instanceof PermanentFailure ? e.message : `failed after ${attempts} attempts: ${describeError(e)}`;
        await deadLetter(m, value, reason);
        return;
      }
      const delay = backoffAt(backoff, attempts);
      stats.retried++;
      log.warn({ err: e, seq: m.seq, attempt: attempts, retryInMs: delay }, `handling failed; will retry: ${describeError(e)}`);
      safeNak(m, delay);
    } finally {
      clearInterval(heartbeat);
    }
  };

  const processMessage = async (m: JsMsg): Promise<void> => {
    let decoded: Decoded<T>;
    try {
      decoded = opts.decode(rawOf(m));
    } catch (e) {
      decoded = { ok: false, reason: `decoder threw: ${describeError(e)}` };
    }
    try {
      if (!decoded.ok) {
        stats.malformed++;
        await deadLetter(m, undefined, `malformed: ${decoded.reason}`);
        return;
      }
      const { value } = decoded;
      const key = opts.keyOf?.(value);
      await (key === undefined ? run(m, value) : keyed.run(key, () => run(m, value)));
    } catch (e) {
      // NATS trouble while dead-lettering or acking: leave the message for a later delivery.
      const delay = backoffAt(backoff, m.info.deliveryCount);
      log.error({ err: e, subject: m.subject, seq: m.seq, retryInMs: delay }, 'could not settle a message; will retry');
      safeNak(m, delay);
    }
  };

  const pullLoop = async (): Promise<void> => {
    let pause = 250;
    while (!abort.signal.aborted) {
      try {
        // Also on every restart of the loop: an operator may have deleted the consumer.
        await ensureConsumer(jsm, spec);
        const consumer = await js.consumers.get(opts.stream, opts.name);
        messages = await consumer.consume({
          max_messages: concurrency + (opts.prefetch ?? concurrency),
          expires: 5_000,
          // Ends the iteration (instead of retrying forever) when the consumer is gone, so this
          // loop re-creates it.
          abort_on_missing_resource: true,
        });
        if (abort.signal.aborted) await messages.close();
        for await (const m of messages) {
          pause = 250;
          metrics.delivered(opts.name, m.info.pending, m.redelivered);
          if (abort.signal.aborted) {
            safeNak(m);
            continue;
          }
          await slots.acquire();
          if (abort.signal.aborted) {
            slots.release();
            safeNak(m);
            continue;
          }
          stats.inFlight++;
          const task: Promise<void> = processMessage(m).finally(() => {
            stats.inFlight--;
            slots.release();
            inFlight.delete(task);
          });
          inFlight.add(task);
        }
      } catch (e) {
        if (!abort.signal.aborted) log.error({ err: e }, `consumer ${opts.name} failed: ${describeError(e)}`);
      }
      if (!abort.signal.aborted) {
        stats.restarts++;
        log.warn({ retryInMs: pause }, `consumer ${opts.name} ended; re-attaching`);
        await new Promise((r) => setTimeout(r, pause));
        pause = Math.min(pause * 2, 5_000);
      }
    }
  };

  // The consumer exists before start() returns, so a caller may publish right after.
  await ensureConsumer(jsm, spec);
  const loop = pullLoop();
  log.info({ stream: opts.stream, filter: opts.filterSubject, concurrency }, `reactor ${opts.name} started`);

  let stopped: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    abort.abort();
    await messages?.close().catch(() => undefined);
    await loop;
    const timeout = new Promise<void>((r) => setTimeout(r, opts.stopTimeoutMs ?? 10_000).unref());
    await Promise.race([Promise.allSettled([...inFlight]), timeout]);
    log.info({ ...stats }, `reactor ${opts.name} stopped`);
  };
  return { name: opts.name, stats: () => ({ ...stats }), stop: () => (stopped ??= stop()) };
};
