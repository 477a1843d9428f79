import { num, readModel, type Db } from './db.js';

export type ModelPosition = Readonly<{ model: string; position: number }>;

/**
 * What a live stream that last saw `position` missed: when the guild has events after it (the
 * audit log holds every event of every guild), each read model whose checkpoint is past it.
 * A reconnecting dashboard refetches those models, so nothing that happened meanwhile is lost.
 */
export const guildChangesSince = async (db: Db, guildId: string, position: number): Promise<ModelPosition[]> => {
  const { rows: newer } = await db.query(`SELECT 1 FROM ${readModel('audit_log')}.events WHERE guild_id = $1 AND position > $2 LIMIT 1`, [guildId, position]);
  if (newer.length === 0) return [];
  const { rows } = await db.query<{ name: string; position: string }>(
    'SELECT name, position FROM guildhall.projection_checkpoints WHERE position > $1 ORDER BY position, name',
    [position],
  );
  return rows.map((r) => ({ model: r.name, position: num(r.position) }));
};

/** The highest checkpoint of any read model: where a fresh live stream starts. */
export const latestPosition = async (db: Db): Promise<number> => {
  const { rows } = await db.query<{ position: string | null }>('SELECT max(position) AS position FROM guildhall.projection_checkpoints');
  return rows[0]?.position ? num(rows[0].position) : 0;
};
