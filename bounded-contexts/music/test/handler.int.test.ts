import { type CommandBus, type CommandResult, type JetStreamEventStore } from '@guildhall/eventing';
import { openBusTestWorld, type BusTestWorld } from '@guildhall/eventing/testing';
import { newId, type CommandEnvelope } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { register } from '../src/handler.js';
import { commands, musicLibraryStreamId, musicSessionStreamId, parseMusicSessionEvent } from '../src/index.js';
import { envelopeOf, GUILD, inVoice, KEEN, track } from './fixtures.js';

let world: BusTestWorld | undefined;
let store: JetStreamEventStore;
let bus: CommandBus;

beforeAll(async () => {
  world = await openBusTestWorld('music');
  ({ store, bus } = world);
  await register(bus, store);
});

afterAll(async () => {
  await world?.close();
});

const fresh = <T extends keyof typeof commands>(type: T, payload: z.input<(typeof commands)[T]>, actor = KEEN): CommandEnvelope => ({
  ...envelopeOf(type, payload, { id: newId(), actor }),
  issuedAt: new Date().toISOString(),
});
const send = (e: CommandEnvelope): Promise<CommandResult> => bus.send(e, { context: 'music', waitMs: 15_000 });

describe('music on the real bus and JetStream store', () => {
  it('queues, skips once when two skips race, and stores nothing for a refused command', async () => {
    const q1 = fresh('QueueTrack', { invoker: inVoice(), track: track(1) });
    expect(await send(q1)).toMatchObject({ status: 'accepted', eventCount: 2 });
    expect(await send(fresh('QueueTrack', { invoker: inVoice(), track: track(2) }))).toMatchObject({ status: 'accepted', eventCount: 1 });
    const results = await Promise.all([send(fresh('SkipTrack', { invoker: inVoice(), entryId: q1.id })), send(fresh('SkipTrack', { invoker: inVoice(), entryId: q1.id }))]);
    expect(results.map((r) => r.status).sort()).toEqual(['accepted', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ code: 'NOT_CURRENT_TRACK' });
    const before = await store.headPosition();
    expect(await send(fresh('SeekPlayback', { invoker: inVoice(), positionMs: 999_000 }))).toMatchObject({ status: 'rejected', code: 'SEEK_PAST_END' });
    expect(await send(fresh('SetVolume', { invoker: inVoice(), volume: 500 }))).toMatchObject({ status: 'rejected', code: 'INVALID_COMMAND', details: { field: 'payload.volume' } });
    expect(await store.headPosition()).toBe(before);
    const { events } = await store.readStream(musicSessionStreamId(GUILD));
    expect(events.map((e) => parseMusicSessionEvent(e)?.type)).toEqual(['MusicSessionStarted', 'TrackQueued', 'TrackQueued', 'TrackSkipped']);
    expect(events[1]).toMatchObject({ actor: KEEN, source: 'slash-command' });
  });

  it('records a library scan on the guild’s library stream', async () => {
    const tracks = [1, 2].map((n) => ({ id: `demo-${n}`, path: `/lib/${n}.ogg`, title: `Demo ${n}`, artist: null, durationMs: 1000, format: 'ogg/opus' }));
    expect(await send(fresh('RecordLibraryScan', { tracks }, { kind: 'system', id: 'scanner', name: 'scanner' }))).toMatchObject({ status: 'accepted', eventCount: 2 });
    expect((await store.readStream(musicLibraryStreamId(GUILD))).events).toHaveLength(2);
  });
});
