import { randomBytes } from 'node:crypto';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { WorldContext } from '../world/context.js';
import { ALL_INTENTS, PRIVILEGED_INTENTS } from './intents.js';
import { guildCreateData, guildsOfShard, memberChunks, readyData } from './payloads.js';
import type { VoiceHub } from '../voice/hub.js';
import { GatewayFrame, IdentifyData, PresenceUpdateData, RequestGuildMembersData, ResumeData, VoiceStateUpdateData } from './schemas.js';
import { GatewaySession, type GatewayLink } from './session.js';

export interface GatewayHost {
  ctx: WorldContext;
  logger: Logger;
  heartbeatIntervalMs: number;
  resumeUrl(): string;
  sessions: Map<string, GatewaySession>;
  /** Privileged intents the sandbox application has switched on. */
  enabledPrivilegedIntents: number;
  /** While > 0, heartbeats go unanswered (fault injection: a zombie connection). */
  swallowHeartbeats: number;
  onIdentified(session: GatewaySession): void;
  /** Voice (op 4 → VOICE_STATE_UPDATE + VOICE_SERVER_UPDATE); null when voice is off. */
  voice: VoiceHub | null;
}

/** Discord allows 120 gateway payloads per 60 s per connection, then closes with 4008. */
const RATE_WINDOW_MS = 60_000;
const RATE_LIMIT = 120;
const MAX_PAYLOAD_BYTES = 4096;

const stripBotPrefix = (token: string) => token.replace(/^Bot\s+/i, '');

/** One WebSocket client: HELLO, heartbeats, IDENTIFY / RESUME, op 8, and close codes. */
export class GatewayConnection implements GatewayLink {
  session: GatewaySession | null = null;
  private lastHeartbeat: number;
  private readonly timer: NodeJS.Timeout;
  private readonly sent: number[] = [];
  private closed = false;

