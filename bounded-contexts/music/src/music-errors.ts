import { DomainError } from '@guildhall/kernel';

/** Stable rejection codes of the music context. */
export const MusicErrorCodes = {
  /** No session is running in this guild (nothing is playing). */
  NOT_PLAYING: 'NOT_PLAYING',
  /** The member must be in the session's voice channel (or any voice channel, to start one). */
  NOT_IN_VOICE_CHANNEL: 'NOT_IN_VOICE_CHANNEL',
  /** The guild has a DJ role and the member lacks it. */
  DJ_ONLY: 'DJ_ONLY',
  /** The dashboard user's access level is below the guild's web control level. */
  WEB_CONTROL_FORBIDDEN: 'WEB_CONTROL_FORBIDDEN',
  /** Changing the rules needs the manager level. */
  RULES_FORBIDDEN: 'RULES_FORBIDDEN',
  QUEUE_FULL: 'QUEUE_FULL',
  TRACK_TOO_LONG: 'TRACK_TOO_LONG',
  /** A URL that is not http(s), or a streaming site (YouTube and the like are not played). */
  UNSUPPORTED_URL: 'UNSUPPORTED_URL',
  /** A queue position or entry that is not in the queue. */
  NOT_IN_QUEUE: 'NOT_IN_QUEUE',
  /** A skip (or vote) for a track that is no longer the one playing: someone else skipped first. */
  NOT_CURRENT_TRACK: 'NOT_CURRENT_TRACK',
  ALREADY_VOTED: 'ALREADY_VOTED',
  NOTHING_PREVIOUS: 'NOTHING_PREVIOUS',
  ALREADY_PAUSED: 'ALREADY_PAUSED',
  NOT_PAUSED: 'NOT_PAUSED',
  SEEK_PAST_END: 'SEEK_PAST_END',
  NOTHING_TO_UNDO: 'NOTHING_TO_UNDO',
  /** The queue changed so that the last action cannot be undone (its entry was played). */
  UNDO_STALE: 'UNDO_STALE',
  QUEUE_TOO_SHORT: 'QUEUE_TOO_SHORT',
  PLAYLIST_NOT_FOUND: 'PLAYLIST_NOT_FOUND',
  PLAYLIST_EMPTY: 'PLAYLIST_EMPTY',
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',
  /** A library scan or upload that names one track id twice. */
  DUPLICATE_TRACK: 'DUPLICATE_TRACK',
} as const;
export type MusicErrorCode = (typeof MusicErrorCodes)[keyof typeof MusicErrorCodes];

export const reject = (code: MusicErrorCode, message: string, details: Record<string, unknown> = {}): never => {
  throw new DomainError(code, message, details);
};
