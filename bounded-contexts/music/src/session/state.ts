import type { Actor } from '@guildhall/kernel';
import { DEFAULT_MUSIC_RULES, playlistKey, type LoopMode, type MusicRules, type QueueEntry, type TrackRef } from '../music-schemas.js';
import type { MusicSessionEvent } from './events.js';

export type Playback =
  | Readonly<{ status: 'idle' }>
  /** A track is selected; the player has not said it started. */
  | Readonly<{ status: 'starting'; offsetMs: number }>
  | Readonly<{ status: 'playing'; startedAt: string; offsetMs: number }>
  | Readonly<{ status: 'paused'; offsetMs: number }>;

/** What every UI interpolates from: at time t the position is `offsetMs + (t - startedAt)` unless paused or not started. */
export type PlaybackPosition = Readonly<{ startedAt: string | null; offsetMs: number; paused: boolean }>;

/** One undoable queue action, with what its undo needs. */
export type UndoItem = Readonly<{
  kind: 'TrackQueued' | 'PlaylistLoaded' | 'QueueEntryRemoved' | 'QueueEntryMoved' | 'QueueCleared' | 'QueueShuffled';
  summary: string;
  by: Actor;
  /** Entries the action added (undo removes them). */
  added: readonly string[];
  /** Entries the action took out, with their index (undo puts them back). */
  removed: readonly Readonly<{ entry: QueueEntry; index: number }>[];
  /** The queue order before (moves and shuffles: undo restores it for the entries still there). */
  orderBefore: readonly string[] | null;
}>;

export type Playlist = Readonly<{ name: string; tracks: readonly TrackRef[]; savedBy: Actor; savedAt: string }>;
export type PastSession = Readonly<{ sessionNumber: number; startedAt: string; endedAt: string; tracks: readonly TrackRef[] }>;

export type MusicSessionState = Readonly<{
  /** The number of the running (or last) session; 0 before the first. */
  sessionNumber: number;
  active: boolean;
  channelId: string | null;
  startedAt: string | null;
  current: QueueEntry | null;
  /** Upcoming entries, in play order. */
  queue: readonly QueueEntry[];
  /** Entries played in this session, newest last (for /previous). */
  played: readonly QueueEntry[];
  playback: Playback;
  volume: number;
  loop: LoopMode;
  skipVotes: Readonly<{ entryId: string; voters: readonly string[] }> | null;
  undo: readonly UndoItem[];
  rules: MusicRules;
  /** By playlistKey(name). */
  playlists: Readonly<Record<string, Playlist>>;
  /** Tracks that started in the running session, in order. */
  sessionTracks: readonly TrackRef[];
  pastSessions: readonly PastSession[];
}>;

export const MAX_UNDO = 20;
export const MAX_PLAYED = 50;
export const MAX_PAST_SESSIONS = 10;
export const MAX_SESSION_TRACKS = 500;

export const initialMusicSession = (): MusicSessionState => ({
  sessionNumber: 0,
  active: false,
  channelId: null,
  startedAt: null,
  current: null,
  queue: [],
  played: [],
  playback: { status: 'idle' },
  volume: 100,
  loop: 'off',
  skipVotes: null,
  undo: [],
  rules: DEFAULT_MUSIC_RULES,
  playlists: {},
  sessionTracks: [],
  pastSessions: [],
});

export const positionOf = (p: Playback): PlaybackPosition => {
  switch (p.status) {
    case 'idle':
      return { startedAt: null, offsetMs: 0, paused: false };
    case 'starting':
      return { startedAt: null, offsetMs: p.offsetMs, paused: false };
    case 'playing':
      return { startedAt: p.startedAt, offsetMs: p.offsetMs, paused: false };
    case 'paused':
      return { startedAt: null, offsetMs: p.offsetMs, paused: true };
  }
};

/** Where the track is at `now` (ms), clamped to its length when known. */
export const offsetAt = (p: Playback, now: string, durationMs: number | null): number => {
  const raw = p.status === 'playing' ? p.offsetMs + Math.max(0, Date.parse(now) - Date.parse(p.startedAt)) : p.status === 'idle' ? 0 : p.offsetMs;
  return durationMs === null ? raw : Math.min(raw, durationMs);
};

