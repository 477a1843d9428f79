import type { Projection } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import { parseMusicLibraryEvent } from '@guildhall/music';
import type { PoolClient } from 'pg';

/** Read model `music_library`: the guild's playable tracks (the scanner's records and uploads), searchable by title and artist. */
export const MUSIC_LIBRARY_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.tracks (
  guild_id text NOT NULL,
  track_id text NOT NULL,
  path text NOT NULL,
  title text NOT NULL,
  artist text,
  duration_ms integer NOT NULL,
  format text NOT NULL,
  origin text NOT NULL,
  search text NOT NULL,
  added_by text NOT NULL,
  added_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (guild_id, track_id)
);
CREATE INDEX tracks_title ON ${s}.tracks (guild_id, lower(title), track_id);
`;

const apply = async (events: readonly EventEnvelope[], client: PoolClient, schema: string): Promise<void> => {
  for (const envelope of events) {
    const e = parseMusicLibraryEvent(envelope);
    if (!e) continue;
    if (e.type === 'LibraryTrackRemoved') {
      await client.query(`DELETE FROM ${schema}.tracks WHERE guild_id = $1 AND track_id = $2`, [envelope.guildId, e.data.trackId]);
      continue;
    }
    const t = e.data.track;
    await client.query(
      `INSERT INTO ${schema}.tracks (guild_id, track_id, path, title, artist, duration_ms, format, origin, search, added_by, added_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
       ON CONFLICT (guild_id, track_id) DO UPDATE SET path = EXCLUDED.path, title = EXCLUDED.title, artist = EXCLUDED.artist,
         duration_ms = EXCLUDED.duration_ms, format = EXCLUDED.format, origin = EXCLUDED.origin, search = EXCLUDED.search, updated_at = EXCLUDED.updated_at`,
      [envelope.guildId, t.id, t.path, t.title, t.artist, t.durationMs, t.format, e.data.origin, `${t.title} ${t.artist ?? ''}`.toLowerCase(), e.data.by.name, e.data.at],
    );
  }
};

export const musicLibraryProjection: Projection = {
  name: 'music_library',
  migrations: [MUSIC_LIBRARY_MIGRATION_V1],
  eventTypes: ['LibraryTrackAdded', 'LibraryTrackUpdated', 'LibraryTrackRemoved'],
  apply: (events, { client, schema }) => apply(events, client, schema),
};
