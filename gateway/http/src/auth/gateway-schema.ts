import type { Pool } from 'pg';

/**
 * The gateway's own operational tables (not read models: nothing here is rebuilt from events).
 * Rate-limit windows are UNLOGGED: one write per request without WAL; a crash only forgets a minute's counts.
 */
export const GATEWAY_SCHEMA = 'gh_http';

const DDL = `
CREATE SCHEMA IF NOT EXISTS ${GATEWAY_SCHEMA};
CREATE TABLE IF NOT EXISTS ${GATEWAY_SCHEMA}.sessions (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL,
  user_name text NOT NULL,
  avatar text,
  guilds jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by text,
  user_agent text
);
CREATE INDEX IF NOT EXISTS sessions_by_user ON ${GATEWAY_SCHEMA}.sessions (user_id) WHERE revoked_at IS NULL;
CREATE UNLOGGED TABLE IF NOT EXISTS ${GATEWAY_SCHEMA}.rate_limits (
  key text NOT NULL,
  window_start bigint NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE TABLE IF NOT EXISTS ${GATEWAY_SCHEMA}.token_use (
  token_id text PRIMARY KEY,
  last_used_at timestamptz NOT NULL
);
`;

/** Creates the gateway's tables when missing; replicas starting together serialise on an advisory lock. */
export const migrateGatewaySchema = async (pool: Pool): Promise<void> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('${GATEWAY_SCHEMA}.migrate'))`);
    await client.query(DDL);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
};