/**
 * What plays after `from` leaves the current slot. `finished` with loop `track` plays it again;
 * loop `queue` sends it to the back of the queue; otherwise it goes to `played`.
 */
export const advance = (
  s: MusicSessionState,
  how: 'finished' | 'skipped' | 'failed',
): Pick<MusicSessionState, 'current' | 'queue' | 'played' | 'playback' | 'skipVotes'> => {
  const from = s.current;
  if (from && how === 'finished' && s.loop === 'track') {
    return { current: from, queue: s.queue, played: s.played, playback: { status: 'starting', offsetMs: 0 }, skipVotes: null };
  }
  const queue = from && s.loop === 'queue' && how !== 'failed' ? [...s.queue, from] : [...s.queue];
  const played = from && !(s.loop === 'queue' && how !== 'failed') ? [...s.played, from].slice(-MAX_PLAYED) : s.played;
  const current = queue.shift() ?? null;
  return { current, queue, played, playback: current ? { status: 'starting', offsetMs: 0 } : { status: 'idle' }, skipVotes: null };
};

/** The entry that would play after the current one leaves it. */
export const nextEntryId = (s: MusicSessionState, how: 'finished' | 'skipped' | 'failed'): string | null => advance(s, how).current?.entryId ?? null;

const pushUndo = (s: MusicSessionState, item: UndoItem): readonly UndoItem[] => [...s.undo, item].slice(-MAX_UNDO);

const withoutIds = (queue: readonly QueueEntry[], ids: ReadonlySet<string>) => queue.filter((q) => !ids.has(q.entryId));

/** Queued entries: the first becomes the current one when nothing plays. */
const enqueue = (s: MusicSessionState, entries: readonly QueueEntry[], placement: 'end' | 'next'): Pick<MusicSessionState, 'current' | 'queue' | 'playback'> => {
  const queue = placement === 'next' ? [...entries, ...s.queue] : [...s.queue, ...entries];
  if (s.current !== null) return { current: s.current, queue, playback: s.playback };
  const [current = null, ...rest] = queue;
  return { current, queue: rest, playback: current ? { status: 'starting', offsetMs: 0 } : { status: 'idle' } };
};

const describeTrack = (t: TrackRef): string => (t.artist ? `${t.title} (${t.artist})` : t.title);

