import type { NatsConnection } from '@nats-io/nats-core';
import type { Pool } from 'pg';
import type { ReadinessCheck } from './ops-server.js';

/** NATS answers a PING (a closed or reconnecting connection does not). */
export const natsReady =
  (nc: NatsConnection): ReadinessCheck =>
  async () => {
    if (nc.isClosed()) throw new Error('connection closed');
    await nc.flush();
  };

/** PostgreSQL answers `SELECT 1` through the service's pool. */
export const postgresReady =
  (pool: Pick<Pool, 'query'>): ReadinessCheck =>
  async () => {
    await pool.query('SELECT 1');
  };