  constructor(
    private readonly host: GatewayHost,
    private readonly socket: { send(data: string): void; close(code: number, reason: string): void },
  ) {
    this.lastHeartbeat = Date.now();
    this.raw({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: host.heartbeatIntervalMs } });
    // A client that stops heartbeating is a zombie: Discord drops it. We allow two intervals
    // (at least 10 s) so a busy test machine is not mistaken for a dead client.
    const allowed = Math.max(host.heartbeatIntervalMs * 2, 10_000);
    this.timer = setInterval(() => {
      if (Date.now() - this.lastHeartbeat > allowed) this.close(GatewayCloseCodes.SessionTimedOut, 'Session timed out');
    }, Math.min(host.heartbeatIntervalMs, allowed));
    this.timer.unref();
  }

  send(payload: string): void {
    if (!this.closed) this.socket.send(payload);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.session?.detach(this, Date.now());
    this.socket.close(code, reason);
  }

  /** Called when the socket closed from the client side. */
  closedByPeer(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.session?.detach(this, Date.now());
  }

  private raw(payload: unknown): void {
    this.send(JSON.stringify(payload));
  }

  receive(data: string): void {
    try {
      this.handle(data);
    } catch (err) {
      this.host.logger.warn({ err }, 'gateway payload failed');
      this.close(GatewayCloseCodes.UnknownError, 'Unknown error');
    }
  }

  private handle(data: string): void {
    if (Buffer.byteLength(data) > MAX_PAYLOAD_BYTES) return this.close(GatewayCloseCodes.DecodeError, 'Payload too large');
    const now = Date.now();
    while (this.sent.length && (this.sent[0] ?? 0) < now - RATE_WINDOW_MS) this.sent.shift();
    this.sent.push(now);
    if (this.sent.length > RATE_LIMIT) return this.close(GatewayCloseCodes.RateLimited, 'Rate limited.');
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return this.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    }
    const frame = GatewayFrame.safeParse(json);
    if (!frame.success) return this.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    const { op, d } = frame.data;
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        this.lastHeartbeat = now;
        if (this.host.swallowHeartbeats > 0) {
          this.host.swallowHeartbeats -= 1;
          return;
        }
        return this.raw({ op: GatewayOpcodes.HeartbeatAck });
      case GatewayOpcodes.Identify:
        return this.identify(d);
      case GatewayOpcodes.Resume:
        return this.resume(d);
      case GatewayOpcodes.RequestGuildMembers:
        return this.requestMembers(d);
      case GatewayOpcodes.PresenceUpdate:
        if (!this.session) return this.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        if (!PresenceUpdateData.safeParse(d).success) return this.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
        return;
      case GatewayOpcodes.VoiceStateUpdate:
        return this.voiceStateUpdate(d);
      default:
        return this.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private voiceStateUpdate(d: unknown): void {
    if (!this.session) return this.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
    const parsed = VoiceStateUpdateData.safeParse(d);
    if (!parsed.success) return this.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    if (!this.host.ctx.world.guilds.get(parsed.data.guild_id)?.members.has(this.host.ctx.world.bot.userId)) return;
    this.host.voice?.fromGateway(this.session, parsed.data);
  }

  private identify(d: unknown): void {
    if (this.session) return this.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    const parsed = IdentifyData.safeParse(d);
    if (!parsed.success) return this.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    const { world } = this.host.ctx;
    if (stripBotPrefix(parsed.data.token) !== world.bot.token) return this.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const intents = parsed.data.intents;
    if ((intents & ~ALL_INTENTS) !== 0) return this.close(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
    if ((intents & PRIVILEGED_INTENTS & ~this.host.enabledPrivilegedIntents) !== 0) {
      return this.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
    }
    const shard = parsed.data.shard ?? [0, 1];
    if (shard[0] >= shard[1]) return this.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
    const session = new GatewaySession(randomBytes(16).toString('hex'), intents, shard, parsed.data.large_threshold ?? 50);
    this.session = session;
    session.attach(this);
    this.host.sessions.set(session.id, session);
    session.dispatch(GatewayDispatchEvents.Ready, readyData(world, session.id, this.host.resumeUrl(), shard));
    for (const guildId of guildsOfShard(world, shard)) {
      session.dispatch(GatewayDispatchEvents.GuildCreate, guildCreateData(world, guildId, intents, session.largeThreshold));
    }
    this.host.onIdentified(session);
  }

  private resume(d: unknown): void {
    if (this.session) return this.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    const parsed = ResumeData.safeParse(d);
    if (!parsed.success) return this.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    if (stripBotPrefix(parsed.data.token) !== this.host.ctx.world.bot.token) return this.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const session = this.host.sessions.get(parsed.data.session_id);
    const missed = session?.missedSince(parsed.data.seq ?? 0);
    if (!session || !missed) {
      // Session unknown or too old to replay: the client must IDENTIFY again.
      return this.raw({ op: GatewayOpcodes.InvalidSession, d: false });
    }
    if (session.link && session.link !== this) session.link.close(GatewayCloseCodes.UnknownError, 'Session resumed elsewhere');
    this.session = session;
    session.attach(this);
    for (const payload of missed) this.send(payload);
    session.dispatch(GatewayDispatchEvents.Resumed, null);
  }

  private requestMembers(d: unknown): void {
    const session = this.session;
    if (!session) return this.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
    const parsed = RequestGuildMembersData.safeParse(d);
    if (!parsed.success) return this.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    const req = parsed.data;
    const { world } = this.host.ctx;
    const hasPresences = (session.intents & GatewayIntentBits.GuildPresences) !== 0;
    const wantsAll = req.user_ids === undefined && (req.query ?? '') === '';
    // Like Discord: listing a whole guild without GUILD_MEMBERS gets no answer at all, and
    // presences are silently off without GUILD_PRESENCES.
    if (wantsAll && (session.intents & GatewayIntentBits.GuildMembers) === 0) {
      this.host.logger.warn('op 8 for a whole guild without the GUILD_MEMBERS intent: ignored, as Discord does');
      return;
    }
    const guildIds = Array.isArray(req.guild_id) ? req.guild_id : [req.guild_id];
    for (const guildId of guildIds) {
      if (!world.guilds.get(guildId)?.members.has(world.bot.userId)) continue;
      const userIds = req.user_ids === undefined ? undefined : Array.isArray(req.user_ids) ? req.user_ids : [req.user_ids];
      for (const chunk of memberChunks(world, { guildId, query: req.query, limit: req.limit, userIds, presences: (req.presences ?? false) && hasPresences, nonce: req.nonce })) {
        session.dispatch(GatewayDispatchEvents.GuildMembersChunk, chunk);
      }
    }
  }
}
