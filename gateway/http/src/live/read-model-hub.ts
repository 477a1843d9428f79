import { ReadModelNotificationSchema, type Logger } from '@guildhall/eventing';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';

export type ReadModelChange = Readonly<{ guildId: string; model: string; position: number }>;

export interface ReadModelHub {
  /** Every `rm.<guildId>.<model>` notification of one guild; returns the unsubscribe. */
  subscribe(guildId: string, listener: (change: ReadModelChange) => void): () => void;
  /** Open live streams of a guild (each unsubscribes when its client goes away). */
  listeners(guildId: string): number;
  stop(): void;
}

/**
 * One NATS subscription on `rm.*.*` for the whole process, fanned out to the live streams by
 * guild: a hundred open dashboards cost one subscription, not a hundred.
 */
export const startReadModelHub = (nc: NatsConnection, logger: Logger): ReadModelHub => {
  const byGuild = new Map<string, Set<(c: ReadModelChange) => void>>();
  const sub: Subscription = nc.subscribe('rm.*.*');
  void (async () => {
    for await (const m of sub) {
      const [, guildId, model] = m.subject.split('.');
      if (!guildId || !model) continue;
      const listeners = byGuild.get(guildId);
      if (!listeners) continue;
      let json: unknown;
      try {
        json = JSON.parse(m.string());
      } catch {
        json = undefined;
      }
      const parsed = ReadModelNotificationSchema.safeParse(json);
      if (!parsed.success) {
        logger.warn({ subject: m.subject }, 'read-model notification does not match its schema; ignored');
        continue;
      }
      for (const l of listeners) l({ guildId, model, position: parsed.data.position });
    }
  })();
  return {
    subscribe(guildId, listener) {
      let set = byGuild.get(guildId);
      if (!set) byGuild.set(guildId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) byGuild.delete(guildId);
      };
    },
    listeners: (guildId) => byGuild.get(guildId)?.size ?? 0,
    stop() {
      byGuild.clear();
      sub.unsubscribe();
    },
  };
};
