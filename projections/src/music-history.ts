import type { Projection } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import { describeMusicEvent, musicSessionEvents, parseMusicSessionEvent } from '@guildhall/music';
import type { PoolClient } from 'pg';
import { insertRows, type Column } from './sql.js';

/** Read model `music_history`: one attributed line per music event people should see ("Fuzzy River skipped …"). */
export const MUSIC_HISTORY_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.lines (
  guild_id text NOT NULL,
  position bigint NOT NULL,
  seq integer NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  attributed boolean NOT NULL,
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  source text NOT NULL,
  text text NOT NULL,
  entry_id text,
  correlation_id text NOT NULL,
  occurred_at timestamptz NOT NULL,
  PRIMARY KEY (guild_id, position, seq)
);
`;

const COLUMNS: readonly Column[] = [
  ['guild_id', 'text'],
  ['position', 'bigint'],
  ['seq', 'integer'],
  ['event_id', 'text'],
  ['type', 'text'],
  ['attributed', 'boolean'],
  ['actor_kind', 'text'],
  ['actor_id', 'text'],
  ['actor_name', 'text'],
  ['source', 'text'],
  ['text', 'text'],
  ['entry_id', 'text'],
  ['correlation_id', 'text'],
  ['occurred_at', 'timestamptz'],
];

const entryIdOf = (payload: unknown): string | null => {
  if (typeof payload !== 'object' || payload === null) return null;
  if ('entryId' in payload && typeof payload.entryId === 'string') return payload.entryId;
  if ('entry' in payload && typeof payload.entry === 'object' && payload.entry !== null && 'entryId' in payload.entry && typeof payload.entry.entryId === 'string') return payload.entry.entryId;
  return null;
};

const apply = async (events: readonly EventEnvelope[], client: PoolClient, schema: string): Promise<void> => {
  const seqs = new Map<number, number>();
  const rows = events.flatMap((e) => {
    const event = parseMusicSessionEvent(e);
    // The index within its commit: events appended together share a position.
    const seq = seqs.get(e.position) ?? 0;
    seqs.set(e.position, seq + 1);
    const line = event ? describeMusicEvent(event) : null;
    if (!line) return [];
    return [{
      guild_id: e.guildId,
      position: e.position,
      seq,
      event_id: e.id,
      type: e.type,
      attributed: line.attributed,
      actor_kind: e.actor.kind,
      actor_id: e.actor.id,
      actor_name: e.actor.name,
      source: e.source,
      text: line.text,
      entry_id: entryIdOf(e.payload),
      correlation_id: e.correlationId,
      occurred_at: e.occurredAt,
    }];
  });
  await insertRows(client, `${schema}.lines`, COLUMNS, rows, 'ON CONFLICT DO NOTHING');
};

export const musicHistoryProjection: Projection = {
  name: 'music_history',
  migrations: [MUSIC_HISTORY_MIGRATION_V1],
  eventTypes: Object.keys(musicSessionEvents),
  apply: (events, { client, schema }) => apply(events, client, schema),
};
