import type { Projection } from '@guildhall/eventing';
import { envelopeColumns, envelopeColumnsDdl, envelopeValues, withCommitIndex } from './envelope-columns.js';
import { insertRows, type Column } from './sql.js';

/**
 * Read model `audit_log`: every event of every context, in store order (position, then the
 * event's index within its commit), with actor, source, correlation and causation ids and the
 * payload as stored. It reads every event type, so nothing a guild did is missing from it.
 */
export const AUDIT_LOG_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.events (
  guild_id text NOT NULL,
  idx integer NOT NULL,
  schema_version integer NOT NULL,
  ${envelopeColumnsDdl},
  payload jsonb,
  PRIMARY KEY (position, idx)
);
CREATE UNIQUE INDEX events_by_id ON ${s}.events (event_id);
CREATE INDEX events_by_guild ON ${s}.events (guild_id, position, idx);
CREATE INDEX events_by_type ON ${s}.events (guild_id, type, position, idx);
CREATE INDEX events_by_actor ON ${s}.events (guild_id, actor_id, position, idx);
CREATE INDEX events_by_correlation ON ${s}.events (guild_id, correlation_id, position, idx);
CREATE INDEX events_by_stream ON ${s}.events (stream_id, position, idx);
CREATE INDEX events_by_time ON ${s}.events (guild_id, occurred_at);
`;

/** The time index carries the position, so a date range's position bounds are an index-only read. */
export const AUDIT_LOG_MIGRATION_V2 = (s: string): string => `
DROP INDEX ${s}.events_by_time;
CREATE INDEX events_by_time ON ${s}.events (guild_id, occurred_at, position);
`;

const COLUMNS: readonly Column[] = [['guild_id', 'text'], ['idx', 'integer'], ['schema_version', 'integer'], ...envelopeColumns, ['payload', 'jsonb']];

export const auditLogProjection: Projection = {
  name: 'audit_log',
  migrations: [AUDIT_LOG_MIGRATION_V1, AUDIT_LOG_MIGRATION_V2],
  eventTypes: 'all',
  apply: async (events, { client, schema }) => {
    const rows = withCommitIndex(events).map(([e, idx]) => ({
      guild_id: e.guildId,
      idx,
      schema_version: e.schemaVersion,
      ...envelopeValues(e),
      payload: e.payload ?? null,
    }));
    await insertRows(client, `${schema}.events`, COLUMNS, rows);
  },
};
