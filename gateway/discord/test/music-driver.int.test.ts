import { createLogger } from '@guildhall/eventing';
import { openBusTestWorld, type BusTestWorld, eventually } from '@guildhall/eventing/testing';
import { newId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import { musicSessionStreamId, parseMusicSessionEvent } from '@guildhall/music';
import { register } from '@guildhall/music/handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMusicDriver, type MusicDriver } from '../src/music/driver/music-driver.js';
import type { GuildPlayer, PlayerEvent } from '../src/music/driver/guild-player.js';

/**
 * Stands in for the voice branch's GuildPlayer (not on main yet): records what the driver asks,
 * says "started" when asked to play, and lets the test say "finished". Everything else is real:
 * NATS, the event store, the bus, the music handler and the reactor.
 */
class RecordingPlayer implements GuildPlayer {
  readonly calls: string[] = [];
  private readonly listeners = new Map<string, Set<(e: PlayerEvent) => void>>();
  private current: string | null = null;
  constructor(private readonly failing: ReadonlySet<string> = new Set()) {}
  async join(channelId: string) { this.calls.push(`join ${channelId}`); }
  async leave() { this.calls.push('leave'); }
  async play(track: { id: string; path: string; title: string }, offsetMs: number) {
    this.calls.push(`play ${track.title} @${Math.round(offsetMs / 1000)}s`);
    if (this.failing.has(track.path)) throw new Error(`${track.path}: no such file`);
    this.current = track.id;
    this.emit('started', { type: 'started', guildId: GUILD, trackId: track.id, at: new Date().toISOString(), offsetMs });
  }
  pause() { this.calls.push('pause'); }
  resume() { this.calls.push('resume'); }
  stop() { this.calls.push('stop'); }
  setVolume(v: number) { this.calls.push(`volume ${v}`); }
  position() { return { trackId: this.current, startedAt: null, offsetMs: 0, paused: false }; }
  on(event: 'started' | 'finished' | 'failed' | 'disconnected', cb: (e: PlayerEvent) => void) {
    const set = this.listeners.get(event) ?? new Set();
    set.add(cb);
    this.listeners.set(event, set);
    return () => set.delete(cb);
  }
  emit(event: string, e: PlayerEvent) { for (const cb of this.listeners.get(event) ?? []) cb(e); }
  finish() { this.emit('finished', { type: 'finished', guildId: GUILD, trackId: this.current, at: new Date().toISOString(), offsetMs: 0 }); }
}

const GUILD = '100000000000000001';
const VOICE = '700000000000000001';
const FUZZY: Actor = { kind: 'discord-user', id: '200000000000000001', name: 'Fuzzy River' };
const logger = createLogger('music-driver-test', process.env.LOG_LEVEL ?? 'silent');
const track = (n: number) => ({ trackId: `demo-${n}`, title: `Demo ${n}`, artist: null, durationMs: 600_000, origin: 'library', location: `/lib/demo-${n}.ogg` });

let world: BusTestWorld;
let handler: { stop: () => Promise<void> };
let driver: MusicDriver | undefined;
let player: RecordingPlayer;

const send = async (type: string, payload: unknown) => {
  const id = newId();
  const e: CommandEnvelope = { id, type, issuedAt: new Date().toISOString(), guildId: GUILD, actor: FUZZY, source: 'slash-command', correlationId: id, causationId: null, payload };
  const r = await world.bus.send(e, { context: 'music', waitMs: 10_000 });
  expect(r.status).toBe('accepted');
  return id;
};
const start = (p: RecordingPlayer) =>
  startMusicDriver({ nc: world.nc, bus: world.bus, store: world.store, ...world.names.events, logger, playerFor: () => p, consumerName: `music_driver_${newId().slice(0, 8)}` });
const types = async () => (await world.store.readStream(musicSessionStreamId(GUILD))).events.map((e) => parseMusicSessionEvent(e)?.type);

beforeAll(async () => {
  world = await openBusTestWorld('musicdrv', logger);
  handler = await register(world.bus, world.store);
  player = new RecordingPlayer(new Set(['/lib/demo-3.ogg']));
  driver = await start(player);
}, 30_000);

afterAll(async () => {
  await driver?.stop();
  await handler?.stop();
  await world?.close();
});

describe('music driver on the reactor (real NATS, store, bus and music handler)', () => {
  it('plays what is queued, records the player’s facts, moves on when a track ends or cannot be played', async () => {
    await send('QueueTrack', { invoker: { voiceChannelId: VOICE }, track: track(1) });
    await send('QueueTrack', { invoker: { voiceChannelId: VOICE }, track: track(3) });
    await send('QueueTrack', { invoker: { voiceChannelId: VOICE }, track: track(2) });
    await eventually(async () => ((await types()).includes('TrackStarted') ? true : undefined));
    expect(player.calls).toEqual([`join ${VOICE}`, 'volume 1', 'play Demo 1 @0s']);
    player.finish();
    // Demo 3's file is missing: recorded as failed with the reason, and Demo 2 plays.
    await eventually(async () => (player.calls.includes('play Demo 2 @0s') ? true : undefined));
    const { events } = await world.store.readStream(musicSessionStreamId(GUILD));
    const failed = events.map((e) => parseMusicSessionEvent(e)).find((e) => e?.type === 'TrackFailed');
    expect(failed).toMatchObject({ data: { reason: '/lib/demo-3.ogg: no such file', track: { title: 'Demo 3' } } });
    expect(events.find((e) => e.type === 'TrackFailed')?.actor).toMatchObject({ kind: 'system', id: 'music-driver' });
  });

  it('pause and volume reach the player; after a restart the same entry resumes where it was, once', async () => {
    await send('SetVolume', { invoker: { voiceChannelId: VOICE }, volume: 50 });
    await send('PausePlayback', { invoker: { voiceChannelId: VOICE } });
    await eventually(async () => (player.calls.includes('pause') ? true : undefined));
    expect(player.calls.slice(-2)).toEqual(['volume 0.5', 'pause']);
    await driver!.stop();
    const before = (await world.store.readStream(musicSessionStreamId(GUILD))).events.length;
    const fresh = new RecordingPlayer();
    driver = await start(fresh);
    await driver.resume([GUILD]);
    expect(fresh.calls).toEqual([`join ${VOICE}`, 'volume 0.5', expect.stringMatching(/^play Demo 2 @\d+s$/), 'pause']);
    // Resuming queued nothing new (the started fact of a resumed, paused track records nothing).
    await new Promise((r) => setTimeout(r, 300));
    const after = (await world.store.readStream(musicSessionStreamId(GUILD))).events;
    expect(after.slice(before).filter((e) => e.type === 'TrackQueued')).toEqual([]);
  });
});
