import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { Status, type Client } from 'discord.js';
import type { Logger } from 'pino';
import { z } from 'zod';

const Instant = z.iso.datetime();

/** The bot's health for the dashboard's bot-status indicator (`<prefix>.<instanceId>`, KV key = instanceId). */
export const BotStatusSchema = z.object({
  instanceId: z.string().min(1),
  state: z.enum(['starting', 'ready', 'degraded', 'stopped']),
  target: z.enum(['discord', 'sandbox', 'custom']),
  botUser: z.object({ id: z.string(), name: z.string() }).nullable(),
  startedAt: Instant,
  at: Instant,
  uptimeSeconds: z.number().nonnegative(),
  shardCount: z.number().int().positive(),
  shards: z.array(
    z.object({
      id: z.number().int().min(0),
      status: z.string(),
      /** Gateway heartbeat round trip, ms; null before the first heartbeat. */
      pingMs: z.number().nullable(),
      lastHeartbeatAt: Instant.nullable(),
    }),
  ),
  guilds: z.number().int().nonnegative(),
  facts: z.object({ published: z.number(), duplicates: z.number(), pending: z.number() }),
  actions: z.object({ succeeded: z.number(), failed: z.number(), inFlight: z.number(), retries: z.number() }),
});
export type BotStatus = z.infer<typeof BotStatusSchema>;

export type StatusSources = Readonly<{
  facts: () => BotStatus['facts'];
  actions: () => BotStatus['actions'];
}>;

export type StatusOptions = Readonly<{
  nc: NatsConnection;
  client: Client;
  instanceId: string;
  target: BotStatus['target'];
  shardIds: readonly number[];
  shardCount: number;
  intervalMs: number;
  subjectPrefix: string;
  bucket: string;
  sources: StatusSources;
  logger: Logger;
}>;

const statusName = (s: number): string => (Status as unknown as Record<number, string>)[s] ?? String(s);

/**
 * Publishes the bot's health every few seconds: on a core NATS subject for live views, and in a
 * KV bucket whose entries expire after three intervals, so a dead bot disappears by itself.
 */
export class StatusPublisher {
  private readonly startedAt = new Date();
  private timer: NodeJS.Timeout | undefined;
  private kv: KV | undefined;

  constructor(private readonly opts: StatusOptions) {}

  async start(): Promise<void> {
    this.kv = await new Kvm(this.opts.nc).create(this.opts.bucket, { ttl: Math.max(3 * this.opts.intervalMs, 1_000), history: 1 });
    await this.publish();
    this.timer = setInterval(() => void this.publish(), this.opts.intervalMs);
    this.timer.unref();
  }

  current(state?: BotStatus['state']): BotStatus {
    const { client } = this.opts;
    const now = new Date();
    const shards = this.opts.shardIds.map((id) => {
      const shard = client.ws.shards.get(id);
      const last = shard?.lastPingTimestamp ?? -1;
      return {
        id,
        status: shard ? statusName(shard.status) : 'NotStarted',
        pingMs: shard && shard.ping >= 0 ? shard.ping : null,
        lastHeartbeatAt: last > 0 ? new Date(last).toISOString() : null,
      };
    });
    const allReady = shards.every((s) => s.status === 'Ready');
    return {
      instanceId: this.opts.instanceId,
      state: state ?? (client.isReady() ? (allReady ? 'ready' : 'degraded') : 'starting'),
      target: this.opts.target,
      botUser: client.user ? { id: client.user.id, name: client.user.username } : null,
      startedAt: this.startedAt.toISOString(),
      at: now.toISOString(),
      uptimeSeconds: Math.round((now.getTime() - this.startedAt.getTime()) / 1000),
      shardCount: this.opts.shardCount,
      shards,
      guilds: client.guilds.cache.size,
      facts: this.opts.sources.facts(),
      actions: this.opts.sources.actions(),
    };
  }

  async publish(state?: BotStatus['state']): Promise<void> {
    const status = this.current(state);
    const data = JSON.stringify(status);
    try {
      this.opts.nc.publish(`${this.opts.subjectPrefix}.${this.opts.instanceId}`, data);
      await this.kv?.put(this.opts.instanceId, data);
    } catch (err) {
      this.opts.logger.debug({ err }, 'status not published');
    }
  }

  /** Publishes a last `stopped` status so the dashboard does not wait for the entry to expire. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.publish('stopped');
  }
}
