import type { Logger } from '@guildhall/eventing';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { z } from 'zod';

/**
 * The part of the bot's health message (gateway/discord's BotStatus) the dashboard shows. Parsed
 * here, at our boundary, so a newer bot with more fields still reads.
 */
export const BotStatusViewSchema = z.object({
  instanceId: z.string().min(1),
  state: z.enum(['starting', 'ready', 'degraded', 'stopped']),
  target: z.string(),
  botUser: z.object({ id: z.string(), name: z.string() }).nullable(),
  startedAt: z.iso.datetime(),
  at: z.iso.datetime(),
  uptimeSeconds: z.number().nonnegative(),
  guilds: z.number().int().nonnegative(),
  shards: z.array(z.object({ id: z.number().int(), status: z.string(), pingMs: z.number().nullable() })),
  actions: z.object({ succeeded: z.number(), failed: z.number(), inFlight: z.number(), retries: z.number() }).optional(),
});
export type BotStatusView = z.infer<typeof BotStatusViewSchema> & Readonly<{ stale: boolean }>;

/** The bot publishes every few seconds (5 s by default); silence this long means it is gone or stuck. */
const STALE_AFTER_MS = 30_000;
const RANK: Record<BotStatusView['state'], number> = { ready: 3, degraded: 2, starting: 1, stopped: 0 };

export interface BotStatusSource {
  /** The healthiest, freshest instance's status; null when no bot has ever reported. */
  latest(): BotStatusView | null;
  /** Called with every status message as it arrives; returns the unsubscribe. */
  onChange(listener: (status: BotStatusView) => void): () => void;
  stop(): Promise<void>;
}

/**
 * Follows `<prefix>.*` (core NATS) and seeds itself from the bot's KV bucket, so the overview has
 * the bot's state at once after a restart of this service.
 */
export const startBotStatusSource = async (
  nc: NatsConnection,
  options: Readonly<{ subjectPrefix: string; bucket: string; logger: Logger; now?: () => number }>,
): Promise<BotStatusSource> => {
  const now = options.now ?? Date.now;
  const byInstance = new Map<string, z.infer<typeof BotStatusViewSchema>>();
  const listeners = new Set<(s: BotStatusView) => void>();
  const view = (s: z.infer<typeof BotStatusViewSchema>): BotStatusView => ({ ...s, stale: now() - Date.parse(s.at) > STALE_AFTER_MS });
  const accept = (text: string, from: string): z.infer<typeof BotStatusViewSchema> | undefined => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      options.logger.warn({ from }, 'bot status is not JSON; ignored');
      return undefined;
    }
    const parsed = BotStatusViewSchema.safeParse(json);
    if (!parsed.success) {
      options.logger.warn({ from, issue: parsed.error.issues[0] }, 'bot status does not match its schema; ignored');
      return undefined;
    }
    const known = byInstance.get(parsed.data.instanceId);
    if (!known || known.at <= parsed.data.at) byInstance.set(parsed.data.instanceId, parsed.data);
    return parsed.data;
  };

  const sub: Subscription = nc.subscribe(`${options.subjectPrefix}.*`);
  void (async () => {
    for await (const m of sub) {
      const s = accept(m.string(), m.subject);
      if (s) for (const l of listeners) l(view(s));
    }
  })();

  try {
    const kv = await new Kvm(nc).open(options.bucket);
    for await (const key of await kv.keys()) {
      const entry = await kv.get(key);
      if (entry && entry.operation === 'PUT') accept(entry.string(), `kv ${options.bucket}/${key}`);
    }
  } catch (e) {
    // No bucket yet: the bot has not run on this NATS. Its first message fills the map.
    options.logger.debug({ err: e, bucket: options.bucket }, 'no bot status bucket yet');
  }

  return {
    latest() {
      const all = [...byInstance.values()].map(view);
      all.sort((a, b) => Number(a.stale) - Number(b.stale) || RANK[b.state] - RANK[a.state] || b.at.localeCompare(a.at));
      return all[0] ?? null;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      listeners.clear();
      sub.unsubscribe();
    },
  };
};
