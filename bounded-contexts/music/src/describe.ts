import type { TrackRef } from './music-schemas.js';
import type { MusicSessionEvent } from './session/events.js';

/** m:ss (h:mm:ss past an hour). */
export const formatPosition = (ms: number): string => {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
};

const t = (track: TrackRef): string => (track.artist ? `${track.title} by ${track.artist}` : track.title);

/**
 * One line of the attributed history: `who` is the actor's name for people's actions ("Fuzzy
 * River skipped Demo 2 — …") and null for the player's own facts ("Demo 2 — … finished").
 */
export type HistoryLine = Readonly<{ attributed: boolean; text: string }>;

export const describeMusicEvent = (e: MusicSessionEvent): HistoryLine | null => {
  const who = (text: string): HistoryLine => ({ attributed: true, text });
  const fact = (text: string): HistoryLine => ({ attributed: false, text });
  switch (e.type) {
    case 'MusicSessionStarted':
      return who(`started music session #${e.data.sessionNumber}`);
    case 'MusicSessionEnded':
      return e.data.reason === 'stopped' ? who('stopped the music') : fact(`The music stopped: ${e.data.detail ?? e.data.reason}`);
    case 'TrackQueued':
      return who(`queued ${t(e.data.entry.track)}${e.data.placement === 'next' ? ' to play next' : ''}`);
    case 'PlaylistLoaded':
      return who(`loaded the playlist ${e.data.name} (${e.data.entries.length} tracks)`);
    case 'QueueEntryRemoved':
      return who(`removed ${t(e.data.track)} from the queue`);
    case 'QueueEntryMoved':
      return who(`moved ${t(e.data.track)} to position ${e.data.toIndex + 1}`);
    case 'QueueCleared':
      return who(`cleared the queue (${e.data.entries.length} tracks)`);
    case 'QueueShuffled':
      return who('shuffled the queue');
    case 'QueueActionUndone':
      return who(`undid “${e.data.summary}”`);
    case 'SkipVoteCast':
      return who(`voted to skip (${e.data.votes}/${e.data.needed})`);
    case 'TrackSkipped':
      return who(`skipped ${t(e.data.track)}`);
    case 'PreviousTrackSelected':
      return who(`went back to ${t(e.data.track)}`);
    case 'PlaybackPaused':
      return who(`paused at ${formatPosition(e.data.offsetMs)}`);
    case 'PlaybackResumed':
      return who(`resumed at ${formatPosition(e.data.offsetMs)}`);
    case 'PlaybackSeeked':
      return who(`jumped from ${formatPosition(e.data.fromMs)} to ${formatPosition(e.data.offsetMs)}`);
    case 'VolumeChanged':
      return who(`set the volume to ${e.data.volume} %`);
    case 'LoopModeChanged':
      return who(e.data.mode === 'off' ? 'turned looping off' : `set loop to the ${e.data.mode}`);
    case 'MusicRulesChanged':
      return who('changed the music rules');
    case 'PlaylistSaved':
      return who(`${e.data.replaced ? 'replaced' : 'saved'} the playlist ${e.data.name} (${e.data.tracks.length} tracks)`);
    case 'PlaylistDeleted':
      return who(`deleted the playlist ${e.data.name}`);
    case 'TrackStarted':
      return e.data.offsetMs === 0 ? fact(`Now playing ${t(e.data.track)}`) : null;
    case 'TrackFinished':
      return null;
    case 'TrackFailed':
      return fact(`${t(e.data.track)} could not be played: ${e.data.reason}`);
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};
