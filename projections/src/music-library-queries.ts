import { z } from 'zod';
import { readModel, type Db } from './db.js';
import { GuildIdSchema, parseQuery } from './query-input.js';
import { likeLiteral } from './sql.js';

export const SearchLibraryInputSchema = z
  .object({
    guildId: GuildIdSchema,
    /** Words that must all appear in the title or artist (case aside); empty: every track. */
    text: z.string().max(200).default(''),
    limit: z.number().int().min(1).max(100).default(25),
  })
  .strict();

export type LibraryTrackView = Readonly<{ id: string; path: string; title: string; artist: string | null; durationMs: number; format: string; origin: 'library' | 'upload' }>;

type Row = { track_id: string; path: string; title: string; artist: string | null; duration_ms: number; format: string; origin: 'library' | 'upload' };
const viewOf = (r: Row): LibraryTrackView => ({ id: r.track_id, path: r.path, title: r.title, artist: r.artist, durationMs: r.duration_ms, format: r.format, origin: r.origin });

/**
 * The library's tracks matching every word of `text`, best first: a title starting with the text
 * (so `Demo 2` finds "Demo 2 — …" before "Demo 12"), then by title.
 */
export const searchLibrary = async (db: Db, input: z.input<typeof SearchLibraryInputSchema>): Promise<readonly LibraryTrackView[]> => {
  const f = parseQuery('searchLibrary', SearchLibraryInputSchema, input);
  const text = f.text.trim().toLowerCase();
  const words = text.split(/\s+/).filter(Boolean).slice(0, 8).map((w) => `%${likeLiteral(w)}%`);
  const { rows } = await db.query<Row>(
    `SELECT track_id, path, title, artist, duration_ms, format, origin FROM ${readModel('music_library')}.tracks
      WHERE guild_id = $1 AND search LIKE ALL($2::text[])
      ORDER BY (lower(title) = $3 OR lower(title) LIKE $4) DESC, (lower(title) LIKE $5) DESC, lower(title), track_id LIMIT $6`,
    [f.guildId, words, text, `${likeLiteral(text)} %`, `${likeLiteral(text)}%`, f.limit],
  );
  return rows.map(viewOf);
};

export const GetLibraryTrackInputSchema = z.object({ guildId: GuildIdSchema, trackId: z.string().min(1).max(200) }).strict();

/** One track of the guild's library by id, or null. */
export const getLibraryTrack = async (db: Db, input: z.input<typeof GetLibraryTrackInputSchema>): Promise<LibraryTrackView | null> => {
  const f = parseQuery('getLibraryTrack', GetLibraryTrackInputSchema, input);
  const { rows } = await db.query<Row>(`SELECT track_id, path, title, artist, duration_ms, format, origin FROM ${readModel('music_library')}.tracks WHERE guild_id = $1 AND track_id = $2`, [f.guildId, f.trackId]);
  return rows[0] ? viewOf(rows[0]) : null;
};
