import type { EventEnvelope } from '@guildhall/kernel';
import { isoOf, num } from './db.js';
import type { Column } from './sql.js';

/** Who, from where, when and why of an event, as every event-row read model stores them. */
export const envelopeColumns: readonly Column[] = [
  ['event_id', 'text'],
  ['type', 'text'],
  ['stream_id', 'text'],
  ['version', 'bigint'],
  ['position', 'bigint'],
  ['occurred_at', 'timestamptz'],
  ['actor_kind', 'text'],
  ['actor_id', 'text'],
  ['actor_name', 'text'],
  ['source', 'text'],
  ['correlation_id', 'text'],
  ['causation_id', 'text'],
];

export const envelopeColumnsDdl = `
  event_id text NOT NULL,
  type text NOT NULL,
  stream_id text NOT NULL,
  version bigint NOT NULL,
  position bigint NOT NULL,
  occurred_at timestamptz NOT NULL,
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  source text NOT NULL,
  correlation_id text NOT NULL,
  causation_id text`;

export const envelopeValues = (e: EventEnvelope) => ({
  event_id: e.id,
  type: e.type,
  stream_id: e.streamId,
  version: e.version,
  position: e.position,
  occurred_at: e.occurredAt,
  actor_kind: e.actor.kind,
  actor_id: e.actor.id,
  actor_name: e.actor.name,
  source: e.source,
  correlation_id: e.correlationId,
  causation_id: e.causationId,
});

/** The envelope columns as a query returns them (bigint arrives as a string). */
export type EnvelopeDbRow = Readonly<{
  event_id: string;
  type: string;
  position: string;
  occurred_at: Date;
  actor_kind: string;
  actor_id: string;
  actor_name: string;
  source: string;
  correlation_id: string;
}>;

/** What every event-list query returns of an event row: which event, when, who, from where. */
export const envelopeOfRow = (r: EnvelopeDbRow) => ({
  eventId: r.event_id,
  type: r.type,
  position: num(r.position),
  occurredAt: isoOf(r.occurred_at),
  actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
  source: r.source,
  correlationId: r.correlation_id,
});

/**
 * Events of one commit share a position; `idx` orders them within it. Commits are never split
 * across batches, so counting runs of equal positions in a batch gives the same index on every
 * replay.
 */
export const withCommitIndex = <E extends Pick<EventEnvelope, 'position'>>(events: readonly E[]): (readonly [E, number])[] => {
  let idx = 0;
  return events.map((e, i) => {
    idx = i > 0 && events[i - 1]!.position === e.position ? idx + 1 : 0;
    return [e, idx] as const;
  });
};
