import { DeliverPolicy, jetstream, type Consumer, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { RawCommit } from './commit-decoder.js';

export type ReplayReaderOptions = Readonly<{
  nc: NatsConnection;
  streamName: string;
  filterSubject: string;
  batchSize: number;
}>;

/**
 * Replays the EVENTS stream from a position with an ordered consumer (no acks, gaps handled by
 * the client). It only asks for commits known to be there (the server's pending count), so a
 * fetch never waits on an empty stream, and it stops at a caller's bound, so a replay racing
 * a busy writer still ends.
 */
export class ReplayCommitReader {
  private consumer: Consumer | undefined;
  private knownPending = 0;
  private current: ConsumerMessages | undefined;
  private lastSeq: number;

  private constructor(
    private readonly opts: ReplayReaderOptions,
    afterSeq: number,
  ) {
    this.lastSeq = afterSeq;
  }

  static async open(opts: ReplayReaderOptions, afterSeq: number): Promise<ReplayCommitReader> {
    const reader = new ReplayCommitReader(opts, afterSeq);
    reader.consumer = await jetstream(opts.nc).consumers.get(opts.streamName, {
      filter_subjects: opts.filterSubject,
      ...(afterSeq > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 } : { deliver_policy: DeliverPolicy.All }),
    });
    reader.knownPending = (await reader.consumer.info(true)).num_pending;
    return reader;
  }

  /** Stream sequence of the last commit returned. */
  get position(): number {
    return this.lastSeq;
  }

  /** The next commits in order, none past `upTo`; [] once `upTo` or the stream's end is reached. */
  async nextBatch(upTo = Number.MAX_SAFE_INTEGER): Promise<RawCommit[]> {
    if (!this.consumer || this.lastSeq >= upTo) return [];
    if (this.knownPending === 0) this.knownPending = (await this.consumer.info()).num_pending;
    const want = Math.min(this.opts.batchSize, this.knownPending, upTo - this.lastSeq);
    if (want <= 0) return [];
    const messages = await this.consumer.fetch({ max_messages: want, expires: 5_000 });
    this.current = messages;
    const batch: RawCommit[] = [];
    try {
      for await (const m of messages) {
        batch.push({ seq: m.seq, subject: m.subject, data: m.data });
        this.lastSeq = m.seq;
        this.knownPending = m.info.pending;
      }
    } finally {
      this.current = undefined;
    }
    return batch;
  }

  async close(): Promise<void> {
    await this.current?.close();
    await this.consumer?.delete().catch(() => undefined);
    this.consumer = undefined;
  }
}
