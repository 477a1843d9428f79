import type { Decider } from '@guildhall/kernel';
import { musicCommandCatalogue, type MusicCommandNeed } from '../command-catalogue.js';
import { MusicErrorCodes as E, reject } from '../music-errors.js';
import { levelAtLeast, playlistKey, type Invoker, type QueueEntry, type TrackRef } from '../music-schemas.js';
import type { MusicSessionCommand } from './commands.js';
import type { MusicSessionEvent } from './events.js';
import { evolveMusicSession, initialMusicSession, nextEntryId, offsetAt, type MusicSessionState } from './state.js';

type Of<T extends MusicSessionCommand['type']> = Extract<MusicSessionCommand, { type: T }>;
type Ev = MusicSessionEvent[];

/** Hosts whose pages are not audio files: Guildhall plays files, not streaming sites. */
const STREAMING_HOSTS = /(^|\.)(youtube\.com|youtu\.be|youtube-nocookie\.com|spotify\.com|soundcloud\.com|twitch\.tv|deezer\.com|music\.apple\.com|tidal\.com|bandcamp\.com|vimeo\.com)$/i;

const by = (c: MusicSessionCommand) => ({ by: c.meta.actor, at: c.meta.now });
const title = (t: TrackRef) => t.title;

const isDj = (s: MusicSessionState, inv: Invoker): boolean =>
  levelAtLeast(inv.level, 'moderator') || s.rules.djRoleId === null || inv.roleIds.includes(s.rules.djRoleId);

/**
 * The guild's rules for who may do what (see the catalogue): the web control level for the
 * dashboard and API, the voice channel for Discord, the DJ role, ownership of an entry.
 * `owner` is the actor id that owns what the command touches (an entry, the last action).
 */
const authorize = (c: MusicSessionCommand, s: MusicSessionState, inv: Invoker | null, owner: string | null = null): void => {
  const need: MusicCommandNeed = musicCommandCatalogue[c.type].needs;
  const { actor, source } = c.meta;
  if (need === 'player') return;
  if (inv === null || actor.kind === 'system') return;
  if (need === 'manager') {
    if (!levelAtLeast(inv.level, 'manager')) reject(E.RULES_FORBIDDEN, 'changing the music rules needs the manager level (Manage Server)');
    return;
  }
  if ((source === 'web' || source === 'api') && !levelAtLeast(inv.level, s.rules.webControlLevel)) {
    reject(E.WEB_CONTROL_FORBIDDEN, `controlling music from the web needs the ${s.rules.webControlLevel} level in this server`, { needed: s.rules.webControlLevel, level: inv.level });
  }
  if (source === 'slash-command' && s.active && c.type !== 'SavePlaylist' && inv.voiceChannelId !== s.channelId && !levelAtLeast(inv.level, 'moderator')) {
    reject(E.NOT_IN_VOICE_CHANNEL, `join <#${s.channelId}> to control the music`, { channelId: s.channelId });
  }
  if (need === 'dj' || (need === 'owner-or-dj' && owner !== actor.id)) {
    if (!isDj(s, inv)) reject(E.DJ_ONLY, `only members with the DJ role may do that here`, { djRoleId: s.rules.djRoleId });
  }
};

const requireActive = (s: MusicSessionState): void => {
  if (!s.active) reject(E.NOT_PLAYING, 'no music is playing in this server; /play something first');
};

const requireCurrent = (s: MusicSessionState): QueueEntry => {
  requireActive(s);
  return s.current ?? reject(E.NOT_PLAYING, 'nothing is playing right now');
};

const checkTrack = (s: MusicSessionState, t: TrackRef): void => {
  if (t.origin === 'url') {
    let url: URL | null = null;
    try {
      url = new URL(t.location);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) reject(E.UNSUPPORTED_URL, `"${t.location}" is not an http(s) URL`);
    if (STREAMING_HOSTS.test(url!.hostname)) reject(E.UNSUPPORTED_URL, `${url!.hostname} is a streaming site; Guildhall plays audio files only`, { host: url!.hostname });
  }
  const max = s.rules.maxTrackDurationMs;
  if (max !== null && t.durationMs !== null && t.durationMs > max) {
    reject(E.TRACK_TOO_LONG, `${t.title} lasts ${Math.round(t.durationMs / 1000)} s; this server allows tracks up to ${Math.round(max / 1000)} s`, { durationMs: t.durationMs, maxTrackDurationMs: max });
  }
};

