import type { HandlerOutcome } from '@guildhall/eventing';
import { deterministicId, type Actor, type CommandEnvelope, type Source } from '@guildhall/kernel';
import type { commands, LibraryTrack, TrackRef } from '@guildhall/music';
import { musicHandler } from '@guildhall/music/handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  getMusicSession,
  listMusicHistory,
  listPlaylists,
  musicHistoryProjection,
  musicLibraryProjection,
  musicPlaylistsProjection,
  musicSessionProjection,
  searchLibrary,
} from '../src/index.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

const G1 = '100000000000000001';
const G2 = '100000000000000002';
const VOICE = '700000000000000001';
const FUZZY: Actor = { kind: 'discord-user', id: '200000000000000001', name: 'Fuzzy River' };
const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000003', name: 'Ann' };
const PLAYER: Actor = { kind: 'system', id: 'music-driver', name: 'Guildhall player' };
const SCANNER: Actor = { kind: 'system', id: 'library-scanner', name: 'Library scanner' };
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

/** What the voice branch's scanner returns, built here (its scanner is not on main yet). */
const scanned = (n: number, title = `Demo ${n} — Tone ${n}`): LibraryTrack => ({ id: `demo-${n}`, path: `/library/demo-${n}.ogg`, title, artist: 'Guildhall', durationMs: 30_000 + n, format: 'ogg/opus' });
const ref = (t: LibraryTrack): TrackRef => ({ trackId: t.id, title: t.title, artist: t.artist, durationMs: t.durationMs, origin: 'library', location: t.path });

let world: TestWorld;
let handle: (e: CommandEnvelope) => Promise<HandlerOutcome>;
let n = 0;
const ids: Record<string, string> = {};

const send = async <T extends keyof typeof commands>(
  type: T,
  payload: z.input<(typeof commands)[T]>,
  o: { guildId?: string; actor?: Actor; source?: Source; s: number; name?: string },
): Promise<HandlerOutcome> => {
  const id = deterministicId('music-rm-test', ++n);
  if (o.name) ids[o.name] = id;
  const result = await handle({ id, type, issuedAt: at(o.s), guildId: o.guildId ?? G1, actor: o.actor ?? FUZZY, source: o.source ?? 'slash-command', correlationId: id, causationId: null, payload });
  if (result.status !== 'accepted') throw new Error(`${type} ${result.status}: ${JSON.stringify(result)}`);
  return result;
};
const voice = { voiceChannelId: VOICE };

