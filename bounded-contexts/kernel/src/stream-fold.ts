import type { Decider } from './decider.js';
import type { EventEnvelope } from './envelope.js';
import { eventFromEnvelope, type EventOf, type PayloadSchemas } from './message-schemas.js';

/** A stream version (number) or a moment (ISO string or Date). */
export type AsOf = number | string | Date;

/** The fields of a stored event a fold reads. */
export type StoredEvent = Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version' | 'occurredAt'>;

/**
 * What it takes to fold one kind of stream: the decider's initial state and evolve, and how a
 * stored event becomes one of its events (undefined: not one of this aggregate's, skipped).
 */
export type StreamAggregate<S, E, In extends StoredEvent = StoredEvent> = Readonly<{
  initialState: () => S;
  evolve: (state: S, event: E) => S;
  eventOf: (stored: In) => E | undefined;
}>;

/**
 * The aggregate of a decider whose events are the keys of `schemas` (the counterpart of
 * `deciderSlice` for reads): its initial state and evolve, each stored event parsed with
 * `eventFromEnvelope` (a type not in `schemas` is not one of its events and is skipped).
 */
export const streamAggregate = <M extends PayloadSchemas, S>(
  decider: Pick<Decider<S, never, EventOf<M>>, 'initialState' | 'evolve'>,
  schemas: M,
): StreamAggregate<S, EventOf<M>> => ({
  initialState: decider.initialState,
  evolve: decider.evolve,
  eventOf: (stored) => eventFromEnvelope(schemas, stored),
});

const reached = (at: AsOf): ((e: StoredEvent) => boolean) => {
  if (typeof at === 'number') return (e) => e.version <= at;
  const moment = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(moment)) throw new RangeError(`not a moment: ${String(at)}`);
  return (e) => Date.parse(e.occurredAt) <= moment;
};

/**
 * Folds a stream's events with the aggregate's own evolve; with `at`, only the prefix stored at
 * or before a version, or that had occurred by a moment. The fold stops at the first event past
 * the point, so a prefix is always a state the stream really had. Pure: the dashboard's replay
 * and the server's `aggregateStream` share it.
 */
export const foldStream = <S, E, In extends StoredEvent = StoredEvent>(aggregate: StreamAggregate<S, E, In>, events: Iterable<In>, at?: AsOf): S => {
  const within = at === undefined ? undefined : reached(at);
  let state = aggregate.initialState();
  for (const stored of events) {
    if (within && !within(stored)) break;
    const event = aggregate.eventOf(stored);
    if (event !== undefined) state = aggregate.evolve(state, event);
  }
  return state;
};
