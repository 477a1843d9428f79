import type { Decider } from '@guildhall/kernel';
import { MusicErrorCodes as E, reject } from '../music-errors.js';
import { levelAtLeast } from '../music-schemas.js';
import type { LibraryTrack, MusicLibraryCommand } from './commands.js';
import type { MusicLibraryEvent } from './events.js';
import { evolveMusicLibrary, initialMusicLibrary, type MusicLibraryState } from './state.js';

type Of<T extends MusicLibraryCommand['type']> = Extract<MusicLibraryCommand, { type: T }>;

const same = (a: LibraryTrack, b: LibraryTrack): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A scan is the folder's whole listing: the difference to what is recorded becomes events; a rescan of an unchanged folder records nothing. */
const recordScan = (c: Of<'RecordLibraryScan'>, s: MusicLibraryState): MusicLibraryEvent[] => {
  const meta = { by: c.meta.actor, at: c.meta.now };
  const seen = new Set<string>();
  const out: MusicLibraryEvent[] = [];
  for (const track of c.data.tracks) {
    if (seen.has(track.id)) reject(E.DUPLICATE_TRACK, `the scan lists track ${track.id} twice`, { trackId: track.id });
    seen.add(track.id);
    const known = s.tracks[track.id];
    if (!known) out.push({ type: 'LibraryTrackAdded', data: { track, origin: 'library', ...meta } });
    else if (!same(known.track, track)) out.push({ type: 'LibraryTrackUpdated', data: { track, origin: known.origin, ...meta } });
  }
  for (const [id, entry] of Object.entries(s.tracks)) {
    if (entry.origin === 'library' && !seen.has(id)) out.push({ type: 'LibraryTrackRemoved', data: { trackId: id, ...meta } });
  }
  return out;
};

const recordUpload = (c: Of<'RecordTrackUploaded'>, s: MusicLibraryState): MusicLibraryEvent[] => {
  const known = s.tracks[c.data.track.id];
  if (known && same(known.track, c.data.track)) return [];
  if (known) reject(E.DUPLICATE_TRACK, `a different track ${c.data.track.id} is already in the library`, { trackId: c.data.track.id });
  return [{ type: 'LibraryTrackAdded', data: { track: c.data.track, origin: 'upload', by: c.meta.actor, at: c.meta.now } }];
};

const removeTrack = (c: Of<'RemoveLibraryTrack'>, s: MusicLibraryState): MusicLibraryEvent[] => {
  if (c.meta.actor.kind !== 'system' && !levelAtLeast(c.data.invoker.level, 'manager')) reject(E.RULES_FORBIDDEN, 'removing a track from the library needs the manager level');
  if (!s.tracks[c.data.trackId]) return [];
  return [{ type: 'LibraryTrackRemoved', data: { trackId: c.data.trackId, by: c.meta.actor, at: c.meta.now } }];
};

export const decideMusicLibrary = (c: MusicLibraryCommand, s: MusicLibraryState): MusicLibraryEvent[] => {
  switch (c.type) {
    case 'RecordLibraryScan':
      return recordScan(c, s);
    case 'RecordTrackUploaded':
      return recordUpload(c, s);
    case 'RemoveLibraryTrack':
      return removeTrack(c, s);
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const musicLibraryDecider: Decider<MusicLibraryState, MusicLibraryCommand, MusicLibraryEvent> = {
  decide: decideMusicLibrary,
  evolve: evolveMusicLibrary,
  initialState: initialMusicLibrary,
};
