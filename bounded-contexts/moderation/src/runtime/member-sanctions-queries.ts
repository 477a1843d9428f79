import { liveSchema } from '@guildhall/eventing';
import type { Pool, PoolClient } from 'pg';
import type { BelievedSanction } from '../discord-reconciliation.js';
import { MEMBER_SANCTIONS } from './member-sanctions-projection.js';

type Db = Pick<Pool | PoolClient, 'query'>;

const table = `"${liveSchema(MEMBER_SANCTIONS)}".members`;

/** Every member of the guild Guildhall believes banned (pending or in force) or timed out. */
export const believedSanctions = async (db: Db, guildId: string): Promise<BelievedSanction[]> => {
  const { rows } = await db.query<{ user_id: string; banned: boolean; timeout_until: Date | null }>(
    `SELECT user_id, banned, timeout_until FROM ${table} WHERE guild_id = $1 AND (banned OR timeout_until IS NOT NULL) ORDER BY user_id`,
    [guildId],
  );
  return rows.map((r) => ({ userId: r.user_id, banned: r.banned, timeoutUntil: r.timeout_until?.toISOString() ?? null }));
};
