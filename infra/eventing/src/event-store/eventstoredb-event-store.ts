import { InfraError, type EventEnvelope, type NewEvent } from '@guildhall/kernel';
import {
  ANY,
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  isCommandError,
  KurrentDBClient,
  NO_STREAM,
  START,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type Filter,
  type RecordedEvent,
} from '@kurrent/kurrentdb-client';
import type { Logger } from 'pino';
import { createLogger } from '../logger.js';
import { assertLimit, assertStreamId, encodeCommit, prepareCommit, versionConflict } from './commit.js';
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
import { commitIndex, fromRecorded, positionToNumber, streamNameRegex, toEventData, versionOfRevision } from './eventstoredb-mapping.js';

export type EventStoreDbEventStoreOptions = Readonly<{
  /** e.g. `kurrentdb://127.0.0.1:2113?tls=false` (also `esdb://`). */
  connectionString: string;
  /** Prepended to every stream name, so installs or test runs can share one server. Default ''. */
  streamPrefix?: string;
  logger?: Logger;
  onMalformed?: (m: MalformedCommit) => void;
}>;

const TRANSIENT = new Set<ErrorType>([ErrorType.TIMEOUT, ErrorType.DEADLINE_EXCEEDED, ErrorType.UNAVAILABLE, ErrorType.NOT_LEADER, ErrorType.CANCELLED]);

const toStreamState = (expected: ExpectedVersion): AppendStreamState =>
  expected === 'any' ? ANY : expected === 0 ? NO_STREAM : BigInt(expected - 1);

