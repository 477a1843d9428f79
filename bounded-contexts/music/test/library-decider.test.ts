import { DeciderSpecification, DomainError } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { musicLibraryDecider, type LibraryTrack, type MusicLibraryEvent } from '../src/index.js';
import { ANN, libraryCmd, PLAYER, T0 } from './fixtures.js';

const spec = DeciderSpecification.for(musicLibraryDecider);
const lt = (n: number, over: Partial<LibraryTrack> = {}): LibraryTrack => ({ id: `demo-${n}`, path: `/lib/demo-${n}.ogg`, title: `Demo ${n} — Tone`, artist: 'Guildhall', durationMs: 30_000, format: 'ogg/opus', ...over });
const added = (n: number, origin: 'library' | 'upload' = 'library'): MusicLibraryEvent => ({ type: 'LibraryTrackAdded', data: { track: lt(n), origin, by: origin === 'library' ? PLAYER : ANN, at: T0 } });
const scan = (...tracks: LibraryTrack[]) => libraryCmd('RecordLibraryScan', { tracks }, { actor: PLAYER, source: 'discord' });

describe('library', () => {
  it('a scan records what is new, changed and gone; an unchanged rescan records nothing; uploads stay', () => {
    spec.given([]).when(scan(lt(1), lt(2))).then([added(1), added(2)]);
    spec.given([added(1), added(2)]).when(scan(lt(1), lt(2))).then([]);
    spec.given([added(1), added(2), added(9, 'upload')]).when(scan(lt(1, { title: 'Demo 1 — Renamed' }))).then([
      { type: 'LibraryTrackUpdated', data: { track: lt(1, { title: 'Demo 1 — Renamed' }), origin: 'library', by: PLAYER, at: T0 } },
      { type: 'LibraryTrackRemoved', data: { trackId: 'demo-2', by: PLAYER, at: T0 } },
    ]);
    spec.given([]).when(scan(lt(1), lt(1))).thenRejects('DUPLICATE_TRACK');
  });

  it('an upload is added once; removal needs a manager', () => {
    const upload = libraryCmd('RecordTrackUploaded', { invoker: { level: 'moderator' }, track: lt(9), sizeBytes: 1000 }, { actor: ANN, source: 'web' });
    spec.given([]).when(upload).then([added(9, 'upload')]);
    spec.given([added(9, 'upload')]).when(upload).then([]);
    spec.given([added(9, 'upload')]).when(libraryCmd('RemoveLibraryTrack', { invoker: { level: 'moderator' }, trackId: 'demo-9' }, { actor: ANN })).thenRejects('RULES_FORBIDDEN');
    spec.given([added(9, 'upload')]).when(libraryCmd('RemoveLibraryTrack', { invoker: { level: 'manager' }, trackId: 'demo-9' }, { actor: ANN })).then((e) => expect(e).toHaveLength(1));
  });

  it('refuses a malformed scanner record naming the field', () => {
    try {
      scan(lt(1, { id: 'has space' }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).details['field']).toBe('payload.tracks[0].id');
    }
  });
});

describe('findLibraryTracks', () => {
  it('finds every word in title or artist, the title’s own number first', async () => {
    const { findLibraryTracks, trackRefOf } = await import('../src/index.js');
    const state = [added(1), added(2), { ...added(12) }].reduce(musicLibraryDecider.evolve, musicLibraryDecider.initialState());
    expect(findLibraryTracks(state, 'Demo 1').map((e) => e.track.id)).toEqual(['demo-1', 'demo-12']);
    expect(findLibraryTracks(state, 'demo 2').map((e) => e.track.id)).toEqual(['demo-2', 'demo-12']);
    expect(findLibraryTracks(state, 'guildhall tone', 2)).toHaveLength(2);
    expect(findLibraryTracks(state, 'nothing like this')).toEqual([]);
    expect(trackRefOf(findLibraryTracks(state, 'demo 1')[0]!)).toEqual({ trackId: 'demo-1', title: 'Demo 1 — Tone', artist: 'Guildhall', durationMs: 30_000, origin: 'library', location: '/lib/demo-1.ogg' });
  });
});

describe('libraryScanCommand', () => {
  it('is the RecordLibraryScan of a listing, with an id from the listing (order aside)', async () => {
    const { libraryScanCommand, musicLibrarySlice } = await import('../src/index.js');
    const a = libraryScanCommand('100000000000000001', [lt(1), lt(2)], T0);
    expect(a.id).toBe(libraryScanCommand('100000000000000001', [lt(2), lt(1)], T0).id);
    expect(a.id).not.toBe(libraryScanCommand('100000000000000001', [lt(1), lt(2, { title: 'other' })], T0).id);
    expect(a.id).not.toBe(libraryScanCommand('100000000000000002', [lt(1), lt(2)], T0).id);
    const c = musicLibrarySlice.toCommand(a);
    expect(musicLibraryDecider.decide(c, musicLibraryDecider.initialState())).toHaveLength(2);
  });
});
