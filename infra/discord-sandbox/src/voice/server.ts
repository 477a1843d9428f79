import { randomBytes, randomInt } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { generate } from 'selfsigned';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { AudioAnalyzer, type AudioChange } from './audio.js';
import { decryptRtp, parseRtp, VOICE_MODES, type VoiceMode } from './crypto.js';

/** Voice gateway v8 opcodes (discord-api-types' VoiceOpcodes, spelled out to keep them in view). */
const Op = {
  Identify: 0,
  SelectProtocol: 1,
  Ready: 2,
  Heartbeat: 3,
  SessionDescription: 4,
  Speaking: 5,
  HeartbeatAck: 6,
  Resume: 7,
  Hello: 8,
  Resumed: 9,
  ClientsConnect: 11,
  ClientDisconnect: 13,
} as const;

const Close = {
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  SessionNoLongerValid: 4006,
  SessionTimeout: 4009,
  Disconnected: 4014,
  VoiceServerCrashed: 4015,
  UnknownEncryptionMode: 4016,
} as const;

const Frame = z.object({ op: z.number().int(), d: z.unknown() });
const IdentifyData = z.object({
  server_id: z.string(),
  user_id: z.string(),
  session_id: z.string(),
  token: z.string(),
  max_dave_protocol_version: z.number().int().min(0).optional(),
});
const ResumeData = z.object({ server_id: z.string(), session_id: z.string(), token: z.string(), seq_ack: z.number().int().optional() });
const SelectProtocolData = z.object({
  protocol: z.literal('udp'),
  data: z.object({ address: z.string(), port: z.number().int().min(1).max(65535), mode: z.string() }),
});
const SpeakingData = z.object({ speaking: z.number().int(), delay: z.number().optional(), ssrc: z.number().int() });
const HeartbeatData = z.union([z.number(), z.object({ t: z.number(), seq_ack: z.number().int().optional() })]);

/** Faults the control API can inject into voice. */
export const VoiceFaultInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('close'),
    code: z.union([z.literal(4006), z.literal(4014), z.literal(4015)]),
    guildId: z.string().optional(),
  }),
  z.object({
    kind: z.literal('udp-loss'),
    /** How long RTP (and keepalives) on the client's current UDP path are dropped; a new socket is not affected. */
    ms: z.number().int().min(1).max(60_000),
    /** Share of packets dropped meanwhile (1 = all). */
    ratio: z.number().min(0).max(1).default(1),
    guildId: z.string().optional(),
  }),
  z.object({ kind: z.literal('skip-heartbeat-acks'), count: z.number().int().min(1).max(100), guildId: z.string().optional() }),
]);
export type VoiceFaultInput = z.infer<typeof VoiceFaultInput>;

export interface VoiceSessionView {
  guildId: string;
  channelId: string | null;
  userId: string;
  /** The voice WebSocket is identified and a session description was sent. */
  connected: boolean;
  frames: number;
  silentFrames: number;
  decryptFailures: number;
  sequenceGaps: number;
  rms: number;
  dominantHz: number;
  mode: VoiceMode | null;
  /** The highest DAVE protocol version the client said it supports (Identify). */
  maxDaveProtocolVersion: number | null;
  /** Binary DAVE opcodes the client sent (e.g. 26, its MLS key package, at version ≥ 1). */
  daveOpcodesSeen: number[];
  speaking: boolean;
  resumes: number;
  identifies: number;
  ssrc: number;
}

interface VoiceSession {
  guildId: string;
  userId: string;
  channelId: string | null;
  gatewaySessionId: string;
  token: string;
  ssrc: number;
  secretKey: Buffer;
  mode: VoiceMode | null;
  link: VoiceLink | null;
  ready: boolean;
  maxDave: number | null;
  daveOps: Set<number>;
  speaking: boolean;
  resumes: number;
  identifies: number;
  decryptFailures: number;
  sequenceGaps: number;
  lastSequence: number | null;
  analyzer: AudioAnalyzer;
  lossUntil: number;
  lossRatio: number;
  lossCounter: number;
  /** The client UDP address (ip:port) the loss applies to: a new socket takes another path. */
  lossPath: string | null;
  /** Where this session's RTP came from last (ip:port). */
  remote: string | null;
  skipAcks: number;
}

