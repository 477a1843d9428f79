import type { Pool, PoolClient } from 'pg';

/**
 * Runs `fn` in a transaction on a pooled client: COMMIT on success, ROLLBACK on any error.
 * `prelude` is trusted SQL (no user input) sent with BEGIN in the same round trip.
 */
export const withTransaction = async <T>(
  pool: Pool,
  fn: (client: PoolClient) => Promise<T>,
  prelude?: string,
): Promise<T> => {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A connection that dies between two statements emits 'error' on the checked-out client; with
  // no listener that would crash the process. The failing statement reports it to the caller.
  const onError = (e: Error) => {
    broken = e;
  };
  client.on('error', onError);
  try {
    await client.query(prelude ? `BEGIN; ${prelude}` : 'BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      // The connection is unusable (killed backend, network): do not return it to the pool.
      broken = rollbackError as Error;
    }
    throw e;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
};
