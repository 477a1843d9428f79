import type { LoopMode, MusicLibraryState, TrackRef } from '@guildhall/music';
import { findLibraryTracks, trackRefOf } from '@guildhall/music';
import { createHash } from 'node:crypto';
import type { MusicCommandName } from './music-definitions.js';

/** The option values of a music slash command, as the interaction gave them. */
export type MusicOptions = Readonly<{
  subcommand: string | null;
  query: string | null;
  level: number | null;
  position: string | number | null;
  mode: string | null;
  from: number | null;
  to: number | null;
  name: string | null;
}>;

/** What a music slash command asks: a music command (type + payload without the invoker), or a read, or a refusal for the invoker. */
export type MusicRequest =
  | Readonly<{ kind: 'command'; type: string; payload: Record<string, unknown>; describe: string }>
  | Readonly<{ kind: 'show'; what: 'queue' | 'nowplaying' }>
  | Readonly<{ error: string }>;

/** "1:30", "01:02:03", "90", "90s", "1m30s" → milliseconds; null when it is none of these. */
export const parsePosition = (text: string): number | null => {
  const t = text.trim().toLowerCase();
  if (/^\d{1,5}$/.test(t)) return Number(t) * 1000;
  const clock = /^(?:(\d{1,2}):)?(\d{1,3}):(\d{2})$/.exec(t);
  if (clock) return ((Number(clock[1] ?? 0) * 60 + Number(clock[2])) * 60 + Number(clock[3])) * 1000;
  const units = /^(?:(\d{1,2})h)?(?:(\d{1,3})m)?(?:(\d{1,5})s)?$/.exec(t);
  if (units && (units[1] || units[2] || units[3])) return ((Number(units[1] ?? 0) * 60 + Number(units[2] ?? 0)) * 60 + Number(units[3] ?? 0)) * 1000;
  return null;
};

const isUrl = (q: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(q.trim());

/** A URL the member gave: the decider refuses non-http(s) and streaming sites with a clear reason. */
export const urlTrack = (url: string): TrackRef => {
  let title = url;
  try {
    const u = new URL(url);
    title = decodeURIComponent(u.pathname.split('/').filter(Boolean).pop() ?? '') || u.hostname;
  } catch {
    title = url.slice(0, 200);
  }
  return { trackId: `url-${createHash('sha256').update(url).digest('hex').slice(0, 24)}`, title: title.slice(0, 200) || 'Audio URL', artist: null, durationMs: null, origin: 'url', location: url };
};

/**
 * Builds the music command of a slash command. `/play` resolves its query against the guild's
 * library (the event store's, passed in) or takes it as a URL; an unknown query is refused here.
 */
export const musicRequest = (name: MusicCommandName, o: MusicOptions, library: MusicLibraryState | null, seed: number): MusicRequest => {
  switch (name) {
    case 'play': {
      const q = (o.query ?? '').trim();
      if (!q) return { error: 'Tell me what to play: words of a title, or an audio file URL.' };
      if (isUrl(q)) return { kind: 'command', type: 'QueueTrack', payload: { track: urlTrack(q) }, describe: q };
      const [best] = findLibraryTracks(library ?? { tracks: {} }, q, 1);
      if (!best) return { error: `Nothing in the library matches “${q.slice(0, 100)}”. Try other words, or an audio file URL.` };
      const track = trackRefOf(best);
      return { kind: 'command', type: 'QueueTrack', payload: { track }, describe: track.title };
    }
    case 'skip':
      return { kind: 'command', type: 'SkipTrack', payload: {}, describe: '' };
    case 'previous':
      return { kind: 'command', type: 'PreviousTrack', payload: {}, describe: '' };
    case 'pause':
      return { kind: 'command', type: 'PausePlayback', payload: {}, describe: '' };
    case 'resume':
      return { kind: 'command', type: 'ResumePlayback', payload: {}, describe: '' };
    case 'stop':
      return { kind: 'command', type: 'EndMusicSession', payload: {}, describe: '' };
    case 'queue':
      return { kind: 'show', what: 'queue' };
    case 'nowplaying':
      return { kind: 'show', what: 'nowplaying' };
    case 'volume':
      if (o.level === null || o.level < 0 || o.level > 200) return { error: 'The volume is a percentage from 0 to 200.' };
      return { kind: 'command', type: 'SetVolume', payload: { volume: o.level }, describe: `${o.level} %` };
    case 'seek': {
      const ms = parsePosition(String(o.position ?? ''));
      if (ms === null) return { error: `“${String(o.position ?? '')}” is not a position: use 1:30, 90 or 1m30s.` };
      return { kind: 'command', type: 'SeekPlayback', payload: { positionMs: ms }, describe: String(o.position) };
    }
    case 'loop': {
      const mode = o.mode as LoopMode | null;
      if (mode !== 'off' && mode !== 'track' && mode !== 'queue') return { error: 'Loop mode is off, track or queue.' };
      return { kind: 'command', type: 'SetLoopMode', payload: { mode }, describe: mode };
    }
    case 'shuffle':
      return { kind: 'command', type: 'ShuffleQueue', payload: { seed }, describe: '' };
    case 'remove':
      if (typeof o.position !== 'number') return { error: 'Give the position of the track in /queue.' };
      return { kind: 'command', type: 'RemoveQueueEntry', payload: { position: o.position }, describe: `#${o.position}` };
    case 'move':
      if (o.from === null || o.to === null) return { error: 'Give the position now (from) and the new one (to).' };
      return { kind: 'command', type: 'MoveQueueEntry', payload: { from: o.from, to: o.to }, describe: `#${o.from} → #${o.to}` };
    case 'playlist': {
      const n = (o.name ?? '').trim();
      if (!n) return { error: 'A playlist needs a name.' };
      if (o.subcommand === 'save') return { kind: 'command', type: 'SavePlaylist', payload: { name: n }, describe: n };
      if (o.subcommand === 'load') return { kind: 'command', type: 'LoadPlaylist', payload: { name: n }, describe: n };
      return { error: 'Use /playlist save or /playlist load.' };
    }
  }
};
