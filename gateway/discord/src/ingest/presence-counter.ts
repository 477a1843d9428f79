import type { DiscordFact } from '../facts/index.js';
import { makeFact } from './fact-builder.js';

type Status = 'online' | 'idle' | 'dnd';
const asStatus = (s: string): Status | null => (s === 'online' || s === 'idle' || s === 'dnd' ? s : null);

/**
 * Presence, aggregated per guild: the bot keeps who is online/idle/dnd (from GUILD_CREATE and
 * PRESENCE_UPDATE) and publishes the counts once per window when they changed, instead of one
 * fact per presence change. Window ends are aligned to the clock, so two replicas running the
 * same shard publish the same fact id and it dedupes.
 */
export class PresenceCounter {
  private readonly statuses = new Map<string, Map<string, Status>>();
  private readonly updates = new Map<string, number>();
  private readonly published = new Map<string, string>();

  seed(guildId: string, presences: readonly { userId: string; status: string }[]): void {
    const map = new Map<string, Status>();
    for (const p of presences) {
      const s = asStatus(p.status);
      if (s) map.set(p.userId, s);
    }
    this.statuses.set(guildId, map);
    this.updates.set(guildId, (this.updates.get(guildId) ?? 0) + 1);
  }

  update(guildId: string, userId: string, status: string): void {
    let map = this.statuses.get(guildId);
    if (!map) {
      map = new Map();
      this.statuses.set(guildId, map);
    }
    const s = asStatus(status);
    if (s) map.set(userId, s);
    else map.delete(userId);
    this.updates.set(guildId, (this.updates.get(guildId) ?? 0) + 1);
  }

  forget(guildId: string): void {
    this.statuses.delete(guildId);
    this.updates.delete(guildId);
    this.published.delete(guildId);
  }

  counts(guildId: string, memberCount: number): { online: number; idle: number; dnd: number; offline: number } {
    const c = { online: 0, idle: 0, dnd: 0 };
    for (const s of this.statuses.get(guildId)?.values() ?? []) c[s]++;
    return { ...c, offline: Math.max(0, memberCount - c.online - c.idle - c.dnd) };
  }

  /** The facts for this window: guilds whose counts changed since the last one published. */
  flush(windowStartMs: number, windowEndMs: number, memberCountOf: (guildId: string) => number): DiscordFact[] {
    const facts: DiscordFact[] = [];
    const windowStart = new Date(windowStartMs).toISOString();
    const windowEnd = new Date(windowEndMs).toISOString();
    for (const guildId of this.statuses.keys()) {
      const counts = this.counts(guildId, memberCountOf(guildId));
      const key = JSON.stringify(counts);
      if (this.published.get(guildId) === key) continue;
      this.published.set(guildId, key);
      const updates = this.updates.get(guildId) ?? 0;
      this.updates.set(guildId, 0);
      facts.push(
        makeFact('presence-counts', guildId, ['window', windowEnd], { windowStart, windowEnd, counts, updates }, { shardId: null, observedAt: windowEnd }, windowEnd),
      );
    }
    return facts;
  }
}
