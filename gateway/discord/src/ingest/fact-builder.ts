import { randomUUID } from 'node:crypto';
import { deterministicId } from '@guildhall/kernel';
import type { Client } from 'discord.js';
import type { Logger } from 'pino';
import type { DiscordFact, FactPayload, FactType } from '../facts/index.js';

/** Where a dispatch came from: the shard, and the gateway session and sequence number. */
export type DispatchMeta = Readonly<{
  shardId: number;
  sessionId: string | null;
  seq: number | null;
  observedAt: string;
}>;

export type IngestContext = Readonly<{
  client: Client;
  /** The bot's own user id once READY. */
  selfId: () => string | null;
  contentAllowed: (guildId: string) => boolean;
  logger: Logger;
}>;

/** What one dispatch turns into: facts of one guild, maybe after a lookup. */
export type Ingested = Readonly<{ guildId: string; facts: readonly DiscordFact[] | Promise<readonly DiscordFact[]> }>;

export type DispatchHandler = (ctx: IngestContext, d: unknown, meta: DispatchMeta) => Ingested | null;

/**
 * A dispatch without a natural id is keyed by its gateway session and sequence: a RESUME replays
 * the same (session, seq), so the replay dedupes. Without a session (never expected) the fact is
 * unique, i.e. not deduplicated.
 */
export const sessionKey = (meta: DispatchMeta): readonly (string | number)[] =>
  meta.sessionId !== null && meta.seq !== null ? ['session', meta.sessionId, meta.seq] : ['unkeyed', randomUUID()];

/** Where and when a fact was seen: the shard (null for facts of no shard) and the time. */
export type FactMeta = Pick<DispatchMeta, 'shardId' | 'observedAt'> | { shardId: null; observedAt: string };

export const makeFact = <T extends FactType>(
  type: T,
  guildId: string,
  key: readonly (string | number)[],
  payload: FactPayload<T>,
  meta: FactMeta,
  occurredAt: string = meta.observedAt,
): DiscordFact =>
  ({
    id: deterministicId('discord-fact', guildId, type, ...key),
    type,
    schemaVersion: 1,
    guildId,
    shardId: meta.shardId,
    occurredAt,
    observedAt: meta.observedAt,
    payload,
  }) as DiscordFact;
