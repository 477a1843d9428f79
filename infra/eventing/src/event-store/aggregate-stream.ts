import { foldStream, type AsOf, type EventEnvelope, type StreamAggregate } from '@guildhall/kernel';
import type { EventStore } from './event-store.js';

export type AggregatedStream<S> = Readonly<{
  state: S;
  /** The stream's version when read (0: no such stream). */
  version: number;
  /** The stored events read (all of them, also those past `asOf`). */
  events: readonly EventEnvelope[];
}>;

/**
 * The one way to load a stream and fold it: read it from the store, fold it with the
 * aggregate's evolve (optionally as of a version or a moment). Command handlers, the bot's
 * queries, the replay API and the action executor's "already settled?" all use it.
 */
export const aggregateStream = async <S, E>(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  aggregate: StreamAggregate<S, E, EventEnvelope>,
  options: Readonly<{ asOf?: AsOf }> = {},
): Promise<AggregatedStream<S>> => {
  const { version, events } = await store.readStream(streamId);
  return { state: foldStream(aggregate, events, options.asOf), version, events };
};
