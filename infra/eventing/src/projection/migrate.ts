import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../logger.js';
import { BOOKKEEPING_DDL } from './bookkeeping-schema.js';
import type { Projection } from './projection.js';
import { assertProjectionName, liveSchema, lockKey, quoteIdent } from './projection-names.js';
import { withTransaction } from './transaction.js';

const checksum = (sql: string): string => createHash('sha256').update(sql).digest('hex').slice(0, 16);

/** Creates the `guildhall` schema objects. Serialised by an advisory lock across processes. */
export const migrateBookkeeping = async (pool: Pool): Promise<void> => {
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...lockKey('migrate', '(bookkeeping)')]);
    await client.query(BOOKKEEPING_DDL);
  });
};

/**
 * Creates `schemaName` if needed and runs the projection's migrations it has not run yet, in
 * order, inside the caller's transaction, recording each. A migration whose SQL changed after it
 * ran is not run again (the schema already has that step); it is logged, since only a rebuild
 * gives the schema its new shape.
 */
export const migrateSchema = async (
  client: PoolClient,
  projection: Projection,
  schemaName: string,
  logger: Logger,
): Promise<number> => {
  await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...lockKey('migrate', schemaName)]);
  const schema = quoteIdent(schemaName);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const applied = await client.query<{ idx: number; checksum: string }>(
    'SELECT idx, checksum FROM guildhall.projection_migrations WHERE schema_name = $1',
    [schemaName],
  );
  const done = new Map(applied.rows.map((r) => [r.idx, r.checksum]));
  let ran = 0;
  for (const [idx, migration] of projection.migrations.entries()) {
    const sql = migration(schema);
    const sum = checksum(sql);
    const before = done.get(idx);
    if (before !== undefined) {
      if (before !== sum) {
        logger.warn(
          { projection: projection.name, schema: schemaName, migration: idx },
          `migration ${idx} of ${projection.name} changed after it ran on ${schemaName}; rebuild to apply it`,
        );
      }
      continue;
    }
    await client.query(sql);
    await client.query(
      'INSERT INTO guildhall.projection_migrations (schema_name, projection, idx, checksum) VALUES ($1, $2, $3, $4)',
      [schemaName, projection.name, idx, sum],
    );
    ran++;
  }
  if (done.size > projection.migrations.length) {
    logger.warn(
      { projection: projection.name, schema: schemaName },
      `${schemaName} ran ${done.size} migrations but ${projection.name} has ${projection.migrations.length}`,
    );
  }
  return ran;
};

/**
 * The start-up step (also run by `npm start`): the `guildhall` schema objects, then every
 * projection's pending migrations on its live schema `rm_<name>` and its checkpoint row.
 */
export const migrate = async (pool: Pool, projections: readonly Projection[], logger: Logger): Promise<void> => {
  const names = new Set<string>();
  for (const p of projections) {
    assertProjectionName(p.name);
    if (names.has(p.name)) throw new Error(`projection "${p.name}" is registered twice`);
    names.add(p.name);
  }
  await migrateBookkeeping(pool);
  for (const p of projections) {
    const ran = await withTransaction(pool, async (client) => {
      const n = await migrateSchema(client, p, liveSchema(p.name), logger);
      await client.query(
        'INSERT INTO guildhall.projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING',
        [p.name],
      );
      return n;
    });
    logger.info({ projection: p.name, migrationsRun: ran }, `projection ${p.name}: schema ${liveSchema(p.name)} up to date`);
  }
};