const checkRoom = (s: MusicSessionState, adding: number): void => {
  const length = s.queue.length + (s.current ? 1 : 0);
  if (length + adding > s.rules.maxQueueLength) {
    reject(E.QUEUE_FULL, `the queue holds at most ${s.rules.maxQueueLength} tracks (it has ${length})`, { maxQueueLength: s.rules.maxQueueLength, length });
  }
};

/** A session in the invoker's voice channel (or the one asked for) when none runs. */
const startIfIdle = (c: Of<'QueueTrack' | 'LoadPlaylist'>, s: MusicSessionState): Ev => {
  if (s.active) return [];
  const channelId = c.data.channelId ?? c.data.invoker.voiceChannelId;
  if (channelId === null) reject(E.NOT_IN_VOICE_CHANNEL, 'join a voice channel first: the music plays where you are');
  return [{ type: 'MusicSessionStarted', data: { sessionNumber: s.sessionNumber + 1, channelId: channelId!, ...by(c) } }];
};

const entryOf = (c: MusicSessionCommand, track: TrackRef, i = 0): QueueEntry => ({
  entryId: i === 0 ? c.meta.commandId : `${c.meta.commandId}-${i}`,
  track,
  queuedBy: c.meta.actor,
  source: c.meta.source,
  queuedAt: c.meta.now,
});

/** A 1-based position or an entry id → the entry and its index in the upcoming queue. */
const locate = (s: MusicSessionState, sel: { entryId?: string | undefined; position?: number | undefined }): { entry: QueueEntry; index: number } => {
  const index = sel.entryId !== undefined ? s.queue.findIndex((q) => q.entryId === sel.entryId) : (sel.position ?? 0) - 1;
  const entry = s.queue[index];
  if (index < 0 || !entry) {
    return reject(E.NOT_IN_QUEUE, sel.entryId !== undefined ? 'that track is no longer in the queue' : `there is no track at position ${sel.position} (the queue has ${s.queue.length})`, { length: s.queue.length });
  }
  return { entry, index };
};

