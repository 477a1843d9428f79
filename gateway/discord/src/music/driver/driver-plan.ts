import { offsetAt, type MusicSessionEvent, type MusicSessionState, type QueueEntry } from '@guildhall/music';

/**
 * What the driver asks of a guild's player. The player's track id is the queue entry id, so
 * its events name the entry they are about (an entry is unique; a track may be queued twice).
 */
export type PlayerCall =
  | Readonly<{ op: 'join'; channelId: string }>
  | Readonly<{ op: 'leave' }>
  | Readonly<{ op: 'play'; track: Readonly<{ id: string; path: string; title: string }>; offsetMs: number }>
  | Readonly<{ op: 'pause' }>
  | Readonly<{ op: 'resume' }>
  | Readonly<{ op: 'stop' }>
  | Readonly<{ op: 'setVolume'; volume: number }>;

const play = (e: QueueEntry, offsetMs: number): PlayerCall => ({ op: 'play', track: { id: e.entryId, path: e.track.location, title: e.track.title }, offsetMs });
const volume = (percent: number): PlayerCall => ({ op: 'setVolume', volume: percent / 100 });

/**
 * The player calls one session event asks for, from the state before and after it (pure):
 * a session start joins, a change of the entry in the current slot plays it (from 0), a track
 * looped by `track` plays again, a seek replays at the offset, pause/resume/volume pass through,
 * the end stops and leaves.
 */
export const playerCallsFor = (before: MusicSessionState, event: MusicSessionEvent, after: MusicSessionState): PlayerCall[] => {
  switch (event.type) {
    case 'MusicSessionStarted':
      return [{ op: 'join', channelId: event.data.channelId }, volume(after.volume)];
    case 'MusicSessionEnded':
      return [{ op: 'stop' }, { op: 'leave' }];
    case 'PlaybackPaused':
      return [{ op: 'pause' }];
    case 'PlaybackResumed':
      return [{ op: 'resume' }];
    case 'VolumeChanged':
      return [volume(event.data.volume)];
    case 'PlaybackSeeked':
      return after.current ? [play(after.current, event.data.offsetMs), ...(after.playback.status === 'paused' ? [{ op: 'pause' } as const] : [])] : [];
    default:
      break;
  }
  const was = before.current?.entryId ?? null;
  const now = after.current;
  const replay = event.type === 'TrackFinished' && now !== null && now.entryId === was;
  if (now && (now.entryId !== was || replay)) return [play(now, 0)];
  if (!now && was !== null) return [{ op: 'stop' }];
  return [];
};

/**
 * After a bot restart (or a reconnect), what brings the player back to where the events say:
 * the session's channel, its volume, the current entry at the position it reached by `now`
 * (paused if paused). Nothing when no session runs.
 */
export const resumeCalls = (s: MusicSessionState, now: string): PlayerCall[] => {
  if (!s.active || s.channelId === null) return [];
  const calls: PlayerCall[] = [{ op: 'join', channelId: s.channelId }, volume(s.volume)];
  if (!s.current) return calls;
  calls.push(play(s.current, offsetAt(s.playback, now, s.current.track.durationMs)));
  if (s.playback.status === 'paused') calls.push({ op: 'pause' });
  return calls;
};

/** A player event as the music command that records it (type and payload; the driver adds the envelope). */
export type PlayerFact =
  | Readonly<{ type: 'RecordTrackStarted'; payload: { entryId: string; startedAt: string; offsetMs: number } }>
  | Readonly<{ type: 'RecordTrackFinished'; payload: { entryId: string } }>
  | Readonly<{ type: 'RecordTrackFailed'; payload: { entryId: string; reason: string } }>
  | Readonly<{ type: 'RecordPlayerDisconnected'; payload: { reason: string } }>;

export const factOfPlayerEvent = (
  kind: 'started' | 'finished' | 'failed' | 'disconnected',
  e: Readonly<{ trackId: string | null; at?: string; offsetMs?: number; reason?: string }>,
  now: string,
): PlayerFact | null => {
  if (kind === 'disconnected') return { type: 'RecordPlayerDisconnected', payload: { reason: e.reason?.trim() || 'the bot left the voice channel' } };
  if (e.trackId === null) return null;
  switch (kind) {
    case 'started':
      return { type: 'RecordTrackStarted', payload: { entryId: e.trackId, startedAt: e.at ?? now, offsetMs: Math.max(0, Math.round(e.offsetMs ?? 0)) } };
    case 'finished':
      return { type: 'RecordTrackFinished', payload: { entryId: e.trackId } };
    case 'failed':
      return { type: 'RecordTrackFailed', payload: { entryId: e.trackId, reason: (e.reason?.trim() || 'the player could not play it').slice(0, 500) } };
  }
};