export const evolveMusicSession = (s: MusicSessionState, e: MusicSessionEvent): MusicSessionState => {
  switch (e.type) {
    case 'MusicSessionStarted':
      return { ...s, sessionNumber: e.data.sessionNumber, active: true, channelId: e.data.channelId, startedAt: e.data.at, current: null, queue: [], played: [], playback: { status: 'idle' }, skipVotes: null, undo: [], sessionTracks: [] };
    case 'MusicSessionEnded': {
      const past: PastSession = { sessionNumber: e.data.sessionNumber, startedAt: s.startedAt ?? e.data.at, endedAt: e.data.at, tracks: s.sessionTracks };
      return {
        ...s,
        active: false,
        current: null,
        queue: [],
        played: [],
        playback: { status: 'idle' },
        skipVotes: null,
        undo: [],
        sessionTracks: [],
        pastSessions: [...s.pastSessions, past].slice(-MAX_PAST_SESSIONS),
      };
    }
    case 'TrackQueued':
      return {
        ...s,
        ...enqueue(s, [e.data.entry], e.data.placement),
        undo: pushUndo(s, { kind: 'TrackQueued', summary: `queued ${describeTrack(e.data.entry.track)}`, by: e.data.by, added: [e.data.entry.entryId], removed: [], orderBefore: null }),
      };
    case 'PlaylistLoaded':
      return {
        ...s,
        ...enqueue(s, e.data.entries, 'end'),
        undo: pushUndo(s, { kind: 'PlaylistLoaded', summary: `loaded the playlist ${e.data.name}`, by: e.data.by, added: e.data.entries.map((x) => x.entryId), removed: [], orderBefore: null }),
      };
    case 'QueueEntryRemoved': {
      const removed = s.queue.find((q) => q.entryId === e.data.entryId);
      return {
        ...s,
        queue: withoutIds(s.queue, new Set([e.data.entryId])),
        undo: removed ? pushUndo(s, { kind: 'QueueEntryRemoved', summary: `removed ${describeTrack(e.data.track)}`, by: e.data.by, added: [], removed: [{ entry: removed, index: e.data.index }], orderBefore: null }) : s.undo,
      };
    }
    case 'QueueEntryMoved': {
      const moving = s.queue.find((q) => q.entryId === e.data.entryId);
      if (!moving) return s;
      const queue = withoutIds(s.queue, new Set([e.data.entryId]));
      queue.splice(e.data.toIndex, 0, moving);
      return {
        ...s,
        queue,
        undo: pushUndo(s, { kind: 'QueueEntryMoved', summary: `moved ${describeTrack(e.data.track)} to position ${e.data.toIndex + 1}`, by: e.data.by, added: [], removed: [], orderBefore: s.queue.map((q) => q.entryId) }),
      };
    }
    case 'QueueCleared':
      return {
        ...s,
        queue: [],
        undo: pushUndo(s, { kind: 'QueueCleared', summary: `cleared the queue`, by: e.data.by, added: [], removed: s.queue.map((entry, index) => ({ entry, index })), orderBefore: null }),
      };
    case 'QueueShuffled': {
      const byId = new Map(s.queue.map((q) => [q.entryId, q]));
      return {
        ...s,
        queue: e.data.order.flatMap((id) => byId.get(id) ?? []),
        undo: pushUndo(s, { kind: 'QueueShuffled', summary: 'shuffled the queue', by: e.data.by, added: [], removed: [], orderBefore: e.data.previousOrder }),
      };
    }
    case 'QueueActionUndone': {
      const byId = new Map([...s.queue, ...e.data.restored].map((q) => [q.entryId, q]));
      return { ...s, queue: e.data.order.flatMap((id) => byId.get(id) ?? []), undo: s.undo.slice(0, -1) };
    }
    case 'SkipVoteCast': {
      const voters = s.skipVotes?.entryId === e.data.entryId ? s.skipVotes.voters : [];
      return { ...s, skipVotes: { entryId: e.data.entryId, voters: [...voters, e.data.by.id] } };
    }
    case 'TrackSkipped':
      return { ...s, ...advance(s, 'skipped') };
    case 'TrackFinished':
      return { ...s, ...advance(s, 'finished') };
    case 'TrackFailed':
      return { ...s, ...advance(s, 'failed') };
    case 'PreviousTrackSelected': {
      const previous = s.played.at(-1);
      if (!previous) return s;
      return {
        ...s,
        current: previous,
        played: s.played.slice(0, -1),
        queue: s.current ? [s.current, ...s.queue] : s.queue,
        playback: { status: 'starting', offsetMs: 0 },
        skipVotes: null,
      };
    }
    case 'PlaybackPaused':
      return { ...s, playback: { status: 'paused', offsetMs: e.data.offsetMs } };
    case 'PlaybackResumed':
      return { ...s, playback: { status: 'playing', startedAt: e.data.at, offsetMs: e.data.offsetMs } };
    case 'PlaybackSeeked':
      return {
        ...s,
        playback: s.playback.status === 'paused' ? { status: 'paused', offsetMs: e.data.offsetMs } : { status: 'starting', offsetMs: e.data.offsetMs },
      };
    case 'TrackStarted':
      return {
        ...s,
        playback: { status: 'playing', startedAt: e.data.startedAt, offsetMs: e.data.offsetMs },
        sessionTracks: e.data.offsetMs === 0 ? [...s.sessionTracks, e.data.track].slice(-MAX_SESSION_TRACKS) : s.sessionTracks,
      };
    case 'VolumeChanged':
      return { ...s, volume: e.data.volume };
    case 'LoopModeChanged':
      return { ...s, loop: e.data.mode };
    case 'MusicRulesChanged':
      return { ...s, rules: e.data.rules };
    case 'PlaylistSaved':
      return { ...s, playlists: { ...s.playlists, [playlistKey(e.data.name)]: { name: e.data.name, tracks: e.data.tracks, savedBy: e.data.by, savedAt: e.data.at } } };
    case 'PlaylistDeleted': {
      const { [playlistKey(e.data.name)]: _gone, ...rest } = s.playlists;
      return { ...s, playlists: rest };
    }
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};
