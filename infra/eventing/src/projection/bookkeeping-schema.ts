/**
 * The runner's own tables in schema `guildhall`. Idempotent DDL, run by `migrate` at start-up.
 * - projection_checkpoints: the live schema's position (stream sequence of the last applied
 *   commit), written in the same transaction as the read-model rows.
 * - projection_migrations: which migration ran on which schema (`rm_x`, `rm_x__next`).
 * - projection_dead_letters: commits a projection could not decode or apply, skipped.
 * - projection_rebuilds: the progress of a running rebuild (its schema is `rm_x__next`).
 */
export const BOOKKEEPING_DDL = `
CREATE SCHEMA IF NOT EXISTS guildhall;
CREATE TABLE IF NOT EXISTS guildhall.projection_checkpoints (
  name text PRIMARY KEY,
  position bigint NOT NULL DEFAULT 0,
  events_applied bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS guildhall.projection_migrations (
  schema_name text NOT NULL,
  projection text NOT NULL,
  idx integer NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (schema_name, idx)
);
CREATE TABLE IF NOT EXISTS guildhall.projection_dead_letters (
  projection text NOT NULL,
  position bigint NOT NULL,
  subject text NOT NULL,
  reason text NOT NULL,
  raw bytea NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (projection, position)
);
CREATE TABLE IF NOT EXISTS guildhall.projection_rebuilds (
  name text PRIMARY KEY,
  position bigint NOT NULL DEFAULT 0,
  events_applied bigint NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;