beforeAll(async () => {
  world = await createTestWorld('music');
  handle = musicHandler(world.store);
  await world.startRunners([musicSessionProjection, musicHistoryProjection, musicPlaylistsProjection, musicLibraryProjection]);
  const lib = [1, 2, 3, 4, 5, 12].map((i) => scanned(i));
  await send('RecordLibraryScan', { tracks: lib }, { actor: SCANNER, source: 'discord', s: 0 });
  // A rescan: demo 3 retitled, demo 5 gone.
  await send('RecordLibraryScan', { tracks: [scanned(1), scanned(2), scanned(3, 'Demo 3 — Retitled'), scanned(4), scanned(12)] }, { actor: SCANNER, source: 'discord', s: 1 });
  await send('RecordLibraryScan', { tracks: [scanned(1)] }, { guildId: G2, actor: SCANNER, source: 'discord', s: 1 });
  await send('QueueTrack', { invoker: voice, track: ref(scanned(1)) }, { s: 10, name: 'a' });
  await send('QueueTrack', { invoker: voice, track: ref(scanned(2)) }, { s: 11, name: 'b' });
  await send('QueueTrack', { invoker: { level: 'moderator' }, track: ref(scanned(4)) }, { s: 12, actor: ANN, source: 'web', name: 'c' });
  await send('RecordTrackStarted', { entryId: ids.a!, startedAt: at(13), offsetMs: 0 }, { s: 13, actor: PLAYER, source: 'discord' });
  await send('SavePlaylist', { invoker: voice, name: 'Evening' }, { s: 14 });
  await send('SkipTrack', { invoker: { level: 'moderator' }, entryId: ids.a! }, { s: 20, actor: ANN, source: 'web' });
  await send('RecordTrackStarted', { entryId: ids.b!, startedAt: at(21), offsetMs: 0 }, { s: 21, actor: PLAYER, source: 'discord' });
  await send('MoveQueueEntry', { invoker: voice, from: 1, to: 1 }, { s: 22 });
  await send('SavePlaylist', { invoker: voice, name: 'Scratch' }, { s: 23 });
  await send('DeletePlaylist', { invoker: voice, name: 'scratch' }, { s: 24 });
  await send('PausePlayback', { invoker: voice }, { s: 31 });
  await send('SetVolume', { invoker: voice, volume: 50 }, { s: 32 });
  await world.caughtUp();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

describe('music read models (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('music_session: now playing, the queue, the position to interpolate from', async () => {
    const s = await getMusicSession(world.pool, { guildId: G1 });
    expect(s).toMatchObject({
      sessionNumber: 1,
      active: true,
      channelId: VOICE,
      nowPlaying: { entryId: ids.b, track: { title: 'Demo 2 — Tone 2' }, queuedBy: FUZZY, source: 'slash-command' },
      queue: [{ entryId: ids.c, queuedBy: ANN, source: 'web' }],
      position: { startedAt: null, offsetMs: 10_000, paused: true },
      volume: 50,
      loop: 'off',
      undo: { summary: 'queued Demo 4 — Tone 4 (Guildhall)', by: 'Ann' },
    });
    expect(await getMusicSession(world.pool, { guildId: G2 })).toMatchObject({ active: false, nowPlaying: null, queue: [], version: 0, updatedAt: null });
    await expect(getMusicSession(world.pool, { guildId: 'x' })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('music_history: attributed lines, newest first, paged', async () => {
    const page = await listMusicHistory(world.pool, { guildId: G1, limit: 4 });
    expect(page.items.map((l) => `${l.attributed ? `${l.actor.name} ` : ''}${l.text}`)).toEqual([
      'Fuzzy River set the volume to 50 %',
      'Fuzzy River paused at 0:10',
      'Fuzzy River deleted the playlist Scratch',
      'Fuzzy River saved the playlist Scratch (2 tracks)',
    ]);
    const rest = await listMusicHistory(world.pool, { guildId: G1, limit: 50, cursor: page.nextCursor! });
    expect(rest.nextCursor).toBeNull();
    const lines = rest.items.map((l) => `${l.attributed ? `${l.actor.name} ` : ''}${l.text}`);
    expect(lines).toContain('Ann skipped Demo 1 — Tone 1 by Guildhall');
    expect(lines).toContain('Now playing Demo 2 — Tone 2 by Guildhall');
    expect(rest.items.find((l) => l.type === 'TrackSkipped')).toMatchObject({ source: 'web', actor: ANN, entryId: ids.a });
    expect(lines.at(-1)).toBe('Fuzzy River started music session #1');
  });

  it('music_playlists: saved ones with their tracks; deleted ones gone', async () => {
    expect(await listPlaylists(world.pool, { guildId: G1 })).toEqual([
      { name: 'Evening', tracks: [1, 2, 4].map((i) => ref(scanned(i))), trackCount: 3, totalMs: 90_007, fromSession: null, savedBy: FUZZY, savedAt: at(14) },
    ]);
  });

  it('music_library: the scanner’s records, rescans applied; search by words, a title’s own number first', async () => {
    const all = await searchLibrary(world.pool, { guildId: G1 });
    expect(all.map((t) => t.title)).toEqual(['Demo 1 — Tone 1', 'Demo 12 — Tone 12', 'Demo 2 — Tone 2', 'Demo 3 — Retitled', 'Demo 4 — Tone 4']);
    expect((await searchLibrary(world.pool, { guildId: G1, text: 'Demo 1' })).map((t) => t.id)).toEqual(['demo-1', 'demo-12']);
    expect((await searchLibrary(world.pool, { guildId: G1, text: 'demo 2' })).map((t) => t.id)).toEqual(['demo-2', 'demo-12']);
    expect(await searchLibrary(world.pool, { guildId: G1, text: 'retitled guildhall' })).toEqual([
      { id: 'demo-3', path: '/library/demo-3.ogg', title: 'Demo 3 — Retitled', artist: 'Guildhall', durationMs: 30_003, format: 'ogg/opus', origin: 'library' },
    ]);
    expect(await searchLibrary(world.pool, { guildId: G1, text: '100%' })).toEqual([]);
    expect(await searchLibrary(world.pool, { guildId: G2 })).toHaveLength(1);
    await expect(searchLibrary(world.pool, { guildId: G1, limit: 1000 })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('each rebuilds into identical rows', async () => {
    for (const [projection, tables] of [
      [musicSessionProjection, { sessions: 'guild_id' }],
      [musicHistoryProjection, { lines: 'guild_id, position, seq' }],
      [musicPlaylistsProjection, { playlists: 'guild_id, key' }],
      [musicLibraryProjection, { tracks: 'guild_id, track_id' }],
    ] as const) {
      const { before, after } = await rebuildAndSnapshot(world, projection, tables);
      expect(Object.values(before)[0]!.length).toBeGreaterThan(0);
      expect(after).toEqual(before);
    }
  });
});
