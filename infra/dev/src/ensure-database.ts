import pg from 'pg';

/** Creates the database named in `databaseUrl` when it is missing (connecting to `postgres`). */
export const ensureDatabase = async (databaseUrl: string): Promise<'created' | 'exists'> => {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`DATABASE_URL: database name "${name}" must match [A-Za-z0-9_]+`);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return 'exists';
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (e) {
      // Another process may have created it between the check and the create.
      if ((e as { code?: string }).code !== '42P04') throw e;
      return 'exists';
    }
    return 'created';
  } finally {
    await client.end();
  }
};
