import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { decodeFact, factSubject } from '../facts/index.js';
import type { GuildHistory } from './reconciliation.js';

export type DiscordStreamSpec = Readonly<{
  name: string;
  subjectPrefix: string;
  maxAgeDays: number;
  /**
   * How long a fact id dedupes. It must cover a gateway RESUME replay and a bot restart that
   * re-reads the same audit-log entries: 10 minutes.
   */
  duplicateWindowMs?: number;
}>;

const DAY_MS = 86_400_000;

const wanted = (spec: DiscordStreamSpec): Partial<StreamConfig> => ({
  subjects: [`${spec.subjectPrefix}.>`],
  // Facts are an inbox, not the record of truth (the event store is): they age out.
  retention: RetentionPolicy.Limits,
  storage: StorageType.File,
  max_age: nanos(Math.round(spec.maxAgeDays * DAY_MS)),
  discard: DiscardPolicy.Old,
  duplicate_window: nanos(spec.duplicateWindowMs ?? 10 * 60_000),
});

const differs = (cur: StreamConfig, want: Partial<StreamConfig>): boolean =>
  Object.entries(want).some(([k, v]) => JSON.stringify(cur[k as keyof StreamConfig]) !== JSON.stringify(v));

/** Creates the DISCORD facts stream or brings its retention settings to the spec. */
export const ensureDiscordStream = async (jsm: JetStreamManager, spec: DiscordStreamSpec): Promise<StreamInfo> => {
  const want = wanted(spec);
  try {
    const info = await jsm.streams.info(spec.name);
    return differs(info.config, want) ? await jsm.streams.update(spec.name, want) : info;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) {
      return jsm.streams.add({ name: spec.name, num_replicas: 1, ...want });
    }
    throw err;
  }
};

/** The last fact of a type the DISCORD stream holds for the guild (null: none, or aged out). */
const lastFact = async (jsm: JetStreamManager, spec: Pick<DiscordStreamSpec, 'name' | 'subjectPrefix'>, guildId: string, type: string) => {
  let stored;
  try {
    stored = await jsm.streams.getMessage(spec.name, { last_by_subj: factSubject(spec.subjectPrefix, guildId, type) });
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.NoMessageFound) return null;
    throw err;
  }
  if (!stored) return null;
  const decoded = decodeFact(stored.data);
  return 'fact' in decoded ? decoded.fact : null;
};

/**
 * What the bot saw of a guild before this start, read from the DISCORD stream itself: whether it
 * ever published a snapshot of it, and the id of the last audit-log entry it published (live
 * and caught-up entries go out oldest first, so the last message on
 * `<prefix>.<guildId>.audit-log-entry` is the newest seen: the catch-up cursor).
 */
export const guildHistory = async (
  jsm: JetStreamManager,
  spec: Pick<DiscordStreamSpec, 'name' | 'subjectPrefix'>,
  guildId: string,
): Promise<GuildHistory> => {
  const [snapshot, audit] = await Promise.all([lastFact(jsm, spec, guildId, 'guild-snapshot'), lastFact(jsm, spec, guildId, 'audit-log-entry')]);
  return { seenBefore: snapshot !== null, lastAuditEntryId: audit?.type === 'audit-log-entry' ? audit.payload.entryId : null };
};
