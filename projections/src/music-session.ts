import type { Projection } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import { evolveMusicSession, initialMusicSession, musicSessionEvents, parseMusicSessionEvent, positionOf, type MusicSessionState } from '@guildhall/music';
import type { PoolClient } from 'pg';
import { insertRows, upsertOn, type Column } from './sql.js';

/**
 * Read model `music_session`: one row per guild with now playing, the queue, the position
 * `{startedAt, offset, paused}` (UIs interpolate it), volume, loop, rules and undo, folded with the
 * music context's own `evolveMusicSession` (its whole state is kept in `state`).
 */
export const MUSIC_SESSION_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.sessions (
  guild_id text PRIMARY KEY,
  session_number integer NOT NULL,
  active boolean NOT NULL,
  channel_id text,
  now_playing jsonb,
  queue jsonb NOT NULL,
  started_at timestamptz,
  offset_ms integer NOT NULL,
  paused boolean NOT NULL,
  volume integer NOT NULL,
  loop_mode text NOT NULL,
  state jsonb NOT NULL,
  version bigint NOT NULL,
  updated_at timestamptz NOT NULL
);
`;

const COLUMNS: readonly Column[] = [
  ['guild_id', 'text'],
  ['session_number', 'integer'],
  ['active', 'boolean'],
  ['channel_id', 'text'],
  ['now_playing', 'jsonb'],
  ['queue', 'jsonb'],
  ['started_at', 'timestamptz'],
  ['offset_ms', 'integer'],
  ['paused', 'boolean'],
  ['volume', 'integer'],
  ['loop_mode', 'text'],
  ['state', 'jsonb'],
  ['version', 'bigint'],
  ['updated_at', 'timestamptz'],
];

/** The state this projection wrote itself (jsonb of `evolveMusicSession`'s output). */
const storedState = (v: unknown): MusicSessionState => ({ ...initialMusicSession(), ...(v as Partial<MusicSessionState>) });

const apply = async (events: readonly EventEnvelope[], client: PoolClient, schema: string): Promise<void> => {
  const guildIds = [...new Set(events.map((e) => e.guildId))];
  const { rows } = await client.query<{ guild_id: string; state: unknown }>(`SELECT guild_id, state FROM ${schema}.sessions WHERE guild_id = ANY($1::text[])`, [guildIds]);
  const work = new Map<string, { state: MusicSessionState; version: number; at: string }>(rows.map((r) => [r.guild_id, { state: storedState(r.state), version: 0, at: '' }]));
  for (const envelope of events) {
    const event = parseMusicSessionEvent(envelope);
    if (!event) continue;
    const w = work.get(envelope.guildId) ?? { state: initialMusicSession(), version: 0, at: '' };
    work.set(envelope.guildId, { state: evolveMusicSession(w.state, event), version: envelope.version, at: envelope.occurredAt });
  }
  const out = [...work.entries()]
    .filter(([, w]) => w.at !== '')
    .map(([guildId, { state: s, version, at }]) => {
      const p = positionOf(s.playback);
      return {
        guild_id: guildId,
        session_number: s.sessionNumber,
        active: s.active,
        channel_id: s.channelId,
        now_playing: s.current,
        queue: s.queue,
        started_at: p.startedAt,
        offset_ms: p.offsetMs,
        paused: p.paused,
        volume: s.volume,
        loop_mode: s.loop,
        state: s,
        version,
        updated_at: at,
      };
    });
  await insertRows(client, `${schema}.sessions`, COLUMNS, out, upsertOn(['guild_id'], COLUMNS));
};

export const musicSessionProjection: Projection = {
  name: 'music_session',
  migrations: [MUSIC_SESSION_MIGRATION_V1],
  eventTypes: Object.keys(musicSessionEvents),
  apply: (events, { client, schema }) => apply(events, client, schema),
};
