import type { Projection } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import { parseMusicSessionEvent, playlistKey } from '@guildhall/music';
import type { PoolClient } from 'pg';

/** Read model `music_playlists`: the guild's saved playlists with their tracks. */
export const MUSIC_PLAYLISTS_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.playlists (
  guild_id text NOT NULL,
  key text NOT NULL,
  name text NOT NULL,
  tracks jsonb NOT NULL,
  track_count integer NOT NULL,
  total_ms bigint,
  from_session integer,
  saved_by jsonb NOT NULL,
  saved_at timestamptz NOT NULL,
  PRIMARY KEY (guild_id, key)
);
`;

const apply = async (events: readonly EventEnvelope[], client: PoolClient, schema: string): Promise<void> => {
  // Statement per event, in order: playlists change rarely and a save may follow a delete in one batch.
  for (const envelope of events) {
    const e = parseMusicSessionEvent(envelope);
    if (e?.type === 'PlaylistSaved') {
      const d = e.data;
      const known = d.tracks.every((t) => t.durationMs !== null);
      await client.query(
        `INSERT INTO ${schema}.playlists (guild_id, key, name, tracks, track_count, total_ms, from_session, saved_by, saved_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (guild_id, key) DO UPDATE SET name = EXCLUDED.name, tracks = EXCLUDED.tracks, track_count = EXCLUDED.track_count,
           total_ms = EXCLUDED.total_ms, from_session = EXCLUDED.from_session, saved_by = EXCLUDED.saved_by, saved_at = EXCLUDED.saved_at`,
        [envelope.guildId, playlistKey(d.name), d.name, JSON.stringify(d.tracks), d.tracks.length, known ? d.tracks.reduce((n, t) => n + (t.durationMs ?? 0), 0) : null, d.fromSession, JSON.stringify(d.by), d.at],
      );
    } else if (e?.type === 'PlaylistDeleted') {
      await client.query(`DELETE FROM ${schema}.playlists WHERE guild_id = $1 AND key = $2`, [envelope.guildId, playlistKey(e.data.name)]);
    }
  }
};

export const musicPlaylistsProjection: Projection = {
  name: 'music_playlists',
  migrations: [MUSIC_PLAYLISTS_MIGRATION_V1],
  eventTypes: ['PlaylistSaved', 'PlaylistDeleted'],
  apply: (events, { client, schema }) => apply(events, client, schema),
};
