import pg from 'pg';
import type { Pool } from 'pg';
import { lockKey } from './projection-names.js';

/**
 * Leadership of one projection's live runner: a session advisory lock on a dedicated connection
 * (not a pooled one, so it never starves batch transactions). Several processes may run the same
 * projection; one applies, the others wait. If the connection drops, the lock is gone and `lost`
 * turns true: the runner must stop applying.
 */
export class RunLock {
  private lostFlag = false;

  private constructor(private readonly client: pg.Client) {}

  /** Polls until the lock is held or `cancelled()`; undefined when cancelled. */
  static async acquire(
    pool: Pool,
    name: string,
    pollMs: number,
    cancelled: () => boolean,
    onWait: () => void,
  ): Promise<RunLock | undefined> {
    // Keepalive, so a silently dead connection (and with it the lock) is noticed.
    const client = new pg.Client({ ...pool.options, keepAlive: true });
    const lock = new RunLock(client);
    const lost = () => {
      lock.lostFlag = true;
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    const [k1, k2] = lockKey('run', name);
    let waited = false;
    try {
      while (!cancelled()) {
        const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [k1, k2]);
        if (r.rows[0]?.ok) return lock;
        if (!waited) onWait();
        waited = true;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    await client.end().catch(() => undefined);
    return undefined;
  }

  get lost(): boolean {
    return this.lostFlag;
  }

  /** Ending the session releases the lock. */
  async release(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
