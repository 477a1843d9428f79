import type { Projection } from '@guildhall/eventing';

/** A read model as heavy as a typical one: one row per event, written with one INSERT per batch. */
export const benchProjection: Projection = {
  name: 'bench_events',
  eventTypes: 'all',
  migrations: [
    (schema) => `CREATE TABLE ${schema}.events (
      id uuid PRIMARY KEY, position bigint NOT NULL, stream_id text NOT NULL, type text NOT NULL,
      guild_id text NOT NULL, occurred_at timestamptz NOT NULL, payload jsonb NOT NULL)`,
  ],
  async apply(events, { client, schema }) {
    if (events.length === 0) return;
    await client.query(
      `INSERT INTO ${schema}.events (id, position, stream_id, type, guild_id, occurred_at, payload)
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::jsonb[])`,
      [
        events.map((e) => e.id),
        events.map((e) => e.position),
        events.map((e) => e.streamId),
        events.map((e) => e.type),
        events.map((e) => e.guildId),
        events.map((e) => e.occurredAt),
        events.map((e) => JSON.stringify(e.payload)),
      ],
    );
  },
};
