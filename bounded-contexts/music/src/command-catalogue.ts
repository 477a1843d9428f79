import type { MusicSessionCommandType } from './session/commands.js';

/**
 * Who may send a music command:
 * - `listener`: anyone allowed to control music at all (in the session's voice channel from Discord;
 *   at the guild's web control level from the dashboard);
 * - `owner-or-dj`: a DJ, or the member who queued the entry / did the last action;
 * - `vote`: a DJ skips at once; other listeners cast a vote-skip;
 * - `dj`: the DJ role (or moderators) when the guild has one, else any listener;
 * - `manager`: the manager level;
 * - `player`: only the player's driver (actor system), never a person.
 */
export type MusicCommandNeed = 'listener' | 'owner-or-dj' | 'vote' | 'dj' | 'manager' | 'player';

export type MusicCommandInfo = Readonly<{ needs: MusicCommandNeed; /** Past tense, shown to people ("Fuzzy River skipped …"). */ verb: string }>;

/** The music commands: what each needs and the verb the history and replies use. */
export const musicCommandCatalogue: Readonly<Record<MusicSessionCommandType, MusicCommandInfo>> = {
  QueueTrack: { needs: 'listener', verb: 'queued' },
  LoadPlaylist: { needs: 'listener', verb: 'loaded the playlist' },
  SavePlaylist: { needs: 'listener', verb: 'saved the playlist' },
  RemoveQueueEntry: { needs: 'owner-or-dj', verb: 'removed' },
  UndoLastQueueAction: { needs: 'owner-or-dj', verb: 'undid' },
  SkipTrack: { needs: 'vote', verb: 'skipped' },
  MoveQueueEntry: { needs: 'dj', verb: 'moved' },
  ClearQueue: { needs: 'dj', verb: 'cleared the queue' },
  PreviousTrack: { needs: 'dj', verb: 'went back to' },
  PausePlayback: { needs: 'dj', verb: 'paused' },
  ResumePlayback: { needs: 'dj', verb: 'resumed' },
  SeekPlayback: { needs: 'dj', verb: 'seeked' },
  SetVolume: { needs: 'dj', verb: 'set the volume' },
  SetLoopMode: { needs: 'dj', verb: 'set loop' },
  ShuffleQueue: { needs: 'dj', verb: 'shuffled the queue' },
  EndMusicSession: { needs: 'dj', verb: 'stopped the music' },
  DeletePlaylist: { needs: 'dj', verb: 'deleted the playlist' },
  SetMusicRules: { needs: 'manager', verb: 'changed the music rules' },
  RecordTrackStarted: { needs: 'player', verb: 'started' },
  RecordTrackFinished: { needs: 'player', verb: 'finished' },
  RecordTrackFailed: { needs: 'player', verb: 'failed' },
  RecordPlayerDisconnected: { needs: 'player', verb: 'disconnected' },
};

/** The commands people may send (from Discord, the dashboard or the API); the Record* come from the driver. */
export const publicCommandTypes = (Object.keys(musicCommandCatalogue) as MusicSessionCommandType[]).filter((t) => musicCommandCatalogue[t].needs !== 'player');
