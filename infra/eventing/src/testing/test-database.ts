import pg from 'pg';

/**
 * Drops a test's own PostgreSQL database (given by its URL) once its pools have ended.
 * `pool.end()` resolves before its clients' sockets have closed: a FORCE drop meanwhile terminates
 * them mid-goodbye, and the closing client throws FATAL 57P01 with no one listening (an unhandled
 * error fails a vitest run). So it first lets them go (a few seconds at most), then drops.
 */
export const dropTestDatabase = async (databaseUrl: string): Promise<void> => {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]);
      if (rows[0]?.n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.query(`DROP DATABASE IF EXISTS "${database.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
};
