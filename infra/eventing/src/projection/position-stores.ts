import type { PoolClient } from 'pg';
import type { PositionStore } from './batch-applier.js';

/** The live checkpoint of a projection (`guildhall.projection_checkpoints`). */
export const livePositions = (name: string): PositionStore => ({
  read: async (client) => {
    const r = await client.query<{ position: string }>(
      'SELECT position FROM guildhall.projection_checkpoints WHERE name = $1 FOR UPDATE',
      [name],
    );
    if (r.rows[0]) return Number(r.rows[0].position);
    await client.query('INSERT INTO guildhall.projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
    return 0;
  },
  write: async (client, position, eventsApplied) => {
    await client.query(
      `UPDATE guildhall.projection_checkpoints
       SET position = $2, events_applied = events_applied + $3, updated_at = now() WHERE name = $1`,
      [name, position, eventsApplied],
    );
  },
});

/** The position of the rebuild filling `rm_<name>__next` (`guildhall.projection_rebuilds`). */
export const rebuildPositions = (name: string): PositionStore => ({
  read: async (client) => {
    const r = await client.query<{ position: string }>(
      'SELECT position FROM guildhall.projection_rebuilds WHERE name = $1 FOR UPDATE',
      [name],
    );
    if (!r.rows[0]) throw new Error(`no rebuild of ${name} is registered`);
    return Number(r.rows[0].position);
  },
  write: async (client, position, eventsApplied) => {
    await client.query(
      `UPDATE guildhall.projection_rebuilds
       SET position = $2, events_applied = events_applied + $3, updated_at = now() WHERE name = $1`,
      [name, position, eventsApplied],
    );
  },
});

/** The live checkpoint, outside any transaction. */
export const readCheckpoint = async (client: Pick<PoolClient, 'query'>, name: string): Promise<number> => {
  const r = await client.query<{ position: string }>('SELECT position FROM guildhall.projection_checkpoints WHERE name = $1', [name]);
  return r.rows[0] ? Number(r.rows[0].position) : 0;
};
