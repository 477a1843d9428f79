import type { Actor, Source } from '@guildhall/kernel';
import { z } from 'zod';
import { isoOf, num, readModel, type Db } from './db.js';
import { decodeCursor, encodeCursor, GuildIdSchema, LimitSchema, pageOf, parseQuery, type Page } from './query-input.js';

export const MusicHistoryInputSchema = z.object({ guildId: GuildIdSchema, limit: LimitSchema, cursor: z.string().max(500).optional() }).strict();

export type MusicHistoryLine = Readonly<{
  eventId: string;
  type: string;
  /** true: `actor` did it ("Fuzzy River skipped …"); false: the player's own fact. */
  attributed: boolean;
  actor: Actor;
  source: Source;
  text: string;
  entryId: string | null;
  correlationId: string;
  occurredAt: string;
  position: number;
}>;

type Row = {
  event_id: string;
  type: string;
  attributed: boolean;
  actor_kind: Actor['kind'];
  actor_id: string;
  actor_name: string;
  source: Source;
  text: string;
  entry_id: string | null;
  correlation_id: string;
  occurred_at: Date;
  position: string;
  seq: number;
};

const Key = z.tuple([z.number(), z.number()]);

/** The guild's music history, newest first, keyset-paginated. */
export const listMusicHistory = async (db: Db, input: z.input<typeof MusicHistoryInputSchema>): Promise<Page<MusicHistoryLine>> => {
  const f = parseQuery('listMusicHistory', MusicHistoryInputSchema, input);
  const after = f.cursor ? decodeCursor('listMusicHistory', 'desc', f.cursor, Key) : null;
  const { rows } = await db.query<Row>(
    `SELECT * FROM ${readModel('music_history')}.lines
      WHERE guild_id = $1 AND ($2::bigint IS NULL OR (position, seq) < ($2::bigint, $3::int))
      ORDER BY position DESC, seq DESC LIMIT $4`,
    [f.guildId, after?.[0] ?? null, after?.[1] ?? 0, f.limit + 1],
  );
  return pageOf(
    rows,
    f.limit,
    (r) => ({
      eventId: r.event_id,
      type: r.type,
      attributed: r.attributed,
      actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
      source: r.source,
      text: r.text,
      entryId: r.entry_id,
      correlationId: r.correlation_id,
      occurredAt: isoOf(r.occurred_at),
      position: num(r.position),
    }),
    (r) => encodeCursor('listMusicHistory', 'desc', [num(r.position), r.seq]),
  );
};
