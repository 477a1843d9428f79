import pg from 'pg';
import type { Logger } from '../logger.js';
import { quoteIdent } from './projection-names.js';

/**
 * Creates the database named in `databaseUrl` when it is missing (connecting to the server's
 * `postgres` database to do so). Returns true when it was created.
 */
export const ensureDatabase = async (databaseUrl: string, logger?: Logger): Promise<boolean> => {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) throw new Error(`DATABASE_URL ${url.origin} names no database`);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (e) {
      // Another process created it first.
      if ((e as { code?: string }).code === '42P04') return false;
      throw e;
    }
    logger?.info({ database: name }, `created database ${name}`);
    return true;
  } finally {
    await admin.end();
  }
};
