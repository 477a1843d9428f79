import type { EventEnvelope, NewEvent } from '@guildhall/kernel';

/**
 * The version a writer expects a stream to be at. Versions are defined by the store and only
 * compared for equality: 0 means "the stream must not exist yet", 'any' skips the check.
 */
export type ExpectedVersion = number | 'any';
export const NO_STREAM = 0;

export type AppendOptions = Readonly<{
  /**
   * Dedupe key for the whole append (JetStream `Nats-Msg-Id`). A retried append with the same
   * commit id is reported as a duplicate and stores nothing. Defaults to the first event's id.
   */
  commitId?: string;
}>;

export type AppendResult = Readonly<{
  /** The stream's version after the append (for a duplicate: the version the original got). */
  version: number;
  /** The global position of the append. */
  position: number;
  duplicate: boolean;
}>;

export type ReadStreamResult = Readonly<{
  /** The stream's current version; 0 when the stream does not exist. */
  version: number;
  events: readonly EventEnvelope[];
}>;

export type Subscription = AsyncIterable<EventEnvelope> & { close(): Promise<void> };

/**
 * A stored message that is not a valid commit (written by something other than this store).
 * Readers skip it rather than stop; whoever reads can record it as a dead letter.
 */
export type MalformedCommit = Readonly<{ position: number; subject: string; reason: string }>;

export type ReadAllOptions = Readonly<{
  afterPosition?: number;
  /** Counted in events; a commit is never split (a single commit larger than `limit` is returned whole). */
  limit?: number;
  onMalformed?: (m: MalformedCommit) => void;
}>;

export type SubscribeAllOptions = Readonly<{ afterPosition?: number; onMalformed?: (m: MalformedCommit) => void }>;

/** Codes the stores throw besides the kernel's VERSION_CONFLICT and INVALID_MESSAGE. */
export const EventStoreErrorCodes = {
  /** The server did not answer (down, restarting, timeout). Retrying with the same commitId is safe. */
  EVENT_STORE_UNAVAILABLE: 'EVENT_STORE_UNAVAILABLE',
} as const;

/**
 * The event store port. Every adapter passes the same contract suite
 * (`test/event-store.contract.ts`).
 */
export interface EventStore {
  /** Appends atomically; throws InfraError VERSION_CONFLICT when `expected` does not match. */
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion, options?: AppendOptions): Promise<AppendResult>;
  /** Reads one stream, from a version (exclusive: events of commits after `afterVersion`). */
  readStream(streamId: string, options?: { afterVersion?: number }): Promise<ReadStreamResult>;
  /** Reads all streams in global order, after a position (exclusive), at most `limit` events. */
  readAll(options?: ReadAllOptions): Promise<readonly EventEnvelope[]>;
  /** Catch-up from a position (exclusive), then live, until closed. */
  subscribeAll(options?: SubscribeAllOptions): Subscription;
  /** The global position of the last stored event (0 when empty). */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}
