import type { EventEnvelope, NewEvent } from '@guildhall/kernel';
import { assertLimit, assertStreamId, decodeCommit, encodeCommit, prepareCommit, toEnvelopes, versionConflict } from './commit.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamResult,
  SubscribeAllOptions,
  Subscription,
} from './event-store.js';

type Stored = Readonly<{ position: number; streamId: string; data: string }>;

/**
 * The JetStream store's semantics in memory, for unit tests of other modules: positions count
 * commits from 1, a stream's version is the position of its last commit, commitIds dedupe for
 * `duplicateWindowMs` before the version check runs. Commits are kept as JSON, as on the wire.
 */
export class InMemoryEventStore implements EventStore {
  readonly #commits: Stored[] = [];
  readonly #versions = new Map<string, number>();
  readonly #dedupe = new Map<string, { position: number; at: number }>();
  readonly #wakers = new Set<() => void>();
  readonly #subscriptions = new Set<Subscription>();

  constructor(private readonly opts: { duplicateWindowMs?: number; now?: () => number } = {}) {}

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion, options?: AppendOptions): Promise<AppendResult> {
    const commit = prepareCommit(streamId, events, expected, options?.commitId);
    const data = encodeCommit(commit);
    const now = (this.opts.now ?? Date.now)();
    const seen = this.#dedupe.get(commit.commitId);
    if (seen && now - seen.at < (this.opts.duplicateWindowMs ?? 120_000)) {
      return { version: seen.position, position: seen.position, duplicate: true };
    }
    const actual = this.#versions.get(streamId) ?? 0;
    if (expected !== 'any' && expected !== actual) throw versionConflict(streamId, expected, actual);
    const position = this.#commits.length + 1;
    this.#commits.push({ position, streamId, data });
    this.#versions.set(streamId, position);
    this.#dedupe.set(commit.commitId, { position, at: now });
    for (const wake of this.#wakers) wake();
    this.#wakers.clear();
    return { version: position, position, duplicate: false };
  }

  async readStream(streamId: string, options?: { afterVersion?: number }): Promise<ReadStreamResult> {
    assertStreamId(streamId);
    const after = options?.afterVersion ?? 0;
    const events = this.#commits.filter((c) => c.streamId === streamId && c.position > after).flatMap((c) => this.#envelopes(c));
    return { version: this.#versions.get(streamId) ?? 0, events };
  }

  async readAll(options?: ReadAllOptions): Promise<readonly EventEnvelope[]> {
    const limit = options?.limit ?? Number.POSITIVE_INFINITY;
    assertLimit(limit);
    const out: EventEnvelope[] = [];
    for (const c of this.#commits.slice(options?.afterPosition ?? 0)) {
      const events = this.#envelopes(c);
      if (out.length > 0 && out.length + events.length > limit) break;
      out.push(...events);
      if (out.length >= limit) break;
    }
    return out;
  }

  subscribeAll(options?: SubscribeAllOptions): Subscription {
    let closed = false;
    const self = this;
    const events = (async function* (): AsyncGenerator<EventEnvelope> {
      let after = options?.afterPosition ?? 0;
      while (!closed) {
        const next = self.#commits[after];
        if (next) {
          after = next.position;
          yield* self.#envelopes(next);
        } else {
          await new Promise<void>((resolve) => self.#wakers.add(resolve));
        }
      }
    })();
    const subscription: Subscription = {
      [Symbol.asyncIterator]: () => events,
      close: async () => {
        closed = true;
        this.#subscriptions.delete(subscription);
        for (const wake of this.#wakers) wake();
        this.#wakers.clear();
        await events.return(undefined);
      },
    };
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    return this.#commits.length;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions].map((s) => s.close()));
  }

  #envelopes(c: Stored): EventEnvelope[] {
    const decoded = decodeCommit(c.data);
    // Only this class writes #commits, always from a validated commit.
    if (!('commit' in decoded)) throw new Error(`in-memory commit ${c.position} unreadable: ${decoded.reason}`);
    return toEnvelopes(decoded.commit, c.streamId, c.position, c.position);
  }
}
