import type { TrackRef } from '../music-schemas.js';
import type { LibraryEntry, MusicLibraryState } from './state.js';

const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Library tracks whose title or artist hold every word of `query`, best first: the title itself,
 * then titles starting with the query as a word ("Demo 2" finds "Demo 2 — …" before "Demo 12 …"),
 * then other prefixes, then by title. The same order as the `music_library` read model's search.
 */
export const findLibraryTracks = (s: MusicLibraryState, query: string, limit = 10): LibraryEntry[] => {
  const q = norm(query);
  const words = q.split(' ').filter(Boolean);
  const rank = (title: string): number => (title === q || title.startsWith(`${q} `) ? 0 : title.startsWith(q) ? 1 : 2);
  return Object.values(s.tracks)
    .map((e) => ({ e, title: norm(e.track.title), hay: norm(`${e.track.title} ${e.track.artist ?? ''}`) }))
    .filter((x) => words.every((w) => x.hay.includes(w)))
    .sort((a, b) => rank(a.title) - rank(b.title) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0) || (a.e.track.id < b.e.track.id ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.e);
};

/** A library entry as the queue holds it. */
export const trackRefOf = (e: LibraryEntry): TrackRef => ({
  trackId: e.track.id,
  title: e.track.title,
  artist: e.track.artist,
  durationMs: e.track.durationMs > 0 ? e.track.durationMs : null,
  origin: e.origin,
  location: e.track.path,
});