interface VoiceLink {
  ws: WebSocket;
  seq: number;
  session: VoiceSession | null;
  lastHeartbeat: number;
}

export interface VoiceServerOptions {
  host: string;
  /** The host clients are told (Ready's ip must be IPv4). */
  advertisedHost: string;
  logger: Logger;
  /** Voice HELLO interval; Discord's is about 13.75 s. */
  heartbeatIntervalMs?: number;
  /** Modes offered in Ready, in this order (the client takes the first it supports). */
  modes?: readonly VoiceMode[];
}

const key = (guildId: string, userId: string) => `${guildId}:${userId}`;

/**
 * The sandbox's voice server: a voice gateway v8 over TLS (certificate made at start) and one
 * UDP socket. Every RTP packet is decrypted and Opus-decoded, so tests can ask what was heard.
 */
export class VoiceServer {
  private readonly sessions = new Map<string, VoiceSession>();
  private readonly bySsrc = new Map<number, VoiceSession>();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly heartbeatIntervalMs: number;
  private readonly reaper: NodeJS.Timeout;

  private constructor(
    private readonly options: VoiceServerOptions,
    private readonly https: Server,
    private readonly udp: Socket,
    /** The PEM certificate a sandbox-mode client adds to its trusted CAs. */
    readonly certificate: string,
  ) {
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 13_750;
    https.on('upgrade', (req, socket, head) => this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws)));
    udp.on('message', (msg, rinfo) => this.onUdp(msg, rinfo));
    // A client that stops heartbeating (about 3 intervals) is dropped with 4009, as Discord does.
    this.reaper = setInterval(() => this.reap(), this.heartbeatIntervalMs);
    this.reaper.unref();
  }

  static async start(options: VoiceServerOptions): Promise<VoiceServer> {
    const pems = await generate([{ name: 'commonName', value: `discord-sandbox voice ${randomBytes(6).toString('hex')}` }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 30 * 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            { type: 2, value: 'localhost' },
            ...(/^\d+\.\d+\.\d+\.\d+$/.test(options.advertisedHost) ? [{ type: 7 as const, ip: options.advertisedHost }] : [{ type: 2 as const, value: options.advertisedHost }]),
          ],
        },
      ],
    });
    const https = createServer({ key: pems.private, cert: pems.cert });
    https.on('request', (_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' });
      res.end('voice gateway: upgrade to a WebSocket\n');
    });
    await new Promise<void>((resolve, reject) => {
      https.once('error', reject);
      https.listen(0, options.host, () => resolve());
    });
    const udp = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, /^\d+\.\d+\.\d+\.\d+$/.test(options.host) ? options.host : '127.0.0.1', () => resolve());
    });
    return new VoiceServer(options, https, udp, pems.cert);
  }

  get endpoint(): string {
    return `${this.options.advertisedHost}:${(this.https.address() as AddressInfo).port}`;
  }

  get udpPort(): number {
    return this.udp.address().port;
  }

  private get udpIp(): string {
    return /^\d+\.\d+\.\d+\.\d+$/.test(this.options.advertisedHost) ? this.options.advertisedHost : '127.0.0.1';
  }

  /**
   * The gateway got op 4 for a channel: keep (or begin) the user's voice session and hand out a
   * fresh token, for VOICE_SERVER_UPDATE.
   */
  prepare(guildId: string, userId: string, channelId: string, gatewaySessionId: string): { token: string; endpoint: string } {
    const token = randomBytes(12).toString('hex');
    let s = this.sessions.get(key(guildId, userId));
    if (!s) {
      s = {
        guildId,
        userId,
        channelId,
        gatewaySessionId,
        token,
        ssrc: this.newSsrc(),
        secretKey: randomBytes(32),
        mode: null,
        link: null,
        ready: false,
        maxDave: null,
        daveOps: new Set(),
        speaking: false,
        resumes: 0,
        identifies: 0,
        decryptFailures: 0,
        sequenceGaps: 0,
        lastSequence: null,
        analyzer: new AudioAnalyzer(),
        lossUntil: 0,
        lossRatio: 0,
        lossCounter: 0,
        lossPath: null,
        remote: null,
        skipAcks: 0,
      };
      this.sessions.set(key(guildId, userId), s);
    }
    s.token = token;
    s.channelId = channelId;
    s.gatewaySessionId = gatewaySessionId;
    return { token, endpoint: this.endpoint };
  }

  /** The user's voice channel changed without a new connection (moved by someone). */
  moved(guildId: string, userId: string, channelId: string): void {
    const s = this.sessions.get(key(guildId, userId));
    if (s) s.channelId = channelId;
  }

  /** The user left voice: the voice socket closes with 4014 and the session ends. */
  end(guildId: string, userId: string): void {
    const s = this.sessions.get(key(guildId, userId));
    if (!s) return;
    this.sessions.delete(key(guildId, userId));
    this.bySsrc.delete(s.ssrc);
    s.analyzer.close();
    s.link?.ws.close(Close.Disconnected, 'Disconnected.');
    s.link = null;
  }

  endAll(): void {
    for (const s of [...this.sessions.values()]) this.end(s.guildId, s.userId);
  }

  views(): VoiceSessionView[] {
    return [...this.sessions.values()].map((s) => {
      const f = s.analyzer.figures();
      return {
        guildId: s.guildId,
        channelId: s.channelId,
        userId: s.userId,
        connected: s.link !== null && s.ready,
        frames: f.frames,
        silentFrames: f.silentFrames,
        decryptFailures: s.decryptFailures + f.decodeFailures,
        sequenceGaps: s.sequenceGaps,
        rms: f.rms,
        dominantHz: f.dominantHz,
        mode: s.mode,
        maxDaveProtocolVersion: s.maxDave,
        daveOpcodesSeen: [...s.daveOps].sort((a, b) => a - b),
        speaking: s.speaking,
        resumes: s.resumes,
        identifies: s.identifies,
        ssrc: s.ssrc,
      };
    });
  }

  /** What changed in a session's audio (silence, audio, pitch) since `since` (epoch ms). */
  timeline(guildId: string, since = 0): AudioChange[] {
    const s = [...this.sessions.values()].find((x) => x.guildId === guildId);
    return s ? s.analyzer.timeline.filter((c) => c.at > since) : [];
  }

  /** Injects a fault into the matching sessions (all when no guildId); returns how many. */
  inject(fault: VoiceFaultInput): number {
    const targets = [...this.sessions.values()].filter((s) => !fault.guildId || s.guildId === fault.guildId);
    for (const s of targets) {
      if (fault.kind === 'close') s.link?.ws.close(fault.code, fault.code === 4015 ? 'Voice server crashed.' : fault.code === 4006 ? 'Session no longer valid.' : 'Disconnected.');
      else if (fault.kind === 'udp-loss') {
        s.lossUntil = Date.now() + fault.ms;
        s.lossRatio = fault.ratio;
        s.lossCounter = 0;
        s.lossPath = s.remote;
      } else s.skipAcks = fault.count;
    }
    return targets.length;
  }

  async close(): Promise<void> {
    clearInterval(this.reaper);
    for (const s of this.sessions.values()) s.analyzer.close();
    this.sessions.clear();
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.https.closeAllConnections();
    await new Promise<void>((resolve) => this.https.close(() => resolve()));
    await new Promise<void>((resolve) => this.udp.close(() => resolve()));
  }

  private newSsrc(): number {
    let ssrc = randomInt(1, 2 ** 31);
    while ([...this.sessions.values()].some((s) => s.ssrc === ssrc)) ssrc = randomInt(1, 2 ** 31);
    return ssrc;
  }

  // ---- voice WebSocket ---------------------------------------------------------------------

  private accept(ws: WebSocket): void {
    const link: VoiceLink = { ws, seq: 0, session: null, lastHeartbeat: Date.now() };
    this.send(link, Op.Hello, { heartbeat_interval: this.heartbeatIntervalMs, v: 8 }, false);
    ws.on('message', (data, isBinary) => {
      const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      try {
        if (isBinary) this.onBinary(link, buf);
        else this.onJson(link, buf.toString());
      } catch (err) {
        this.options.logger.warn({ err }, 'voice payload failed');
        ws.close(Close.DecodeError, 'Failed to decode payload.');
      }
    });
    ws.on('close', () => {
      const s = link.session;
      if (s && s.link === link) {
        s.link = null;
        s.ready = false;
        s.speaking = false;
      }
    });
    ws.on('error', (err) => this.options.logger.debug({ err }, 'voice socket error'));
  }

  private send(link: VoiceLink, op: number, d: unknown, sequenced = true): void {
    if (link.ws.readyState !== link.ws.OPEN) return;
    if (sequenced) link.seq += 1;
    link.ws.send(JSON.stringify(sequenced ? { op, d, seq: link.seq } : { op, d }));
  }

  private onBinary(link: VoiceLink, buf: Buffer): void {
    // Client binary frames are [u8 opcode][payload] (DAVE's MLS messages).
    const op = buf[0];
    if (op !== undefined && link.session) link.session.daveOps.add(op);
  }

  private onJson(link: VoiceLink, text: string): void {
    const frame = Frame.safeParse(JSON.parse(text));
    if (!frame.success) return link.ws.close(Close.DecodeError, 'Failed to decode payload.');
    const { op, d } = frame.data;
    switch (op) {
      case Op.Heartbeat: {
        link.lastHeartbeat = Date.now();
        const hb = HeartbeatData.safeParse(d);
        if (!hb.success) return link.ws.close(Close.DecodeError, 'Failed to decode payload.');
        const s = link.session;
        if (s && s.skipAcks > 0) {
          s.skipAcks -= 1;
          return;
        }
        return this.send(link, Op.HeartbeatAck, { t: typeof hb.data === 'number' ? hb.data : hb.data.t }, false);
      }
      case Op.Identify:
        return this.identify(link, d);
      case Op.Resume:
        return this.resume(link, d);
      case Op.SelectProtocol:
        return this.selectProtocol(link, d);
      case Op.Speaking: {
        if (!link.session) return link.ws.close(Close.NotAuthenticated, 'Not authenticated.');
        const sp = SpeakingData.safeParse(d);
        if (!sp.success) return link.ws.close(Close.DecodeError, 'Failed to decode payload.');
        link.session.speaking = (sp.data.speaking & 1) === 1;
        return;
      }
      default:
        // Newer clients send more (e.g. DAVE transition ops); Discord tolerates them too.
        this.options.logger.debug({ op }, 'voice opcode ignored');
    }
  }

  private identify(link: VoiceLink, d: unknown): void {
    if (link.session) return link.ws.close(Close.AlreadyAuthenticated, 'Already authenticated.');
    const p = IdentifyData.safeParse(d);
    if (!p.success) return link.ws.close(Close.DecodeError, 'Failed to decode payload.');
    const s = this.sessions.get(key(p.data.server_id, p.data.user_id));
    if (!s || s.token !== p.data.token) return link.ws.close(Close.AuthenticationFailed, 'Authentication failed.');
    if (s.gatewaySessionId !== p.data.session_id) return link.ws.close(Close.SessionNoLongerValid, 'Session is no longer valid.');
    if (s.link && s.link !== link) s.link.ws.close(Close.SessionNoLongerValid, 'Session replaced.');
    link.session = s;
    s.link = link;
    s.ready = false;
    s.identifies += 1;
    s.maxDave = p.data.max_dave_protocol_version ?? 0;
    // A new connection starts its own RTP sequence; a new key and ssrc, as Discord hands out.
    this.bySsrc.delete(s.ssrc);
    s.ssrc = this.newSsrc();
    s.secretKey = randomBytes(32);
    s.lastSequence = null;
    this.bySsrc.set(s.ssrc, s);
    this.send(link, Op.Ready, { ssrc: s.ssrc, ip: this.udpIp, port: this.udpPort, modes: [...(this.options.modes ?? VOICE_MODES)], heartbeat_interval: this.heartbeatIntervalMs });
  }

  private resume(link: VoiceLink, d: unknown): void {
    if (link.session) return link.ws.close(Close.AlreadyAuthenticated, 'Already authenticated.');
    const p = ResumeData.safeParse(d);
    if (!p.success) return link.ws.close(Close.DecodeError, 'Failed to decode payload.');
    const s = [...this.sessions.values()].find((x) => x.guildId === p.data.server_id && x.gatewaySessionId === p.data.session_id);
    if (!s) return link.ws.close(Close.SessionNoLongerValid, 'Session is no longer valid.');
    if (s.token !== p.data.token) return link.ws.close(Close.AuthenticationFailed, 'Authentication failed.');
    if (s.link && s.link !== link) s.link.ws.close(Close.SessionNoLongerValid, 'Session resumed elsewhere.');
    link.session = s;
    s.link = link;
    s.resumes += 1;
    s.ready = s.mode !== null;
    this.send(link, Op.Resumed, null);
  }

  private selectProtocol(link: VoiceLink, d: unknown): void {
    const s = link.session;
    if (!s) return link.ws.close(Close.NotAuthenticated, 'Not authenticated.');
    const p = SelectProtocolData.safeParse(d);
    if (!p.success) return link.ws.close(Close.DecodeError, 'Failed to decode payload.');
    const mode = (this.options.modes ?? VOICE_MODES).find((m) => m === p.data.data.mode);
    if (!mode) return link.ws.close(Close.UnknownEncryptionMode, 'Unknown encryption mode.');
    s.mode = mode;
    s.ready = true;
    this.send(link, Op.SessionDescription, { mode, secret_key: [...s.secretKey], dave_protocol_version: 0, audio_codec: 'opus', media_session_id: randomBytes(16).toString('hex') });
  }

  private reap(): void {
    const now = Date.now();
    for (const s of this.sessions.values()) {
      const link = s.link;
      if (link && now - link.lastHeartbeat > this.heartbeatIntervalMs * 3 + 5_000) link.ws.close(Close.SessionTimeout, 'Session timeout.');
    }
  }

  // ---- UDP ---------------------------------------------------------------------------------

  /** The path of a packet is lost while a udp-loss fault covers it. */
  private lost(s: VoiceSession, from: string): boolean {
    return Date.now() < s.lossUntil && (s.lossPath === null || s.lossPath === from);
  }

  private onUdp(msg: Buffer, rinfo: RemoteInfo): void {
    if (msg.length === 74 && msg.readUInt16BE(0) === 1) return this.discover(msg, rinfo);
    const from = `${rinfo.address}:${rinfo.port}`;
    if (msg.length === 8) {
      // Keepalive: echoed, as Discord does, so a client can tell that its UDP path is alive.
      const s = [...this.sessions.values()].find((x) => x.remote === from);
      if (s && !this.lost(s, from)) this.udp.send(msg, rinfo.port, rinfo.address);
      return;
    }
    const rtp = parseRtp(msg);
    if (!rtp) return;
    const s = this.bySsrc.get(rtp.ssrc);
    if (!s || !s.mode) return;
    s.remote = from;
    if (this.lost(s, from)) {
      s.lossCounter += 1;
      // Drops `ratio` of the packets, spread evenly (deterministic, so a test can predict it).
      if (Math.floor(s.lossCounter * s.lossRatio) !== Math.floor((s.lossCounter - 1) * s.lossRatio)) return;
    }
    if (s.lastSequence !== null) {
      const step = (rtp.sequence - s.lastSequence + 65_536) % 65_536;
      if (step === 0 || step > 32_768) return; // duplicate or late: not a new frame
      if (step > 1) s.sequenceGaps += step - 1;
    }
    s.lastSequence = rtp.sequence;
    const opus = decryptRtp(s.mode, s.secretKey, msg, rtp.headerLength);
    if (!opus) {
      s.decryptFailures += 1;
      return;
    }
    s.analyzer.push(opus);
  }

  private discover(msg: Buffer, rinfo: RemoteInfo): void {
    const ssrc = msg.readUInt32BE(4);
    const s = this.bySsrc.get(ssrc);
    const from = `${rinfo.address}:${rinfo.port}`;
    if (!s || this.lost(s, from)) return;
    s.remote = from;
    const reply = Buffer.alloc(74);
    reply.writeUInt16BE(2, 0);
    reply.writeUInt16BE(70, 2);
    reply.writeUInt32BE(ssrc, 4);
    reply.write(rinfo.address, 8, 'utf8');
    reply.writeUInt16BE(rinfo.port, 72);
    this.udp.send(reply, rinfo.port, rinfo.address);
  }
}