/** Deterministic Fisher-Yates with mulberry32 from the command's seed, so evolve stays a pure fold. */
export const shuffledOrder = <T>(items: readonly T[], seed: number): T[] => {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

const queueTrack = (c: Of<'QueueTrack'>, s: MusicSessionState): Ev => {
  authorize(c, s, c.data.invoker);
  checkTrack(s, c.data.track);
  checkRoom(s, 1);
  return [...startIfIdle(c, s), { type: 'TrackQueued', data: { entry: entryOf(c, c.data.track), placement: c.data.placement, ...by(c) } }];
};

const loadPlaylist = (c: Of<'LoadPlaylist'>, s: MusicSessionState): Ev => {
  authorize(c, s, c.data.invoker);
  const p = s.playlists[playlistKey(c.data.name)] ?? reject(E.PLAYLIST_NOT_FOUND, `no playlist named "${c.data.name}"`, { name: c.data.name });
  if (p.tracks.length === 0) reject(E.PLAYLIST_EMPTY, `the playlist ${p.name} is empty`);
  const room = s.rules.maxQueueLength - s.queue.length - (s.current ? 1 : 0);
  if (room <= 0) checkRoom(s, 1);
  const max = s.rules.maxTrackDurationMs;
  const tracks = p.tracks.filter((t) => max === null || t.durationMs === null || t.durationMs <= max).slice(0, room);
  if (tracks.length === 0) reject(E.TRACK_TOO_LONG, `every track of ${p.name} is longer than this server allows`);
  return [...startIfIdle(c, s), { type: 'PlaylistLoaded', data: { name: p.name, entries: tracks.map((t, i) => entryOf(c, t, i)), ...by(c) } }];
};

const removeEntry = (c: Of<'RemoveQueueEntry'>, s: MusicSessionState): Ev => {
  requireActive(s);
  const { entry, index } = locate(s, c.data);
  authorize(c, s, c.data.invoker, entry.queuedBy.id);
  return [{ type: 'QueueEntryRemoved', data: { entryId: entry.entryId, index, track: entry.track, ...by(c) } }];
};

const moveEntry = (c: Of<'MoveQueueEntry'>, s: MusicSessionState): Ev => {
  requireActive(s);
  authorize(c, s, c.data.invoker);
  const { entry, index } = locate(s, { entryId: c.data.entryId, position: c.data.from });
  const toIndex = Math.min(c.data.to, s.queue.length) - 1;
  if (toIndex === index) return [];
  return [{ type: 'QueueEntryMoved', data: { entryId: entry.entryId, fromIndex: index, toIndex, track: entry.track, ...by(c) } }];
};

const clearQueue = (c: Of<'ClearQueue'>, s: MusicSessionState): Ev => {
  requireActive(s);
  authorize(c, s, c.data.invoker);
  if (s.queue.length === 0) return [];
  return [{ type: 'QueueCleared', data: { entries: [...s.queue], ...by(c) } }];
};

const shuffleQueue = (c: Of<'ShuffleQueue'>, s: MusicSessionState): Ev => {
  requireActive(s);
  authorize(c, s, c.data.invoker);
  if (s.queue.length < 2) reject(E.QUEUE_TOO_SHORT, 'there is nothing to shuffle: the queue needs two tracks or more');
  const previousOrder = s.queue.map((q) => q.entryId);
  return [{ type: 'QueueShuffled', data: { seed: c.data.seed, order: shuffledOrder(previousOrder, c.data.seed), previousOrder, ...by(c) } }];
};

const undo = (c: Of<'UndoLastQueueAction'>, s: MusicSessionState): Ev => {
  requireActive(s);
  const last = s.undo.at(-1) ?? reject(E.NOTHING_TO_UNDO, 'there is no queue action to undo');
  authorize(c, s, c.data.invoker, last.by.id);
  const added = new Set(last.added);
  if (last.kind === 'TrackQueued' && !s.queue.some((q) => added.has(q.entryId))) {
    reject(E.UNDO_STALE, `cannot undo "${last.summary}": the track is already playing or played; skip it instead`);
  }
  let order = s.queue.map((q) => q.entryId).filter((id) => !added.has(id));
  const restored = last.removed.filter((r) => r.entry.entryId !== s.current?.entryId && !order.includes(r.entry.entryId));
  for (const r of [...restored].sort((a, b) => a.index - b.index)) order.splice(Math.min(r.index, order.length), 0, r.entry.entryId);
  if (last.orderBefore) {
    const present = new Set(order);
    const before = last.orderBefore.filter((id) => present.has(id));
    const rest = order.filter((id) => !last.orderBefore!.includes(id));
    order = [...before, ...rest];
  }
  return [{ type: 'QueueActionUndone', data: { undone: last.kind, summary: last.summary, order, restored: restored.map((r) => r.entry), ...by(c) } }];
};

const skip = (c: Of<'SkipTrack'>, s: MusicSessionState): Ev => {
  const current = requireCurrent(s);
  if (c.data.entryId !== null && c.data.entryId !== current.entryId) {
    reject(E.NOT_CURRENT_TRACK, 'that track is no longer playing: someone skipped it already', { currentEntryId: current.entryId });
  }
  authorize(c, s, c.data.invoker);
  const inv = c.data.invoker;
  const skipped: MusicSessionEvent = { type: 'TrackSkipped', data: { entryId: current.entryId, track: current.track, nextEntryId: nextEntryId(s, 'skipped'), ...by(c) } };
  const listeners = inv.listenerCount ?? 1;
  if (c.meta.actor.kind === 'system' || isDj(s, inv) || current.queuedBy.id === c.meta.actor.id || listeners <= 1) return [skipped];
  const voters = s.skipVotes?.entryId === current.entryId ? s.skipVotes.voters : [];
  if (voters.includes(c.meta.actor.id)) reject(E.ALREADY_VOTED, 'you already voted to skip this track');
  const needed = Math.max(1, Math.ceil(listeners * s.rules.voteSkipShare));
  const votes = voters.length + 1;
  const vote: MusicSessionEvent = { type: 'SkipVoteCast', data: { entryId: current.entryId, votes, needed, ...by(c) } };
  return votes >= needed ? [vote, skipped] : [vote];
};

const previous = (c: Of<'PreviousTrack'>, s: MusicSessionState): Ev => {
  requireActive(s);
  authorize(c, s, c.data.invoker);
  const last = s.played.at(-1) ?? reject(E.NOTHING_PREVIOUS, 'no track was played before this one in this session');
  return [{ type: 'PreviousTrackSelected', data: { entryId: last.entryId, track: last.track, replacedEntryId: s.current?.entryId ?? null, ...by(c) } }];
};

const pause = (c: Of<'PausePlayback'>, s: MusicSessionState): Ev => {
  const current = requireCurrent(s);
  authorize(c, s, c.data.invoker);
  if (s.playback.status === 'paused') reject(E.ALREADY_PAUSED, 'the music is already paused');
  return [{ type: 'PlaybackPaused', data: { entryId: current.entryId, offsetMs: offsetAt(s.playback, c.meta.now, current.track.durationMs), ...by(c) } }];
};

const resume = (c: Of<'ResumePlayback'>, s: MusicSessionState): Ev => {
  const current = requireCurrent(s);
  authorize(c, s, c.data.invoker);
  if (s.playback.status !== 'paused') reject(E.NOT_PAUSED, 'the music is not paused');
  return [{ type: 'PlaybackResumed', data: { entryId: current.entryId, offsetMs: offsetAt(s.playback, c.meta.now, current.track.durationMs), ...by(c) } }];
};

const seek = (c: Of<'SeekPlayback'>, s: MusicSessionState): Ev => {
  const current = requireCurrent(s);
  authorize(c, s, c.data.invoker);
  const length = current.track.durationMs;
  if (length !== null && c.data.positionMs >= length) {
    reject(E.SEEK_PAST_END, `${title(current.track)} is ${Math.floor(length / 1000)} s long`, { durationMs: length, positionMs: c.data.positionMs });
  }
  return [{ type: 'PlaybackSeeked', data: { entryId: current.entryId, offsetMs: c.data.positionMs, fromMs: offsetAt(s.playback, c.meta.now, length), ...by(c) } }];
};

const setVolume = (c: Of<'SetVolume'>, s: MusicSessionState): Ev => {
  requireActive(s);
  authorize(c, s, c.data.invoker);
  if (c.data.volume === s.volume) return [];
  return [{ type: 'VolumeChanged', data: { volume: c.data.volume, previous: s.volume, ...by(c) } }];
};

const setLoop = (c: Of<'SetLoopMode'>, s: MusicSessionState): Ev => {
  requireActive(s);
  authorize(c, s, c.data.invoker);
  if (c.data.mode === s.loop) return [];
  return [{ type: 'LoopModeChanged', data: { mode: c.data.mode, ...by(c) } }];
};

const endSession = (c: Of<'EndMusicSession'>, s: MusicSessionState): Ev => {
  if (!s.active) return [];
  authorize(c, s, c.data.invoker);
  return [{ type: 'MusicSessionEnded', data: { sessionNumber: s.sessionNumber, reason: 'stopped', detail: null, ...by(c) } }];
};

const setRules = (c: Of<'SetMusicRules'>, s: MusicSessionState): Ev => {
  authorize(c, s, c.data.invoker);
  if (JSON.stringify(c.data.rules) === JSON.stringify(s.rules)) return [];
  return [{ type: 'MusicRulesChanged', data: { rules: c.data.rules, ...by(c) } }];
};

const savePlaylist = (c: Of<'SavePlaylist'>, s: MusicSessionState): Ev => {
  authorize(c, s, c.data.invoker);
  const from = c.data.from;
  let tracks: TrackRef[];
  let fromSession: number | null = null;
  if (from.kind === 'queue') {
    tracks = [...(s.current ? [s.current] : []), ...s.queue].map((q) => q.track);
  } else {
    const past = from.sessionNumber === s.sessionNumber && s.active ? { tracks: s.sessionTracks } : s.pastSessions.find((p) => p.sessionNumber === from.sessionNumber);
    if (!past) return reject(E.SESSION_NOT_FOUND, `no session #${from.sessionNumber} is remembered (the last ${s.pastSessions.length} are)`);
    tracks = [...past.tracks];
    fromSession = from.sessionNumber;
  }
  if (tracks.length === 0) reject(E.PLAYLIST_EMPTY, from.kind === 'queue' ? 'the queue is empty: nothing to save' : 'no track played in that session');
  const replaced = Object.hasOwn(s.playlists, playlistKey(c.data.name));
  return [{ type: 'PlaylistSaved', data: { name: c.data.name, tracks, fromSession, replaced, ...by(c) } }];
};

const deletePlaylist = (c: Of<'DeletePlaylist'>, s: MusicSessionState): Ev => {
  authorize(c, s, c.data.invoker);
  const p = s.playlists[playlistKey(c.data.name)] ?? reject(E.PLAYLIST_NOT_FOUND, `no playlist named "${c.data.name}"`);
  return [{ type: 'PlaylistDeleted', data: { name: p.name, ...by(c) } }];
};

/** Player facts about an entry that is no longer current are stale (a skip won the race): nothing to record. */
const currentIs = (s: MusicSessionState, entryId: string): QueueEntry | null => (s.active && s.current?.entryId === entryId ? s.current : null);

const trackStarted = (c: Of<'RecordTrackStarted'>, s: MusicSessionState): Ev => {
  const current = currentIs(s, c.data.entryId);
  if (!current || s.playback.status === 'paused') return [];
  if (s.playback.status === 'playing' && s.playback.startedAt === c.data.startedAt && s.playback.offsetMs === c.data.offsetMs) return [];
  return [{ type: 'TrackStarted', data: { entryId: current.entryId, track: current.track, startedAt: c.data.startedAt, offsetMs: c.data.offsetMs, ...by(c) } }];
};

const trackFinished = (c: Of<'RecordTrackFinished'>, s: MusicSessionState): Ev => {
  const current = currentIs(s, c.data.entryId);
  if (!current) return [];
  return [{ type: 'TrackFinished', data: { entryId: current.entryId, track: current.track, nextEntryId: nextEntryId(s, 'finished'), ...by(c) } }];
};

const trackFailed = (c: Of<'RecordTrackFailed'>, s: MusicSessionState): Ev => {
  const current = currentIs(s, c.data.entryId);
  if (!current) return [];
  return [{ type: 'TrackFailed', data: { entryId: current.entryId, track: current.track, reason: c.data.reason, nextEntryId: nextEntryId(s, 'failed'), ...by(c) } }];
};

const playerDisconnected = (c: Of<'RecordPlayerDisconnected'>, s: MusicSessionState): Ev =>
  s.active ? [{ type: 'MusicSessionEnded', data: { sessionNumber: s.sessionNumber, reason: 'disconnected', detail: c.data.reason, ...by(c) } }] : [];

export const decideMusicSession = (c: MusicSessionCommand, s: MusicSessionState): Ev => {
  switch (c.type) {
    case 'QueueTrack':
      return queueTrack(c, s);
    case 'LoadPlaylist':
      return loadPlaylist(c, s);
    case 'SavePlaylist':
      return savePlaylist(c, s);
    case 'DeletePlaylist':
      return deletePlaylist(c, s);
    case 'RemoveQueueEntry':
      return removeEntry(c, s);
    case 'MoveQueueEntry':
      return moveEntry(c, s);
    case 'ClearQueue':
      return clearQueue(c, s);
    case 'ShuffleQueue':
      return shuffleQueue(c, s);
    case 'UndoLastQueueAction':
      return undo(c, s);
    case 'SkipTrack':
      return skip(c, s);
    case 'PreviousTrack':
      return previous(c, s);
    case 'PausePlayback':
      return pause(c, s);
    case 'ResumePlayback':
      return resume(c, s);
    case 'SeekPlayback':
      return seek(c, s);
    case 'SetVolume':
      return setVolume(c, s);
    case 'SetLoopMode':
      return setLoop(c, s);
    case 'EndMusicSession':
      return endSession(c, s);
    case 'SetMusicRules':
      return setRules(c, s);
    case 'RecordTrackStarted':
      return trackStarted(c, s);
    case 'RecordTrackFinished':
      return trackFinished(c, s);
    case 'RecordTrackFailed':
      return trackFailed(c, s);
    case 'RecordPlayerDisconnected':
      return playerDisconnected(c, s);
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const musicSessionDecider: Decider<MusicSessionState, MusicSessionCommand, MusicSessionEvent> = {
  decide: decideMusicSession,
  evolve: evolveMusicSession,
  initialState: initialMusicSession,
};
