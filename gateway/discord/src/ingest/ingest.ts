import type { EventEmitter } from 'node:events';
import { Events, type Client } from 'discord.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { FactPublisher } from './fact-publisher.js';
import type { DispatchHandler, DispatchMeta, IngestContext } from './fact-builder.js';
import { GuildCreatePresencesSchema, PresenceUpdateSchema, ReadySchema } from './gateway-payloads.js';
import { onChannelCreate, onChannelDelete, onChannelUpdate, onRoleCreate, onRoleDelete, onRoleUpdate } from './guild-ingest.js';
import { onMemberAdd, onMemberRemove, onMemberUpdate } from './member-ingest.js';
import { onMessageCreate, onMessageDelete, onMessageDeleteBulk, onMessageUpdate } from './message-ingest.js';
import { onAuditLogEntry, onBanAdd, onBanRemove } from './moderation-ingest.js';
import { PresenceCounter } from './presence-counter.js';
import { reconciliationFacts, type GuildHistoryOf } from './reconciliation.js';
import { snapshotFacts } from './snapshot.js';
import { onVoiceStateUpdate } from './voice-ingest.js';

/** Gateway dispatch name → the handler that turns it into facts. */
const HANDLERS: Readonly<Record<string, DispatchHandler>> = {
  GUILD_MEMBER_ADD: onMemberAdd,
  GUILD_MEMBER_REMOVE: onMemberRemove,
  GUILD_MEMBER_UPDATE: onMemberUpdate,
  MESSAGE_CREATE: onMessageCreate,
  MESSAGE_UPDATE: onMessageUpdate,
  MESSAGE_DELETE: onMessageDelete,
  MESSAGE_DELETE_BULK: onMessageDeleteBulk,
  GUILD_BAN_ADD: onBanAdd,
  GUILD_BAN_REMOVE: onBanRemove,
  GUILD_AUDIT_LOG_ENTRY_CREATE: onAuditLogEntry,
  GUILD_ROLE_CREATE: onRoleCreate,
  GUILD_ROLE_UPDATE: onRoleUpdate,
  GUILD_ROLE_DELETE: onRoleDelete,
  CHANNEL_CREATE: onChannelCreate,
  CHANNEL_UPDATE: onChannelUpdate,
  CHANNEL_DELETE: onChannelDelete,
  VOICE_STATE_UPDATE: onVoiceStateUpdate,
};

const PacketSchema = z.object({ op: z.number(), t: z.string().nullable().optional(), s: z.number().nullable().optional(), d: z.unknown() });

export type IngestOptions = Readonly<{
  contentAllowed: (guildId: string) => boolean;
  presenceWindowMs: number;
  logger: Logger;
  /**
   * What the bot saw of a guild before (from the DISCORD stream): reconciliation after downtime
   * needs an earlier snapshot, and the audit-log catch-up starts after the last entry seen.
   * Without it, no reconciliation.
   */
  history?: GuildHistoryOf;
}>;

export type IngestStats = { dispatches: number; facts: number; badPayloads: number; snapshots: number };

/**
 * Turns every relevant gateway dispatch into facts. It listens to discord.js's raw packets,
 * which arrive before discord.js updates its cache: the cache still holds the "before" state
 * (edited message, updated member) and the packet carries the session sequence used as the
 * dedupe key of facts without a natural id.
 */
