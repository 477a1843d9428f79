import { deterministicId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import type { LibraryTrack } from './commands.js';

export const LIBRARY_SCANNER: Actor = { kind: 'system', id: 'library-scanner', name: 'Library scanner' };

/**
 * The command that records a scan of the library folder for a guild (the voice branch's
 * `scanLibrary(dir)` gives the tracks): send it on the bus to context `music`. Its id comes from
 * the listing, so the same listing sent twice is one command; the decider records only what changed.
 */
export const libraryScanCommand = (guildId: string, tracks: readonly LibraryTrack[], now: string): CommandEnvelope => {
  const listing = [...tracks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((t) => JSON.stringify(t));
  const id = deterministicId('library-scan', guildId, ...listing);
  return { id, type: 'RecordLibraryScan', issuedAt: now, guildId, actor: LIBRARY_SCANNER, source: 'discord', correlationId: id, causationId: null, payload: { tracks } };
};
