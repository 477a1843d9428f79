import { guildAccessAggregate, guildAccessStreamId, retentionAggregate, retentionStreamId, type GuildAccessState, type RetentionState } from '@guildhall/access';
import { appealSettingsAggregate, appealSettingsStreamId, type AppealSettingsState } from '@guildhall/appeals';
import { customCommandsAggregate, customCommandsStreamId, workflowsAggregate, workflowsStreamId, type CustomCommandsState, type WorkflowsState } from '@guildhall/automation';
import { aggregateStream, type EventStore } from '@guildhall/eventing';
import { fourEyesAggregate, fourEyesStreamId, type FourEyesState } from '@guildhall/moderation';
import type { StreamAggregate } from '@guildhall/kernel';
import { z } from 'zod';
import { GuildIdSchema, InstantInputSchema, parseQuery } from './query-input.js';

/** JSON as a settings view shows it (what the API returns and the diff compares). */
export type SettingsValue = string | number | boolean | null | readonly SettingsValue[] | { readonly [k: string]: SettingsValue };
type Store = Pick<EventStore, 'readStream'>;

/** One part of a guild's configuration: its stream, folded by its context's evolve, shown as JSON. */
export type SettingsSection = Readonly<{ name: string; read: (store: Store, guildId: string, at: Date | undefined) => Promise<SettingsValue> }>;

/** A settings section over one stream per guild (the aggregate's state, as of a moment, through `view`). */
export const settingsSection = <S, E>(name: string, streamIdOf: (guildId: string) => string, aggregate: StreamAggregate<S, E>, view: (s: S) => SettingsValue): SettingsSection => ({
  name,
  read: async (store, guildId, at) => view((await aggregateStream(store, streamIdOf(guildId), aggregate, at === undefined ? {} : { asOf: at })).state),
});

const accessView = (s: GuildAccessState): SettingsValue => ({
  grants: Object.fromEntries(Object.values(s.grants).filter((g) => !g.revoked).map((g) => [g.grantId, { subject: { ...g.subject }, level: g.level, expiresAt: g.expiresAt }])),
  // Never the secret's hash: which tokens exist, with what scopes.
  tokens: Object.fromEntries(Object.values(s.tokens).filter((t) => !t.revoked).map((t) => [t.tokenId, { name: t.name, scopes: [...t.scopes], expiresAt: t.expiresAt }])),
});
const retentionView = (s: RetentionState): SettingsValue => ({ messageContentDays: s.messageContentDays });
/** A context's settings object as plain JSON (its readonly types are JSON already; this drops undefined). */
const json = (v: unknown): SettingsValue => JSON.parse(JSON.stringify(v ?? null)) as SettingsValue;
// Definitions only, by name: run counters and cooldowns change with every use, they are not settings.
const customCommandsView = (s: CustomCommandsState): SettingsValue =>
  json(Object.fromEntries(Object.values(s.commands).filter((c) => !c.deleted).map((c) => [c.definition.name, { version: c.version, ...c.definition }])));
const workflowsView = (s: WorkflowsState): SettingsValue =>
  json(Object.fromEntries(Object.values(s.workflows).filter((w) => !w.deleted).map((w) => [w.definition.name, { version: w.version, ...w.definition }])));
const appealSettingsView = (s: AppealSettingsState): SettingsValue => json(s.settings);
const fourEyesView = (s: FourEyesState): SettingsValue => json({ acts: s.acts, bulkThreshold: s.bulkThreshold, expirySeconds: s.expirySeconds, staffChannelId: s.staffChannelId });

/**
 * The registry of a guild's settings streams, for time travel. A context with guild settings
 * (automod rules, custom commands, appeal settings) adds one `settingsSection(...)` here.
 */
export const guildSettingsSections: readonly SettingsSection[] = [
  settingsSection('access', guildAccessStreamId, guildAccessAggregate, accessView),
  settingsSection('retention', retentionStreamId, retentionAggregate, retentionView),
  settingsSection('customCommands', customCommandsStreamId, customCommandsAggregate, customCommandsView),
  settingsSection('workflows', workflowsStreamId, workflowsAggregate, workflowsView),
  settingsSection('appeals', appealSettingsStreamId, appealSettingsAggregate, appealSettingsView),
  settingsSection('fourEyes', fourEyesStreamId, fourEyesAggregate, fourEyesView),
];

export const SettingsAsOfInputSchema = z.object({ guildId: GuildIdSchema, at: InstantInputSchema.optional() }).strict();
export const SettingsDiffInputSchema = z
  .object({ guildId: GuildIdSchema, from: InstantInputSchema, to: InstantInputSchema })
  .strict()
  .refine((f) => f.from.getTime() <= f.to.getTime(), { path: ['to'], message: 'must not be before from' });

export type GuildSettings = Readonly<{ guildId: string; at: string; sections: Readonly<Record<string, SettingsValue>> }>;

const readAll = async (store: Store, guildId: string, at: Date | undefined, sections: readonly SettingsSection[]) =>
  Object.fromEntries(await Promise.all(sections.map(async (s) => [s.name, await s.read(store, guildId, at)] as const)));

/** The guild's configuration as it stood at `at` (default now), replayed from the event store. */
export const guildSettingsAsOf = async (store: Store, input: z.input<typeof SettingsAsOfInputSchema>, sections = guildSettingsSections): Promise<GuildSettings> => {
  const { guildId, at } = parseQuery('guildSettingsAsOf', SettingsAsOfInputSchema, input);
  return { guildId, at: (at ?? new Date()).toISOString(), sections: await readAll(store, guildId, at, sections) };
};

export type SettingsChange = Readonly<{ section: string; path: string; kind: 'added' | 'removed' | 'changed'; before: SettingsValue | null; after: SettingsValue | null }>;

const isRecord = (v: SettingsValue | undefined): v is { readonly [k: string]: SettingsValue } => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: SettingsValue | undefined, b: SettingsValue | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** What differs between two views, by dot path: objects are compared key by key, anything else as a whole. Pure. */
export const diffSettingsValues = (section: string, before: SettingsValue | undefined, after: SettingsValue | undefined, path = ''): SettingsChange[] => {
  if (same(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffSettingsValues(section, before[k], after[k], path ? `${path}.${k}` : k));
  }
  const kind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
  return [{ section, path, kind, before: before ?? null, after: after ?? null }];
};

export type GuildSettingsDiff = Readonly<{ guildId: string; from: string; to: string; changes: readonly SettingsChange[] }>;

/** What changed in the guild's configuration between two moments. */
export const diffGuildSettings = async (store: Store, input: z.input<typeof SettingsDiffInputSchema>, sections = guildSettingsSections): Promise<GuildSettingsDiff> => {
  const { guildId, from, to } = parseQuery('diffGuildSettings', SettingsDiffInputSchema, input);
  const [a, b] = await Promise.all([readAll(store, guildId, from, sections), readAll(store, guildId, to, sections)]);
  return { guildId, from: from.toISOString(), to: to.toISOString(), changes: sections.flatMap((s) => diffSettingsValues(s.name, a[s.name], b[s.name])) };
};
