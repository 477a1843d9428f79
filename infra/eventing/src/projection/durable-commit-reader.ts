import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type Consumer,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/nats-core';
import type { RawCommit } from './commit-decoder.js';

/** A commit delivered by the durable consumer, to be acknowledged once it is committed. */
export type DeliveredCommit = RawCommit & Readonly<{ ack: () => void }>;

/** A delivery went missing (e.g. during a reconnect): later ones must not be applied before it. */
export class DeliveryGapError extends Error {
  override readonly name = 'DeliveryGapError';
}

export type DurableReaderOptions = Readonly<{
  nc: NatsConnection;
  streamName: string;
  filterSubject: string;
  consumerName: string;
  batchSize: number;
  /** How long one long-poll waits for new commits when caught up. */
  idleWaitMs: number;
  ackWaitMs: number;
}>;

/**
 * Reads the EVENTS stream through the projection's durable pull consumer, in batches.
 *
 * The PostgreSQL checkpoint is the truth, not the consumer: `positionAt` (re)creates the consumer
 * at `checkpoint + 1`, so deliveries left unacknowledged by a crashed process are never
 * redelivered after newer ones. Consumer (delivery) sequences must be contiguous; a gap throws
 * DeliveryGapError and the runner repositions from its checkpoint.
 */
export class DurableCommitReader {
  private jsm: JetStreamManager | undefined;
  private consumer: Consumer | undefined;
  private knownPending = 0;
  private nextDeliverySeq = 1;
  private current: ConsumerMessages | undefined;
  private closed = false;

  constructor(private readonly opts: DurableReaderOptions) {}

  /** Commits waiting for this consumer, as of its last delivery. */
  get pending(): number {
    return this.knownPending;
  }

  async positionAt(startSeq: number): Promise<void> {
    const { nc, streamName, consumerName, filterSubject, ackWaitMs, batchSize } = this.opts;
    this.jsm ??= await jetstreamManager(nc);
    await this.jsm.consumers.delete(streamName, consumerName).catch((e: unknown) => {
      if (!isNotFound(e)) throw e;
    });
    const info = await this.jsm.consumers.add(streamName, {
      durable_name: consumerName,
      ack_policy: AckPolicy.Explicit,
      filter_subject: filterSubject,
      ...(startSeq > 1 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSeq } : { deliver_policy: DeliverPolicy.All }),
      ack_wait: nanos(ackWaitMs),
      // Two batches in flight at most (one applying, one prefetched), with room for redeliveries.
      max_ack_pending: batchSize * 4,
    });
    this.consumer = await jetstream(nc).consumers.get(streamName, consumerName);
    this.knownPending = info.num_pending;
    this.nextDeliverySeq = info.delivered.consumer_seq + 1;
  }

  /**
   * The next batch, in stream order: as many commits as are known to be waiting (up to the batch
   * size), or, when caught up, a long poll that returns as soon as one commit arrives (so a quiet
   * stream is served with low latency and a busy one in big batches). Empty when the poll expires.
   */
  async nextBatch(): Promise<DeliveredCommit[]> {
    if (!this.consumer || this.closed) return [];
    const want = this.knownPending > 0 ? Math.min(this.opts.batchSize, this.knownPending) : 1;
    const messages = await this.consumer.fetch({ max_messages: want, expires: this.opts.idleWaitMs });
    this.current = messages;
    const batch: DeliveredCommit[] = [];
    try {
      for await (const m of messages) {
        if (m.info.deliverySequence !== this.nextDeliverySeq) {
          throw new DeliveryGapError(
            `consumer ${this.opts.consumerName}: expected delivery ${this.nextDeliverySeq}, got ${m.info.deliverySequence} (stream seq ${m.seq})`,
          );
        }
        this.nextDeliverySeq++;
        this.knownPending = m.info.pending;
        batch.push(toDelivered(m));
      }
    } finally {
      this.current = undefined;
    }
    return batch;
  }

  /** Ends an outstanding poll; the consumer stays (it is repositioned at the next start). */
  async close(): Promise<void> {
    this.closed = true;
    await this.current?.close();
  }
}

const toDelivered = (m: JsMsg): DeliveredCommit => ({
  seq: m.seq,
  subject: m.subject,
  data: m.data,
  ack: () => m.ack(),
});

const isNotFound = (e: unknown): boolean =>
  e instanceof Error && /consumer not found|10014/i.test(`${e.message} ${(e as { code?: unknown }).code ?? ''}`);
