import pg from 'pg';

/** The p-th percentile of ascending numbers (NaN when there are none). */
export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** The same server's URL for another database (a bench makes its own and drops it after). */
export const databaseUrl = (base: string, db: string): string => {
  const u = new URL(base);
  u.pathname = `/${db}`;
  return u.toString();
};

export const dropDatabase = async (base: string, db: string): Promise<void> => {
  const c = new pg.Client({ connectionString: databaseUrl(base, 'postgres') });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).finally(() => c.end());
};
