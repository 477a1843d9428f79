import { createSocket, type Socket } from 'node:dgram';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { GatewayIntentBits as I, GatewayOpcodes } from 'discord-api-types/v10';
import type { Client } from 'discord.js';
import OpusScript from 'opusscript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle, VoiceSessionView } from '../src/index.js';
import { connectBot, controlPost, nextEvent, RawGateway, sandbox } from './helpers.js';

const frameOf = (gw: RawGateway, op: number) => gw.frames.find((f) => f.op === op);

describe('sandbox voice: voice states, the voice gateway and UDP media', () => {
  let sb: SandboxHandle;
  let client: Client<true>;
  let guildId: string;
  let lounge: string;
  let gaming: string;
  let member: string;
  const sockets: RawGateway[] = [];
  let udp: Socket | null = null;

  beforeAll(async () => {
    sb = await sandbox({ seed: 3, heartbeatIntervalMs: 1_000 });
    client = await connectBot(sb, [I.Guilds, I.GuildVoiceStates]);
    guildId = sb.world.mainGuild().base.id;
    lounge = sb.world.channelByName(guildId, 'Lounge').id;
    gaming = sb.world.channelByName(guildId, 'Gaming').id;
    member = sb.world.people(guildId).members[0] ?? '';
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    udp?.close();
    await client?.destroy();
    await sb?.stop();
  });

  it('POST /act/voice moves a member in, across and out: discord.js sees each VOICE_STATE_UPDATE', async () => {
    let seen = nextEvent(client, 'voiceStateUpdate', (_b, a) => a.id === member && a.channelId === lounge);
    expect((await controlPost(sb, '/act/voice', { guildId, userId: member, channelId: lounge })).status).toBe(200);
    await seen;
    seen = nextEvent(client, 'voiceStateUpdate', (b, a) => a.id === member && b.channelId === lounge && a.channelId === gaming);
    const moved = await controlPost(sb, '/act/voice', { guildId, userId: member, channelId: gaming });
    expect(await moved.json()).toEqual({ previousChannelId: lounge, channelId: gaming });
    await seen;
    expect(client.guilds.cache.get(guildId)?.channels.cache.get(gaming)?.members).toHaveProperty('size', 1);
    seen = nextEvent(client, 'voiceStateUpdate', (b, a) => a.id === member && b.channelId === gaming && a.channelId === null);
    await controlPost(sb, '/act/voice', { guildId, userId: member, channelId: null });
    await seen;
  });

  it('GUILD_CREATE carries the voice states of members already in voice', async () => {
    await controlPost(sb, '/act/voice', { guildId, userId: member, channelId: lounge });
    const state = (await (await fetch(`${sb.url}/_sandbox/state?guild_id=${guildId}&messages=0`)).json()) as { guilds: { voice_states: { user_id: string; channel_id: string }[] }[] };
    expect(state.guilds[0]?.voice_states).toEqual([expect.objectContaining({ user_id: member, channel_id: lounge })]);
    const late = await connectBot(sb, [I.Guilds, I.GuildVoiceStates]);
    try {
      expect(late.guilds.cache.get(guildId)?.voiceStates.cache.get(member)?.channelId).toBe(lounge);
    } finally {
      await late.destroy();
    }
  });

  it('bad voice moves are 4xx naming the field, and change nothing', async () => {
    const text = sb.world.channelByName(guildId, 'general').id;
    const notVoice = await controlPost(sb, '/act/voice', { guildId, userId: member, channelId: text });
    expect(notVoice.status).toBe(400);
    expect(JSON.stringify(await notVoice.json())).toContain('channel_id');
    const badId = await controlPost(sb, '/act/voice', { guildId, userId: 'x', channelId: lounge });
    expect(badId.status).toBe(400);
    const unknown = await controlPost(sb, '/act/voice', { guildId, userId: '12345678901234567', channelId: lounge });
    expect(unknown.status).toBe(404);
    const badFault = await controlPost(sb, '/voice/faults', { kind: 'close', code: 4000 });
    expect(badFault.status).toBe(400);
    expect(sb.world.state.guild(guildId).voiceStates.get(member)?.channelId).toBe(lounge);
  });

  it('op 4 → VOICE_STATE_UPDATE + VOICE_SERVER_UPDATE; the voice gateway (TLS, v8) and UDP carry XChaCha20 RTP that is decoded and heard', async () => {
    const gw = await RawGateway.open(sb.url);
    sockets.push(gw);
    await gw.until(() => frameOf(gw, GatewayOpcodes.Hello));
    gw.send({ op: GatewayOpcodes.Identify, d: { token: sb.bot.token, intents: I.Guilds | I.GuildVoiceStates, properties: { os: 'linux', browser: 't', device: 't' } } });
    const ready = await gw.until(() => gw.dispatch('READY'));
    const sessionId = (ready.d as { session_id: string }).session_id;
    gw.send({ op: GatewayOpcodes.VoiceStateUpdate, d: { guild_id: guildId, channel_id: lounge, self_mute: false, self_deaf: true } });
    const state = await gw.until(() => gw.frames.find((f) => f.t === 'VOICE_STATE_UPDATE' && (f.d as { user_id: string }).user_id === sb.bot.userId));
    expect(state.d).toMatchObject({ channel_id: lounge, session_id: sessionId, self_deaf: true });
    const server = (await gw.until(() => gw.dispatch('VOICE_SERVER_UPDATE'))).d as { token: string; endpoint: string; guild_id: string };
    expect(server.guild_id).toBe(guildId);

    // The certificate is passed as the CA of this one client: TLS verification stays on.
    const voiceUrl = `wss://${server.endpoint}?v=8`;
    const wrongToken = await RawGateway.open(voiceUrl, { ca: sb.voice?.certificate });
    sockets.push(wrongToken);
    wrongToken.send({ op: 0, d: { server_id: guildId, user_id: sb.bot.userId, session_id: sessionId, token: 'nope', max_dave_protocol_version: 1 } });
    expect(await wrongToken.closeCode()).toBe(4004);
    await expect(RawGateway.open(voiceUrl)).rejects.toThrow(/self-signed|certificate/);

    const voice = await RawGateway.open(voiceUrl, { ca: sb.voice?.certificate });
    sockets.push(voice);
    const hello = await voice.until(() => frameOf(voice, 8));
    expect(hello.d).toMatchObject({ v: 8 });
    voice.send({ op: 3, d: { t: 42, seq_ack: -1 } });
    expect((await voice.until(() => frameOf(voice, 6))).d).toEqual({ t: 42 });
    voice.send({ op: 0, d: { server_id: guildId, user_id: sb.bot.userId, session_id: sessionId, token: server.token, max_dave_protocol_version: 1 } });
    const vready = (await voice.until(() => frameOf(voice, 2))).d as { ssrc: number; ip: string; port: number; modes: string[] };
    expect(vready.modes).toEqual(['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize']);

    // UDP IP discovery: 74 bytes, type 1 → type 2 with our address and port.
    const sock = createSocket('udp4');
    udp = sock;
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const discovery = Buffer.alloc(74);
    discovery.writeUInt16BE(1, 0);
    discovery.writeUInt16BE(70, 2);
    discovery.writeUInt32BE(vready.ssrc, 4);
    const reply = await new Promise<Buffer>((resolve) => {
      sock.once('message', (m) => resolve(m));
      sock.send(discovery, vready.port, vready.ip);
    });
    expect(reply.readUInt16BE(0)).toBe(2);
    expect(reply.toString('utf8', 8, reply.indexOf(0, 8))).toBe('127.0.0.1');
    expect(reply.readUInt16BE(72)).toBe(sock.address().port);

    voice.send({ op: 1, d: { protocol: 'udp', data: { address: '127.0.0.1', port: sock.address().port, mode: 'xsalsa20_poly1305' } } });
    expect(await voice.closeCode()).toBe(4016);

    // Again, properly: a fresh op 4 gives a new token; pick XChaCha20.
    gw.send({ op: GatewayOpcodes.VoiceStateUpdate, d: { guild_id: guildId, channel_id: lounge, self_mute: false, self_deaf: true } });
    const server2 = (await gw.until(() => gw.frames.filter((f) => f.t === 'VOICE_SERVER_UPDATE')[1])).d as { token: string };
    const v2 = await RawGateway.open(voiceUrl, { ca: sb.voice?.certificate });
    sockets.push(v2);
    v2.send({ op: 0, d: { server_id: guildId, user_id: sb.bot.userId, session_id: sessionId, token: server2.token, max_dave_protocol_version: 1 } });
    const r2 = (await v2.until(() => frameOf(v2, 2))).d as { ssrc: number; port: number };
    v2.send({ op: 1, d: { protocol: 'udp', data: { address: '127.0.0.1', port: sock.address().port, mode: 'aead_xchacha20_poly1305_rtpsize' } } });
    const desc = (await v2.until(() => frameOf(v2, 4))).d as { mode: string; secret_key: number[]; dave_protocol_version: number };
    expect(desc).toMatchObject({ mode: 'aead_xchacha20_poly1305_rtpsize', dave_protocol_version: 0 });
    expect(desc.secret_key).toHaveLength(32);
    v2.send({ op: 5, d: { speaking: 1, delay: 0, ssrc: r2.ssrc } });
    v2.ws.send(Buffer.from([26, 1, 2, 3])); // a DAVE key package, as a DAVE-capable client sends at v1

    // 100 frames of a 440 Hz tone, 20 ms apart in RTP terms; every 10th sequence number skipped once.
    const encoder = new OpusScript(48_000, 2, OpusScript.Application.AUDIO);
    const key = Uint8Array.from(desc.secret_key);
    let seq = 1000;
    for (let f = 0; f < 100; f++) {
      const pcm = Buffer.alloc(960 * 4);
      for (let i = 0; i < 960; i++) {
        const v = Math.round(Math.sin((2 * Math.PI * 440 * (f * 960 + i)) / 48_000) * 12_000);
        pcm.writeInt16LE(v, i * 4);
        pcm.writeInt16LE(v, i * 4 + 2);
      }
      const opus = encoder.encode(pcm, 960);
      seq += f === 50 ? 2 : 1;
      const header = Buffer.alloc(12);
      header[0] = 0x80;
      header[1] = 0x78;
      header.writeUInt16BE(seq & 0xffff, 2);
      header.writeUInt32BE(f * 960, 4);
      header.writeUInt32BE(r2.ssrc, 8);
      const nonce4 = Buffer.alloc(4);
      nonce4.writeUInt32BE(f + 1);
      const sealed = xchacha20poly1305(key, Buffer.concat([nonce4, Buffer.alloc(20)]), header).encrypt(opus);
      sock.send(Buffer.concat([header, sealed, nonce4]), r2.port, '127.0.0.1');
      if (f === 20) {
        const forged = Buffer.concat([header, sealed, nonce4]);
        forged.writeUInt16BE((seq + 0) & 0xffff, 2); // same sequence: a duplicate, ignored
        sock.send(forged, r2.port, '127.0.0.1');
      }
    }
    encoder.delete();
    const heard = await new Promise<VoiceSessionView>((resolve, reject) => {
      const deadline = Date.now() + 5_000;
      const poll = async () => {
        const body = (await (await fetch(`${sb.url}/_sandbox/voice`)).json()) as { sessions: VoiceSessionView[] };
        const s = body.sessions.find((x) => x.guildId === guildId);
        if (s && s.frames >= 100) return resolve(s);
        if (Date.now() > deadline) return reject(new Error(`heard ${JSON.stringify(s)}`));
        setTimeout(() => void poll(), 50);
      };
      void poll();
    });
    expect(heard).toMatchObject({ channelId: lounge, userId: sb.bot.userId, connected: true, frames: 100, silentFrames: 0, decryptFailures: 0, sequenceGaps: 1, speaking: true, mode: 'aead_xchacha20_poly1305_rtpsize', maxDaveProtocolVersion: 1 });
    expect(heard.daveOpcodesSeen).toEqual([26]);
    expect(Math.abs(heard.dominantHz - 440)).toBeLessThan(3);
    expect(heard.rms).toBeGreaterThan(0.2);

    // A packet under a wrong key is a decrypt failure.
    const bad = Buffer.concat([Buffer.from([0x80, 0x78, 0, 0, 0, 0, 0, 0]), Buffer.alloc(4), Buffer.alloc(40, 7)]);
    bad.writeUInt16BE((seq + 1) & 0xffff, 2);
    bad.writeUInt32BE(r2.ssrc, 8);
    sock.send(bad, r2.port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 200));
    expect(sb.world.voiceSessions()[0]?.decryptFailures).toBe(1);

    // Faults: 4015 closes the voice socket; resume (op 7) → op 9 on a new socket.
    expect((await (await controlPost(sb, '/voice/faults', { kind: 'close', code: 4015, guildId })).json())).toEqual({ affected: 1 });
    expect(await v2.closeCode()).toBe(4015);
    const v3 = await RawGateway.open(voiceUrl, { ca: sb.voice?.certificate });
    sockets.push(v3);
    v3.send({ op: 7, d: { server_id: guildId, session_id: sessionId, token: server2.token, seq_ack: 3 } });
    await v3.until(() => frameOf(v3, 9));
    expect(sb.world.voiceSessions()[0]).toMatchObject({ resumes: 1, connected: true, frames: 100 });

    // op 4 with channel null: the voice state goes, the voice socket closes with 4014.
    gw.send({ op: GatewayOpcodes.VoiceStateUpdate, d: { guild_id: guildId, channel_id: null, self_mute: false, self_deaf: false } });
    expect(await v3.closeCode()).toBe(4014);
    expect(sb.world.voiceSessions()).toEqual([]);
    expect(sb.world.state.guild(guildId).voiceStates.has(sb.bot.userId)).toBe(false);
  });
});
