import { ErrorCodes, InfraError, parseStreamId, type EventEnvelope, type NewEvent } from '@guildhall/kernel';
import {
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import { createLogger } from '../logger.js';
import { assertLimit, assertStreamId, decodeCommit, encodeCommit, prepareCommit, toEnvelopes, versionConflict } from './commit.js';
import {
  EventStoreErrorCodes,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type MalformedCommit,
  type ReadAllOptions,
  type ReadStreamResult,
  type SubscribeAllOptions,
  type Subscription,
} from './event-store.js';
import { auditSecretFromEnv } from '../chain/audit-secret.js';
import { createSealer, SEAL_HEADER, type Sealer } from '../chain/seal.js';
import { readRange } from './jetstream-range-reader.js';
import { ensureEventStream } from './jetstream-stream-setup.js';

export type JetStreamEventStoreOptions = Readonly<{
  nc: NatsConnection;
  /** Default `EVENTS`. */
  streamName?: string;
  /** Default `es`: stream id `a.b.c` is stored on subject `es.a.b.c`. */
  subjectPrefix?: string;
  /** How long a commitId dedupes a retried append. Default 2 minutes. */
  duplicateWindowMs?: number;
  /** How long an append waits for the server's ack. Default 5 s. */
  publishTimeoutMs?: number;
  logger?: Logger;
  /** Called for every message skipped because it is not a valid commit (on any read). */
  onMalformed?: (m: MalformedCommit) => void;
  /**
   * Seals every append (header `Guildhall-Seal`, see chain/seal.ts) so the audit chain can tell
   * our commits from forged ones. Default: the sealer of `AUDIT_SECRET`; `false` only in benches.
   */
  sealer?: Sealer | false;
}>;

const NAME = /^[A-Za-z0-9_-]+$/;
const BATCH = 256;

/**
 * The event store on one JetStream stream: one subject per event stream, one message per append
 * (a commit holding its events), version = stream sequence of the subject's last message,
 * position = stream sequence. Facts behind this: /work/shared/notes/jetstream-event-store.md.
 */
export class JetStreamEventStore implements EventStore {
  #malformed = 0;
  readonly #subscriptions = new Set<Subscription>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly streamName: string,
    readonly subjectPrefix: string,
    private readonly publishTimeoutMs: number,
    private readonly logger: Logger,
    private readonly onMalformed: ((m: MalformedCommit) => void) | undefined,
    private readonly sealer: Sealer | undefined,
  ) {}

  static async create(opts: JetStreamEventStoreOptions): Promise<JetStreamEventStore> {
    const streamName = opts.streamName ?? 'EVENTS';
    const subjectPrefix = opts.subjectPrefix ?? 'es';
    for (const [field, value] of [['streamName', streamName], ['subjectPrefix', subjectPrefix]] as const) {
      if (!NAME.test(value)) throw new InfraError('INVALID_SETTINGS', `${field} "${value}" must match ${NAME}`, { field, value });
    }
    const jsm = await jetstreamManager(opts.nc);
    await ensureEventStream(jsm, { name: streamName, subjectPrefix, duplicateWindowMs: opts.duplicateWindowMs ?? 120_000 });
    return new JetStreamEventStore(
      opts.nc,
      jetstream(opts.nc),
      jsm,
      streamName,
      subjectPrefix,
      opts.publishTimeoutMs ?? 5_000,
      opts.logger ?? createLogger('event-store'),
      opts.onMalformed,
      opts.sealer === false ? undefined : (opts.sealer ?? createSealer(auditSecretFromEnv().sealKey)),
    );
  }

  /** How many malformed messages reads have skipped since this store was created. */
  get malformedCount(): number {
    return this.#malformed;
  }

  subjectOf(streamId: string): string {
    return `${this.subjectPrefix}.${streamId}`;
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion, options?: AppendOptions): Promise<AppendResult> {
    const commit = prepareCommit(streamId, events, expected, options?.commitId);
    const data = encodeCommit(commit);
    const max = this.nc.info?.max_payload;
    if (max !== undefined && Buffer.byteLength(data) > max) {
      throw new InfraError(ErrorCodes.INVALID_MESSAGE, `events: the commit is ${Buffer.byteLength(data)} bytes, over the server's max_payload ${max}`, {
        field: 'events',
        streamId,
      });
    }
    const subject = this.subjectOf(streamId);
    let hdrs;
    if (this.sealer) {
      hdrs = headers();
      hdrs.set(SEAL_HEADER, this.sealer.seal(subject, data));
    }
    try {
      const ack = await this.js.publish(subject, data, {
        msgID: commit.commitId,
        ...(hdrs ? { headers: hdrs } : {}),
        timeout: this.publishTimeoutMs,
        ...(expected === 'any' ? {} : { expect: { lastSubjectSequence: expected } }),
      });
      // For a duplicate the ack carries the original message's sequence.
      return { version: ack.seq, position: ack.seq, duplicate: ack.duplicate };
    } catch (err) {
      if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamWrongLastSequence) {
        const actual = /wrong last sequence: (\d+)/.exec(err.message)?.[1];
        throw versionConflict(streamId, expected, actual === undefined ? await this.versionOf(streamId).catch(() => undefined) : Number(actual));
      }
      if (err instanceof JetStreamApiError && err.status !== 503) throw err;
      // Inputs were validated above, so what is left is the server not answering.
      throw new InfraError(
        EventStoreErrorCodes.EVENT_STORE_UNAVAILABLE,
        `append to ${streamId} not acknowledged (${(err as Error).message}); retry with the same commitId`,
        { streamId, commitId: commit.commitId },
        { cause: err },
      );
    }
  }

  /** The stream's version from the stream leader (MSG.GET, not direct get, which may lag). */
  async versionOf(streamId: string): Promise<number> {
    const last = await this.jsm.streams.getMessage(this.streamName, { last_by_subj: this.subjectOf(streamId) });
    return last?.seq ?? 0;
  }

  async readStream(streamId: string, options?: { afterVersion?: number }): Promise<ReadStreamResult> {
    assertStreamId(streamId);
    const version = await this.versionOf(streamId);
    const after = options?.afterVersion ?? 0;
    if (version <= after) return { version, events: [] };
    const events: EventEnvelope[] = [];
    const range = { stream: this.streamName, filter: this.subjectOf(streamId), fromSeq: after + 1, toSeq: version, batch: BATCH };
    await readRange(this.js, range, (m) => {
      if (m.seq <= version) events.push(...this.decode(m.subject, m.seq, m.string()));
      return true;
    });
    return { version, events };
  }

  async readAll(options?: ReadAllOptions): Promise<readonly EventEnvelope[]> {
    const after = options?.afterPosition ?? 0;
    const limit = options?.limit ?? Number.POSITIVE_INFINITY;
    assertLimit(limit);
    const head = await this.headPosition();
    if (head <= after) return [];
    const out: EventEnvelope[] = [];
    const range = { stream: this.streamName, filter: `${this.subjectPrefix}.>`, fromSeq: after + 1, toSeq: head, batch: Math.min(limit, BATCH) };
    await readRange(this.js, range, (m) => {
      const events = this.decode(m.subject, m.seq, m.string(), options?.onMalformed);
      // Never split a commit: a reader resumes after the last position it saw.
      if (out.length > 0 && out.length + events.length > limit) return false;
      out.push(...events);
      return out.length < limit;
    });
    return out;
  }

  subscribeAll(options?: SubscribeAllOptions): Subscription {
    let messages: ConsumerMessages | undefined;
    let closed = false;
    const consumerReady = this.js.consumers.get(this.streamName, {
      filter_subjects: `${this.subjectPrefix}.>`,
      opt_start_seq: (options?.afterPosition ?? 0) + 1,
    });
    // The ordered consumer recreates itself from its cursor after a reconnect or server restart.
    const events = async function* (this: JetStreamEventStore): AsyncGenerator<EventEnvelope> {
      const consumer = await consumerReady;
      try {
        if (closed) return;
        // A short pull expiry bounds the client's back-off while it re-checks its consumer after
        // a reconnect (nats.js waits expires/2..1.5×expires between checks).
        messages = await consumer.consume({ max_messages: BATCH, expires: 3_000 });
        for await (const m of messages) yield* this.decode(m.subject, m.seq, m.string(), options?.onMalformed);
      } finally {
        consumer.delete().catch(() => undefined);
      }
    }.call(this);
    const subscription: Subscription = {
      [Symbol.asyncIterator]: () => events,
      close: async () => {
        closed = true;
        this.#subscriptions.delete(subscription);
        // stop(), not close(): close() waits for the iterator to drain, which needs a reader.
        messages?.stop();
        await events.return(undefined);
        // Also when iteration never started (then the generator's finally does not run).
        await consumerReady.then((c) => c.delete()).catch(() => undefined);
      },
    };
    consumerReady.catch(() => undefined); // surfaced to the iterator instead
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    const info = await this.jsm.streams.info(this.streamName);
    return info.state.last_seq;
  }

  /** Closes open subscriptions; the NATS connection belongs to the caller. */
  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions].map((s) => s.close()));
  }

  private decode(subject: string, seq: number, data: string, onMalformed?: (m: MalformedCommit) => void): EventEnvelope[] {
    const streamId = subject.slice(this.subjectPrefix.length + 1);
    const decoded = parseStreamId(streamId) ? decodeCommit(data) : { reason: `subject ${subject} is not <prefix>.<context>.<streamType>.<id>` };
    if ('commit' in decoded) return toEnvelopes(decoded.commit, streamId, seq, seq);
    const malformed: MalformedCommit = { position: seq, subject, reason: decoded.reason };
    this.#malformed++;
    this.logger.warn({ stream: this.streamName, ...malformed }, 'skipping a message that is not a valid commit');
    this.onMalformed?.(malformed);
    onMalformed?.(malformed);
    return [];
  }
}
