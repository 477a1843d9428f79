import type { LibraryTrack } from './commands.js';
import type { MusicLibraryEvent } from './events.js';

export type LibraryEntry = Readonly<{ track: LibraryTrack; origin: 'library' | 'upload' }>;
export type MusicLibraryState = Readonly<{ tracks: Readonly<Record<string, LibraryEntry>> }>;

export const initialMusicLibrary = (): MusicLibraryState => ({ tracks: {} });

export const evolveMusicLibrary = (s: MusicLibraryState, e: MusicLibraryEvent): MusicLibraryState => {
  switch (e.type) {
    case 'LibraryTrackAdded':
    case 'LibraryTrackUpdated':
      return { tracks: { ...s.tracks, [e.data.track.id]: { track: e.data.track, origin: e.data.origin } } };
    case 'LibraryTrackRemoved': {
      const { [e.data.trackId]: _gone, ...rest } = s.tracks;
      return { tracks: rest };
    }
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};
