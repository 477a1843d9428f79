import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '@guildhall/eventing/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureFfmpeg, ffmpegAvailable, resolveAudioUrl, scanFile, writeToneFile, type GuildPlayer, type LibraryTrack, type PlayerEvent } from '../src/music/index.js';
import { sleep, startVoiceRig, waitForPitch, type VoiceRig } from './music-support.js';

// The real @discordjs/voice against the sandbox's voice server, which decrypts and decodes
// every frame and tells loudness and pitch: what is asserted is what a listener would hear.
describe('music player against the sandbox voice server', () => {
  let rig: VoiceRig;
  let player: GuildPlayer;
  let low: LibraryTrack;
  let short: LibraryTrack;
  let high: LibraryTrack;
  const events: PlayerEvent[] = [];

  beforeAll(async () => {
    rig = await startVoiceRig();
    low = await scanFile(await writeToneFile(rig.dir, { title: 'Low 220', artist: 'test', hz: 220, durationMs: 40_000 }));
    short = await scanFile(await writeToneFile(rig.dir, { title: 'Short 440', artist: 'test', hz: 440, durationMs: 4_000 }));
    high = await scanFile(await writeToneFile(rig.dir, { title: 'High 660', artist: 'test', hz: 660, durationMs: 40_000 }));
    player = rig.players.get(rig.guildId);
    for (const type of ['started', 'finished', 'failed', 'disconnected'] as const) player.on(type, (e) => events.push(e));
    await player.join(rig.lounge);
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('joins over TLS and UDP, with DAVE capability recorded and DAVE left at protocol 0', async () => {
    const s = await eventually(async () => (rig.heard()?.connected ? rig.heard() : undefined), 5_000, 'voice connected');
    expect(s.channelId).toBe(rig.lounge);
    expect(s.mode).toBe('aead_aes256_gcm_rtpsize');
    // @discordjs/voice 0.19 with @snazzah/davey announces DAVE v1 support in Identify.
    expect(s.maxDaveProtocolVersion).toBeGreaterThanOrEqual(1);
  });

  it('plays a whole track: ≥ 95 % of its frames decrypted and decoded, at its pitch, then "finished"', async () => {
    const before = rig.heard();
    if (!before) throw new Error('no voice session');
    const audibleBefore = before.frames - before.silentFrames;
    await player.play(short, 0);
    expect(events.at(-1)).toMatchObject({ type: 'started', trackId: short.id });
    await waitForPitch(rig, 440);
    await eventually(async () => (events.some((e) => e.type === 'finished' && e.trackId === short.id) ? true : undefined), 10_000, 'finished');
    await sleep(200);
    const after = rig.heard();
    if (!after) throw new Error('no voice session');
    const expected = short.durationMs / 20;
    const audible = after.frames - after.silentFrames - audibleBefore;
    expect(audible).toBeGreaterThanOrEqual(Math.floor(expected * 0.95));
    expect(audible).toBeLessThanOrEqual(Math.ceil(expected) + 2);
    expect(after.decryptFailures).toBe(0);
    expect(after.sequenceGaps).toBe(0);
    expect(player.position().trackId).toBeNull();
  });

  it('another track changes the pitch; position interpolates from {startedAt, offsetMs}', async () => {
    await player.play(low, 0);
    await waitForPitch(rig, 220);
    await player.play(high, 10_000);
    await waitForPitch(rig, 660);
    const p = player.position();
    expect(p).toMatchObject({ trackId: high.id, paused: false });
    expect(p.startedAt).not.toBeNull();
    expect(p.offsetMs).toBeGreaterThanOrEqual(10_000);
    expect(p.offsetMs).toBeLessThan(15_000);
  });

  it('pause → a few silence frames, then no frames at all; resume → the same track again', async () => {
    await waitForPitch(rig, 660);
    const before = rig.heard();
    if (!before) throw new Error('no voice session');
    player.pause();
    await sleep(600);
    const paused = rig.heard();
    if (!paused) throw new Error('no voice session');
    expect(paused.silentFrames - before.silentFrames).toBeGreaterThanOrEqual(1);
    expect(paused.silentFrames - before.silentFrames).toBeLessThanOrEqual(5);
    await sleep(1_000);
    expect(rig.heard()?.frames).toBe(paused.frames);
    expect(rig.heard()?.rms).toBe(0);
    expect(player.position()).toMatchObject({ trackId: high.id, paused: true, startedAt: null });
    player.resume();
    await waitForPitch(rig, 660);
    expect(rig.heard()?.frames).toBeGreaterThan(paused.frames);
  });

  it('volume 50 % halves the loudness (± 20 %), volume 100 % brings it back', async () => {
    await sleep(1_200);
    const full = rig.heard()?.rms ?? 0;
    expect(full).toBeGreaterThan(0.2);
    player.setVolume(0.5);
    const half = await eventually(async () => {
      const r = rig.heard()?.rms ?? 0;
      return r > 0 && r < full * 0.7 ? r : undefined;
    }, 5_000, 'quieter audio');
    await sleep(1_200);
    const settled = rig.heard()?.rms ?? half;
    expect(settled / full).toBeGreaterThanOrEqual(0.4);
    expect(settled / full).toBeLessThanOrEqual(0.6);
    await waitForPitch(rig, 660);
    player.setVolume(1);
    await eventually(async () => ((rig.heard()?.rms ?? 0) > full * 0.9 ? true : undefined), 5_000, 'full loudness again');
  });

  it('voice close 4015 → the client resumes the voice session and the music goes on', async () => {
    const before = rig.heard();
    if (!before) throw new Error('no voice session');
    expect(rig.sb.world.injectVoiceFault({ kind: 'close', code: 4015 })).toBe(1);
    await eventually(async () => ((rig.heard()?.resumes ?? 0) > before.resumes ? true : undefined), 5_000, 'resumed');
    await eventually(async () => ((rig.heard()?.frames ?? 0) > before.frames + 40 ? true : undefined), 10_000, 'frames after the resume');
    await waitForPitch(rig, 660);
    expect(rig.heard()?.identifies).toBe(before.identifies);
  });

  it('UDP loss → frames stop arriving (gaps counted) and the same track is heard after it', async () => {
    const before = rig.heard();
    if (!before) throw new Error('no voice session');
    rig.sb.world.injectVoiceFault({ kind: 'udp-loss', ms: 1_000, ratio: 1 });
    await sleep(1_100);
    const during = rig.heard();
    if (!during) throw new Error('no voice session');
    expect(during.frames - before.frames).toBeLessThan(10);
    await waitForPitch(rig, 660);
    const after = rig.heard();
    expect(after?.sequenceGaps ?? 0).toBeGreaterThan(before.sequenceGaps + 30);
    expect(after?.decryptFailures).toBe(0);
    expect(player.position().trackId).toBe(high.id);
  });

  it('voice close 4006 (session invalid) → the player rejoins (new identify) and plays on', async () => {
    const before = rig.heard();
    if (!before) throw new Error('no voice session');
    rig.sb.world.injectVoiceFault({ kind: 'close', code: 4006 });
    await eventually(async () => ((rig.heard()?.identifies ?? 0) > before.identifies && rig.heard()?.connected ? true : undefined), 10_000, 'identified again');
    await sleep(1_200);
    await waitForPitch(rig, 660);
    expect(player.position().trackId).toBe(high.id);
  });

  it('voice close 4014 while still in the channel → the player rejoins and plays on', async () => {
    const before = rig.heard();
    if (!before) throw new Error('no voice session');
    rig.sb.world.injectVoiceFault({ kind: 'close', code: 4014 });
    await eventually(async () => ((rig.heard()?.identifies ?? 0) > before.identifies && rig.heard()?.connected ? true : undefined), 15_000, 'identified again');
    await sleep(1_200);
    await waitForPitch(rig, 660);
    expect(events.some((e) => e.type === 'disconnected')).toBe(false);
  });

  it('plays an http(s) Ogg/Opus URL; a missing file fails with a code, and the next track plays', async () => {
    const body = await readFile(low.path);
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'audio/ogg' }).end(body));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const remote = await resolveAudioUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/low.opus`);
      await player.play(remote, 0);
      await waitForPitch(rig, 220);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
    const failures = events.filter((e) => e.type === 'failed').length;
    await player.play({ id: 'gone', path: '/nonexistent/track.opus', title: 'Gone', format: 'ogg-opus' }, 0).catch(() => undefined);
    const failed = await eventually(async () => events.filter((e) => e.type === 'failed')[failures], 5_000, 'failed');
    expect(failed).toMatchObject({ trackId: 'gone', code: 'PLAYBACK_ERROR' });
    await player.play(high, 0);
    await waitForPitch(rig, 660);
  });

  it('the bot removed from voice by someone → "disconnected" (REMOVED_FROM_CHANNEL), nothing plays', async () => {
    rig.sb.world.moveVoice({ guildId: rig.guildId, userId: rig.sb.bot.userId, channelId: null });
    const e = await eventually(async () => events.find((x) => x.type === 'disconnected'), 10_000, 'disconnected');
    expect(e).toMatchObject({ code: 'REMOVED_FROM_CHANNEL', trackId: high.id });
    expect(rig.heard()).toBeUndefined();
    expect(player.position().trackId).toBeNull();
  });
});

describe('leaving an empty channel', () => {
  let rig: VoiceRig;
  beforeAll(async () => {
    rig = await startVoiceRig({ player: { emptyChannelLeaveMs: 300 } });
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('stays while a member listens, leaves after the configured time once the last one left', async () => {
    const member = rig.sb.world.people(rig.guildId).members[0];
    if (!member) throw new Error('no member');
    rig.sb.world.moveVoice({ guildId: rig.guildId, userId: member, channelId: rig.lounge });
    await eventually(async () => (rig.client.guilds.cache.get(rig.guildId)?.voiceStates.cache.get(member)?.channelId === rig.lounge ? true : undefined), 5_000, 'member in voice');
    const player = rig.players.get(rig.guildId);
    const events: PlayerEvent[] = [];
    player.on('disconnected', (e) => events.push(e));
    await player.join(rig.lounge);
    await sleep(600);
    expect(rig.heard()?.connected).toBe(true);
    // Moved to another channel first (still in voice, no longer listening), then gone.
    rig.sb.world.moveVoice({ guildId: rig.guildId, userId: member, channelId: rig.gaming });
    const e = await eventually(async () => events[0], 5_000, 'left the empty channel');
    expect(e.code).toBe('EMPTY_CHANNEL');
    // The player announces the leave as it sends it; the sandbox sees the voice session end a moment later.
    await eventually(async () => (rig.heard() === undefined ? true : undefined), 5_000, 'the sandbox to see the bot leave');
    expect(rig.sb.world.state.guild(rig.guildId).voiceStates.get(rig.sb.bot.userId)).toBeUndefined();
  });
});

describe('XChaCha20-Poly1305 transport encryption', () => {
  let rig: VoiceRig;
  beforeAll(async () => {
    // The sandbox offers XChaCha20 first: @discordjs/voice takes the first mode it supports.
    rig = await startVoiceRig({ sandbox: { voice: { modes: ['aead_xchacha20_poly1305_rtpsize', 'aead_aes256_gcm_rtpsize'] } } });
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('plays with aead_xchacha20_poly1305_rtpsize: every frame decrypts, the pitch is the track', async () => {
    const track = await scanFile(await writeToneFile(rig.dir, { title: 'Tone 550', artist: 'test', hz: 550, durationMs: 3_000 }));
    const player = rig.players.get(rig.guildId);
    const finished = new Promise<PlayerEvent>((resolve) => player.on('finished', resolve));
    await player.join(rig.lounge);
    await player.play(track, 0);
    await waitForPitch(rig, 550);
    await finished;
    await sleep(200);
    const s = rig.heard();
    expect(s?.mode).toBe('aead_xchacha20_poly1305_rtpsize');
    expect(s?.decryptFailures).toBe(0);
    expect((s?.frames ?? 0) - (s?.silentFrames ?? 0)).toBeGreaterThanOrEqual(Math.floor((track.durationMs / 20) * 0.95));
  });
});

describe('voice heartbeats', () => {
  let rig: VoiceRig;
  beforeAll(async () => {
    rig = await startVoiceRig({ sandbox: { voice: { heartbeatIntervalMs: 300 } } });
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('unanswered voice heartbeats → the client drops the socket, resumes, and the music goes on', async () => {
    const track = await scanFile(await writeToneFile(rig.dir, { title: 'Tone 330', artist: 'test', hz: 330, durationMs: 20_000 }));
    const player = rig.players.get(rig.guildId);
    await player.join(rig.lounge);
    await player.play(track, 0);
    await waitForPitch(rig, 330);
    expect(rig.sb.world.injectVoiceFault({ kind: 'skip-heartbeat-acks', count: 4 })).toBe(1);
    await eventually(async () => ((rig.heard()?.resumes ?? 0) >= 1 ? true : undefined), 10_000, 'resumed after missed acks');
    await sleep(1_200);
    await waitForPitch(rig, 330);
    expect(player.position()).toMatchObject({ trackId: track.id, paused: false });
  });
});

/** A 48 kHz stereo 16-bit WAV tone with INFO tags (INAM title, IART artist). */
const wavTone = (hz: number, ms: number, title: string, artist: string): Buffer => {
  const samples = Math.round((ms / 1000) * 48_000);
  const data = Buffer.alloc(samples * 4);
  for (let i = 0; i < samples; i++) {
    const v = Math.round(Math.sin((2 * Math.PI * hz * i) / 48_000) * 14_000);
    data.writeInt16LE(v, i * 4);
    data.writeInt16LE(v, i * 4 + 2);
  }
  const sub = (id: string, text: string) => {
    const body = Buffer.from(`${text}\0`, 'utf8');
    const padded = body.length % 2 ? Buffer.concat([body, Buffer.alloc(1)]) : body;
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(body.length, 4);
    return Buffer.concat([h, padded]);
  };
  const info = Buffer.concat([Buffer.from('INFO', 'latin1'), sub('INAM', title), sub('IART', artist)]);
  const chunk = (id: string, body: Buffer) => {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(body.length, 4);
    return Buffer.concat([h, body]);
  };
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0);
  fmt.writeUInt16LE(2, 2);
  fmt.writeUInt32LE(48_000, 4);
  fmt.writeUInt32LE(48_000 * 4, 8);
  fmt.writeUInt16LE(4, 12);
  fmt.writeUInt16LE(16, 14);
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), chunk('fmt ', fmt), chunk('LIST', info), chunk('data', data)]);
  return chunk('RIFF', body);
};

describe('formats other than Ogg/Opus go through ffmpeg', () => {
  let rig: VoiceRig;
  beforeAll(async () => {
    rig = await startVoiceRig();
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('without ffmpeg a WAV is refused with FFMPEG_MISSING, in the scan and at play; nothing else breaks', async () => {
    const path = `${rig.dir}/wave-tone.wav`;
    await writeFile(path, wavTone(385, 6_000, 'Wave Tone', 'Tester'));
    configureFfmpeg({ ffmpeg: '/nonexistent/ffmpeg', ffprobe: '/nonexistent/ffprobe' });
    try {
      const player = rig.players.get(rig.guildId);
      await expect(scanFile(path)).rejects.toMatchObject({ code: 'FFMPEG_MISSING' });
      const failed = new Promise<PlayerEvent>((resolve) => player.on('failed', resolve));
      await expect(player.play({ id: 'wav', path, title: 'Wave Tone', format: 'ffmpeg' }, 0)).rejects.toMatchObject({ code: 'FFMPEG_MISSING' });
      expect(await failed).toMatchObject({ trackId: 'wav', code: 'FFMPEG_MISSING' });
    } finally {
      configureFfmpeg({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
    }
  });

  // .ci/run installs Debian's ffmpeg; on a machine without it this one says so and is skipped.
  it.runIf(ffmpegAvailable())('a WAV is scanned by ffprobe (tags, duration) and played through ffmpeg, volume included', async () => {
    const path = `${rig.dir}/wave-tone.wav`;
    await writeFile(path, wavTone(385, 6_000, 'Wave Tone', 'Tester'));
    const player = rig.players.get(rig.guildId);
    const track = await scanFile(path);
    expect(track).toMatchObject({ title: 'Wave Tone', artist: 'Tester', format: 'ffmpeg' });
    expect(Math.abs(track.durationMs - 6_000)).toBeLessThan(50);
    await player.join(rig.lounge);
    await player.play(track, 1_000);
    await waitForPitch(rig, 385);
    await sleep(1_100);
    const full = rig.heard()?.rms ?? 0;
    player.setVolume(0.5);
    await eventually(async () => {
      const r = rig.heard()?.rms ?? 0;
      return r > full * 0.4 && r < full * 0.6 ? true : undefined;
    }, 5_000, `half loudness (full ${full}, now ${rig.heard()?.rms})`);
    expect(rig.heard()?.decryptFailures).toBe(0);
  });
});

describe('a dead UDP path', () => {
  let rig: VoiceRig;
  beforeAll(async () => {
    rig = await startVoiceRig({ player: { udpTimeoutMs: 7_000 } });
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('keepalive echoes stop → the player rejoins on a new UDP socket and the music is heard again', async () => {
    const track = await scanFile(await writeToneFile(rig.dir, { title: 'Tone 440 long', artist: 'test', hz: 440, durationMs: 60_000 }));
    const player = rig.players.get(rig.guildId);
    await player.join(rig.lounge);
    await player.play(track, 0);
    await waitForPitch(rig, 440);
    await sleep(6_000); // the watchdog arms on the first keepalive echo (every 5 s)
    const before = rig.heard();
    if (!before) throw new Error('no voice session');
    // The loss covers the client's current UDP path for a minute: only a new socket gets through.
    rig.sb.world.injectVoiceFault({ kind: 'udp-loss', ms: 60_000, ratio: 1 });
    await sleep(1_000);
    const during = rig.heard()?.frames ?? 0;
    await eventually(async () => ((rig.heard()?.identifies ?? 0) > before.identifies ? true : undefined), 20_000, 'rejoined');
    await eventually(async () => ((rig.heard()?.frames ?? 0) > during + 50 ? true : undefined), 10_000, 'frames again');
    await waitForPitch(rig, 440);
    expect(player.position().trackId).toBe(track.id);
  }, 60_000);
});