/**
 * The EventStore port on EventStoreDB / KurrentDB. version = revision of the stream's last event
 * + 1 (0 = no stream), shared by all events of one append; position = commit position (shared
 * too). One appendToStream call per append (atomic in ESDB); ids derived from the commitId dedupe.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly #subscriptions = new Set<Subscription>();
  readonly #filter: Filter;

  private constructor(
    private readonly client: KurrentDBClient,
    readonly streamPrefix: string,
    private readonly logger: Logger,
    private readonly onMalformed: ((m: MalformedCommit) => void) | undefined,
  ) {
    this.#filter = streamNameFilter({ regex: streamNameRegex(streamPrefix) });
  }

  static async create(opts: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    const client = KurrentDBClient.connectionString(opts.connectionString);
    return new EventStoreDbEventStore(client, opts.streamPrefix ?? '', opts.logger ?? createLogger('event-store'), opts.onMalformed);
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion, options?: AppendOptions): Promise<AppendResult> {
    const commit = prepareCommit(streamId, events, expected, options?.commitId);
    encodeCommit(commit); // rejects payloads JSON cannot hold, as the other stores do
    const name = this.streamPrefix + streamId;
    try {
      // Read before writing: an idempotent (duplicate) append returns the original revision,
      // which is then already at or below what was there before this call.
      const before = await this.#lastRevision(name);
      const r = await this.client.appendToStream(name, toEventData(commit), { streamState: toStreamState(expected), requiresLeader: true });
      const duplicate = before !== NO_STREAM && before >= r.nextExpectedRevision;
      // The position readers will see on the append's last event (not the write's log position).
      const position = await this.#positionAt(name, r.nextExpectedRevision);
      return { version: Number(r.nextExpectedRevision) + 1, position, duplicate };
    } catch (err) {
      if (err instanceof WrongExpectedVersionError) throw versionConflict(streamId, expected, versionOfRevision(err.actualState));
      if (err instanceof Error && isCommandError(err) && TRANSIENT.has(err.type)) {
        throw new InfraError(EventStoreErrorCodes.EVENT_STORE_UNAVAILABLE, `append to ${streamId} not acknowledged (${err.message}); retry with the same commitId`, {
          streamId,
          commitId: commit.commitId,
        }, { cause: err });
      }
      throw err;
    }
  }

  async readStream(streamId: string, options?: { afterVersion?: number }): Promise<ReadStreamResult> {
    assertStreamId(streamId);
    const name = this.streamPrefix + streamId;
    const events: EventEnvelope[] = [];
    let last: bigint | undefined;
    try {
      const from = BigInt(options?.afterVersion ?? 0); // version v = revision v-1, so the next revision is v
      for await (const r of this.client.readStream(name, { fromRevision: from, direction: FORWARDS, requiresLeader: true })) {
        if (!r.event) continue;
        last = r.event.revision;
        events.push(...this.#decode(r.event));
      }
    } catch (err) {
      if (err instanceof StreamNotFoundError) return { version: 0, events: [] };
      throw err;
    }
    return { version: versionOfRevision(last ?? (await this.#lastRevision(name))), events };
  }

  async readAll(options?: ReadAllOptions): Promise<readonly EventEnvelope[]> {
    const after = options?.afterPosition ?? 0;
    const limit = options?.limit ?? Number.POSITIVE_INFINITY;
    assertLimit(limit);
    const out: EventEnvelope[] = [];
    let commit: EventEnvelope[] = [];
    const from = after === 0 ? START : { commit: BigInt(after), prepare: BigInt(after) };
    for await (const r of this.client.readAll({ fromPosition: from, direction: FORWARDS, filter: this.#filter })) {
      if (!r.event || positionToNumber(r.event.position) <= after) continue;
      commit.push(...this.#decode(r.event, options?.onMalformed));
      const at = commitIndex(r.event);
      if (at && at.index < at.size - 1) continue; // the rest of this append follows in the log
      // Never split an append: a reader resumes after the last position it saw.
      if (out.length > 0 && out.length + commit.length > limit) break;
      out.push(...commit);
      commit = [];
      if (out.length >= limit) break;
    }
    return out;
  }

  subscribeAll(options?: SubscribeAllOptions): Subscription {
    const after = options?.afterPosition ?? 0;
    const sub = this.client.subscribeToAll({
      fromPosition: after === 0 ? START : { commit: BigInt(after), prepare: BigInt(after) },
      filter: this.#filter,
    });
    const self = this;
    const events = (async function* (): AsyncGenerator<EventEnvelope> {
      for await (const r of sub as AsyncIterable<AllStreamResolvedEvent>) {
        // The start position is per event, so the rest of the append at `after` would come again.
        if (r.event && positionToNumber(r.event.position) > after) yield* self.#decode(r.event, options?.onMalformed);
      }
    })();
    const subscription: Subscription = {
      [Symbol.asyncIterator]: () => events,
      close: async () => {
        this.#subscriptions.delete(subscription);
        await sub.unsubscribe();
        await events.return(undefined);
      },
    };
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    for await (const r of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1, filter: this.#filter })) {
      if (r.event) return positionToNumber(r.event.position);
    }
    return 0;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  async #lastRevision(name: string): Promise<bigint | typeof NO_STREAM> {
    try {
      for await (const r of this.client.readStream(name, { fromRevision: END, direction: BACKWARDS, maxCount: 1, requiresLeader: true })) {
        if (r.event) return r.event.revision;
      }
    } catch (err) {
      if (!(err instanceof StreamNotFoundError)) throw err;
    }
    return NO_STREAM;
  }

  async #positionAt(name: string, revision: bigint): Promise<number> {
    for await (const r of this.client.readStream(name, { fromRevision: revision, direction: FORWARDS, maxCount: 1, requiresLeader: true })) {
      if (r.event) return positionToNumber(r.event.position);
    }
    throw new InfraError(EventStoreErrorCodes.EVENT_STORE_UNAVAILABLE, `event ${revision} of ${name} not readable right after its append`);
  }

  #decode(e: RecordedEvent, onMalformed?: (m: MalformedCommit) => void): EventEnvelope[] {
    const decoded = fromRecorded(e, this.streamPrefix);
    if ('envelope' in decoded) return [decoded.envelope];
    const malformed: MalformedCommit = { position: e.position ? Number(e.position.commit) : 0, subject: e.streamId, reason: decoded.reason };
    this.logger.warn(malformed, 'skipping an event that is not a valid commit event');
    this.onMalformed?.(malformed);
    onMalformed?.(malformed);
    return [];
  }
}
