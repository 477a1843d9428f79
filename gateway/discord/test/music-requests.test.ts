import { describe, expect, it } from 'vitest';
import type { MusicLibraryState } from '@guildhall/music';
import { musicRequest, parsePosition, type MusicOptions } from '../src/slash-commands/music-requests.js';

const none: MusicOptions = { subcommand: null, query: null, level: null, position: null, mode: null, from: null, to: null, name: null };
const library: MusicLibraryState = {
  tracks: Object.fromEntries(
    [1, 2, 12].map((n) => [`demo-${n}`, { origin: 'library' as const, track: { id: `demo-${n}`, path: `/l/${n}.ogg`, title: `Demo ${n} — Tone`, artist: null, durationMs: 1000, format: 'ogg/opus' } }]),
  ),
};

describe('music slash requests (pure)', () => {
  it('parses positions people type', () => {
    expect(parsePosition('90')).toBe(90_000);
    expect(parsePosition('1:30')).toBe(90_000);
    expect(parsePosition('1:02:03')).toBe(3_723_000);
    expect(parsePosition('1m30s')).toBe(90_000);
    expect(parsePosition('2h')).toBe(7_200_000);
    expect(parsePosition('soon')).toBeNull();
    expect(parsePosition('1:3')).toBeNull();
    expect(parsePosition('')).toBeNull();
  });

  it('/play Demo 2 finds track 2 (not 12); a URL is queued as a URL; nothing found is refused', () => {
    expect(musicRequest('play', { ...none, query: 'Demo 2' }, library, 1)).toMatchObject({ kind: 'command', type: 'QueueTrack', payload: { track: { trackId: 'demo-2', origin: 'library', location: '/l/2.ogg' } } });
    expect(musicRequest('play', { ...none, query: 'https://example.com/a%20b.ogg' }, library, 1)).toMatchObject({ payload: { track: { origin: 'url', title: 'a b.ogg', location: 'https://example.com/a%20b.ogg' } } });
    expect(musicRequest('play', { ...none, query: 'zzz' }, library, 1)).toEqual({ error: 'Nothing in the library matches “zzz”. Try other words, or an audio file URL.' });
  });

  it('maps each command to its music command, the shuffle with the seed given', () => {
    expect(musicRequest('shuffle', none, null, 7)).toMatchObject({ type: 'ShuffleQueue', payload: { seed: 7 } });
    expect(musicRequest('move', { ...none, from: 3, to: 1 }, null, 0)).toMatchObject({ type: 'MoveQueueEntry', payload: { from: 3, to: 1 } });
    expect(musicRequest('remove', { ...none, position: 2 }, null, 0)).toMatchObject({ type: 'RemoveQueueEntry', payload: { position: 2 } });
    expect(musicRequest('playlist', { ...none, subcommand: 'load', name: 'Evening' }, null, 0)).toMatchObject({ type: 'LoadPlaylist', payload: { name: 'Evening' } });
    expect(musicRequest('loop', { ...none, mode: 'sometimes' }, null, 0)).toEqual({ error: 'Loop mode is off, track or queue.' });
    expect(musicRequest('queue', none, null, 0)).toEqual({ kind: 'show', what: 'queue' });
  });
});