export class GatewayIngest {
  private readonly sessions = new Map<number, string>();
  private readonly presence = new PresenceCounter();
  private readonly stats: IngestStats = { dispatches: 0, facts: 0, badPayloads: 0, snapshots: 0 };
  private readonly ctx: IngestContext;
  private readonly onRaw = (packet: unknown, shardId: number) => this.handle(packet, shardId);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Client,
    private readonly publisher: FactPublisher,
    private readonly options: IngestOptions,
  ) {
    this.ctx = {
      client,
      selfId: () => client.user?.id ?? null,
      contentAllowed: options.contentAllowed,
      logger: options.logger,
    };
  }

  /** Attach before `client.login()` so READY and the first GUILD_CREATEs are seen. */
  start(): void {
    (this.client as unknown as EventEmitter).on(Events.Raw, this.onRaw);
    this.client.on(Events.GuildDelete, (guild) => this.presence.forget(guild.id));
    this.scheduleWindow();
  }

  stop(): void {
    (this.client as unknown as EventEmitter).off(Events.Raw, this.onRaw);
    clearTimeout(this.timer);
  }

  snapshot(): IngestStats & { sessions: Record<number, string> } {
    return { ...this.stats, sessions: Object.fromEntries(this.sessions) };
  }

  private handle(raw: unknown, shardId: number): void {
    const packet = PacketSchema.safeParse(raw);
    if (!packet.success || packet.data.op !== 0 || !packet.data.t) return;
    const { t, d } = packet.data;
    const seq = packet.data.s ?? null;
    this.stats.dispatches++;
    const meta: DispatchMeta = { shardId, sessionId: this.sessions.get(shardId) ?? null, seq, observedAt: new Date().toISOString() };
    try {
      if (t === 'READY') {
        this.sessions.set(shardId, ReadySchema.parse(d).session_id);
        return;
      }
      if (t === 'GUILD_CREATE') return this.onGuildCreate(d, shardId, meta);
      if (t === 'PRESENCE_UPDATE') {
        const p = PresenceUpdateSchema.parse(d);
        this.presence.update(p.guild_id, p.user.id, p.status);
        return;
      }
      const handler = HANDLERS[t];
      if (!handler) return;
      const ingested = handler(this.ctx, d, meta);
      if (!ingested) return;
      void this.publisher.publish(ingested.guildId, this.counted(ingested.facts));
    } catch (err) {
      this.stats.badPayloads++;
      this.options.logger.warn({ dispatch: t, shardId, seq, reason: err instanceof z.ZodError ? err.issues[0] : String(err) }, 'bad gateway payload skipped');
    }
  }

  private async counted<T extends readonly unknown[]>(facts: T | Promise<T>): Promise<T> {
    const list = await facts;
    this.stats.facts += list.length;
    return list;
  }

  /**
   * Every GUILD_CREATE of a session (the ones announced by READY, and guilds joined or back
   * from an outage later) gets a snapshot, published before the guild's later facts, then what
   * reconciles moderation with Discord (the audit-log catch-up and the sanctions snapshot).
   */
  private onGuildCreate(d: unknown, shardId: number, meta: DispatchMeta): void {
    const p = GuildCreatePresencesSchema.parse(d);
    this.presence.seed(p.id, (p.presences ?? []).map((x) => ({ userId: x.user.id, status: x.status })));
    const trigger = this.client.isReady() ? 'guild-create' : 'ready';
    const facts = this.whenReady().then(async () => {
      const guild = this.client.guilds.cache.get(p.id);
      if (!guild) return [];
      this.stats.snapshots++;
      // Read before this snapshot is published: "seen before" means an earlier session.
      const history = this.options.history ?? (async () => ({ seenBefore: false, lastAuditEntryId: null }));
      const seen = history(p.id).catch((err: unknown) => {
        this.options.logger.warn({ err, guildId: p.id }, 'guild history unavailable (DISCORD stream); no reconciliation this time');
        return null;
      });
      const snapshot = await snapshotFacts(this.ctx, guild, trigger, meta.sessionId, shardId);
      const reconcile = await reconciliationFacts(this.ctx, guild, meta.sessionId, { shardId, observedAt: new Date().toISOString() }, await seen);
      return [...snapshot, ...reconcile];
    });
    void this.publisher.publish(p.id, this.counted(facts));
  }

  /** Snapshots wait until discord.js has every guild of the session (member fetches need it). */
  private whenReady(): Promise<void> {
    if (this.client.isReady()) return new Promise((r) => setImmediate(r));
    return new Promise((resolve) => this.client.once(Events.ClientReady, () => resolve()));
  }

  private scheduleWindow(): void {
    const window = this.options.presenceWindowMs;
    const now = Date.now();
    const end = Math.ceil((now + 1) / window) * window;
    this.timer = setTimeout(() => {
      const facts = this.presence.flush(end - window, end, (g) => this.client.guilds.cache.get(g)?.memberCount ?? 0);
      for (const fact of facts) void this.publisher.publish(fact.guildId, this.counted([fact]));
      this.scheduleWindow();
    }, end - now);
    this.timer.unref();
  }
}
