import { initialMusicSession, type LoopMode, type MusicRules, type MusicSessionState, type QueueEntry } from '@guildhall/music';
import { z } from 'zod';
import { iso, readModel, type Db } from './db.js';
import { GuildIdSchema, parseQuery } from './query-input.js';

export const MusicSessionInputSchema = z.object({ guildId: GuildIdSchema }).strict();

export type MusicSessionView = Readonly<{
  guildId: string;
  sessionNumber: number;
  active: boolean;
  channelId: string | null;
  nowPlaying: QueueEntry | null;
  queue: readonly QueueEntry[];
  /** At time t the track is at `offsetMs + (t - startedAt)` unless paused (startedAt null: not started yet). */
  position: Readonly<{ startedAt: string | null; offsetMs: number; paused: boolean }>;
  volume: number;
  loop: LoopMode;
  rules: MusicRules;
  skipVotes: Readonly<{ entryId: string; votes: number }> | null;
  /** What undo would revert (null: nothing). */
  undo: Readonly<{ summary: string; by: string }> | null;
  pastSessions: readonly Readonly<{ sessionNumber: number; startedAt: string; endedAt: string; trackCount: number }>[];
  version: number;
  updatedAt: string | null;
}>;

type Row = { state: MusicSessionState; started_at: Date | null; offset_ms: number; paused: boolean; version: string; updated_at: Date };

/** The guild's music now: an idle session (nothing played yet) when it has no events. */
export const getMusicSession = async (db: Db, input: z.input<typeof MusicSessionInputSchema>): Promise<MusicSessionView> => {
  const f = parseQuery('getMusicSession', MusicSessionInputSchema, input);
  const { rows } = await db.query<Row>(`SELECT state, started_at, offset_ms, paused, version, updated_at FROM ${readModel('music_session')}.sessions WHERE guild_id = $1`, [f.guildId]);
  const row = rows[0];
  const s = row ? { ...initialMusicSession(), ...row.state } : initialMusicSession();
  const lastUndo = s.undo.at(-1);
  return {
    guildId: f.guildId,
    sessionNumber: s.sessionNumber,
    active: s.active,
    channelId: s.channelId,
    nowPlaying: s.current,
    queue: s.queue,
    position: { startedAt: row ? iso(row.started_at) : null, offsetMs: row?.offset_ms ?? 0, paused: row?.paused ?? false },
    volume: s.volume,
    loop: s.loop,
    rules: s.rules,
    skipVotes: s.skipVotes ? { entryId: s.skipVotes.entryId, votes: s.skipVotes.voters.length } : null,
    undo: lastUndo ? { summary: lastUndo.summary, by: lastUndo.by.name } : null,
    pastSessions: s.pastSessions.map((p) => ({ sessionNumber: p.sessionNumber, startedAt: p.startedAt, endedAt: p.endedAt, trackCount: p.tracks.length })),
    version: row ? Number(row.version) : 0,
    updatedAt: row ? iso(row.updated_at) : null,
  };
};
