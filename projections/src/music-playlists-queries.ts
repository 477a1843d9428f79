import type { Actor } from '@guildhall/kernel';
import type { TrackRef } from '@guildhall/music';
import { z } from 'zod';
import { isoOf, readModel, type Db } from './db.js';
import { GuildIdSchema, parseQuery } from './query-input.js';

export const ListPlaylistsInputSchema = z.object({ guildId: GuildIdSchema }).strict();

export type PlaylistView = Readonly<{
  name: string;
  tracks: readonly TrackRef[];
  trackCount: number;
  /** null when a track's length is unknown (a URL). */
  totalMs: number | null;
  fromSession: number | null;
  savedBy: Actor;
  savedAt: string;
}>;

type Row = { name: string; tracks: TrackRef[]; track_count: number; total_ms: string | null; from_session: number | null; saved_by: Actor; saved_at: Date };

/** The guild's playlists by name. */
export const listPlaylists = async (db: Db, input: z.input<typeof ListPlaylistsInputSchema>): Promise<readonly PlaylistView[]> => {
  const f = parseQuery('listPlaylists', ListPlaylistsInputSchema, input);
  const { rows } = await db.query<Row>(`SELECT * FROM ${readModel('music_playlists')}.playlists WHERE guild_id = $1 ORDER BY key`, [f.guildId]);
  return rows.map((r) => ({
    name: r.name,
    tracks: r.tracks,
    trackCount: r.track_count,
    totalMs: r.total_ms === null ? null : Number(r.total_ms),
    fromSession: r.from_session,
    savedBy: r.saved_by,
    savedAt: isoOf(r.saved_at),
  }));
};
