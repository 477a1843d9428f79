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

/**
 * The id of the last audit-log entry published for the guild (the catch-up cursor), read from
 * the DISCORD stream itself: live and caught-up entries are published oldest first, so the last
 * message on `<prefix>.<guildId>.audit-log-entry` is the newest the bot has seen. Null when the
 * stream holds none (a first start, or they aged out).
 */
export const lastAuditEntryId = async (jsm: JetStreamManager, spec: Pick<DiscordStreamSpec, 'name' | 'subjectPrefix'>, guildId: string): Promise<string | null> => {
  const subject = factSubject(spec.subjectPrefix, guildId, 'audit-log-entry');
  let stored;
  try {
    stored = await jsm.streams.getMessage(spec.name, { last_by_subj: subject });
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.NoMessageFound) return null;
    throw err;
  }
  if (!stored) return null;
  const decoded = decodeFact(stored.data);
  return 'fact' in decoded && decoded.fact.type === 'audit-log-entry' ? decoded.fact.payload.entryId : null;
};
