import type { StoredEvent } from '@guildhall/kernel';
import type { NatsConnection } from '@nats-io/nats-core';
import { decodeCommit } from './commit.js';
import type { EventStore } from './event-store.js';
import { openAsStored, type OpenEvents } from '../shred/personal-data-store.js';

/** Reads an event for what the waiter looks for; undefined: not yet. */
export type EventPick<T> = (event: StoredEvent) => T | undefined;

export type StreamWaiter = Readonly<{
  /**
   * Resolves with the first event of the stream `pick` accepts, already stored or appended
   * within `timeoutMs`; undefined when the wait ends first. Pushed, never polled: it listens on
   * the stream's own subject (core NATS sees every JetStream append to it) before reading what
   * is stored, so nothing appended in between is missed.
   */
  waitFor<T>(streamId: string, pick: EventPick<T>, timeoutMs: number): Promise<T | undefined>;
}>;

const utf8 = new TextDecoder();

/** The one wait for "what happened to my request": slash replies and the web use it alike. */
export const createStreamWaiter = (
  nc: NatsConnection,
  store: Pick<EventStore, 'readStream'>,
  subjectPrefix: string,
  /** Opens live appends' personal fields as `store` opens stored ones (the shredding store's `open`). */
  open: OpenEvents = openAsStored,
): StreamWaiter => ({
  waitFor: async <T>(streamId: string, pick: EventPick<T>, timeoutMs: number): Promise<T | undefined> => {
    const sub = nc.subscribe(`${subjectPrefix}.${streamId}`);
    const timer = setTimeout(() => sub.unsubscribe(), Math.max(0, timeoutMs));
    try {
      const stored = await store.readStream(streamId);
      for (const e of stored.events) {
        const found = pick(e);
        if (found !== undefined) return found;
      }
      for await (const m of sub) {
        const decoded = decodeCommit(utf8.decode(m.data));
        if ('reason' in decoded) continue;
        // A live append: its stream version is not on the core message; 0 marks "just appended".
        const live = await open(decoded.commit.events.map((e) => ({ ...e, streamId, version: 0, position: 0 })));
        for (const e of live) {
          const found = pick(e);
          if (found !== undefined) return found;
        }
      }
      return undefined;
    } finally {
      clearTimeout(timer);
      sub.unsubscribe();
    }
  },
});
