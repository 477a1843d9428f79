import { deterministicId } from '@guildhall/kernel';
import { AuditLogEvent, Routes, type Guild } from 'discord.js';
import { z } from 'zod';
import type { DiscordFact } from '../facts/index.js';
import { makeFact, type FactMeta, type IngestContext } from './fact-builder.js';
import { ApiUserSchema, AuditLogEntryCreateSchema } from './gateway-payloads.js';
import { userFromApi } from './map-api.js';
import { userFromCache } from './map-cache.js';
import { auditEntryFact, type ApiAuditEntry } from './moderation-ingest.js';

/** Discord's page sizes: GET /guilds/{id}/bans returns at most 1000, the audit log at most 100. */
export const BANS_PAGE = 1000;
export const AUDIT_PAGE = 100;
/**
 * One snapshot is one NATS message (and one command): above this size (about 8,000 bans) it would
 * pass NATS's 1 MB payload limit and block the guild's facts behind a publish that cannot succeed,
 * so it is not published (logged; such a guild is not reconciled, chunking it is future work).
 */
export const MAX_SNAPSHOT_BYTES = 768 * 1024;
/** At most this many audit pages are caught up (Discord keeps 45 days of entries anyway). */
const MAX_AUDIT_PAGES = 100;

/** What the bot saw of a guild before this start (from the DISCORD stream). */
export type GuildHistory = Readonly<{
  /** A snapshot of the guild was published before: Guildhall has a past in it to reconcile. */
  seenBefore: boolean;
  /** The last audit-log entry published for the guild: the catch-up starts after it. */
  lastAuditEntryId: string | null;
}>;
export type GuildHistoryOf = (guildId: string) => Promise<GuildHistory>;

const BanPageSchema = z.array(z.object({ user: ApiUserSchema, reason: z.string().nullable().optional() }));
const AuditPageSchema = z.object({ audit_log_entries: z.array(AuditLogEntryCreateSchema.omit({ guild_id: true })) });

const bigger = (a: string, b: string): boolean => BigInt(a) > BigInt(b);

/** Every ban of the guild, 1000 a page, paged by the `after` cursor (the last user id of a page). */
export const fetchAllBans = async (ctx: IngestContext, guildId: string): Promise<z.infer<typeof BanPageSchema>> => {
  const bans: z.infer<typeof BanPageSchema> = [];
  let after: string | null = null;
  for (;;) {
    const query = new URLSearchParams({ limit: String(BANS_PAGE), ...(after ? { after } : {}) });
    const page = BanPageSchema.parse(await ctx.client.rest.get(Routes.guildBans(guildId), { query }));
    bans.push(...page);
    const last = page.reduce<string | null>((max, b) => (max === null || bigger(b.user.id, max) ? b.user.id : max), null);
    if (page.length < BANS_PAGE || last === null) return bans;
    after = last;
  }
};

/** The audit-log entries after `after`, oldest first, 100 a page (each page's newest id is the next cursor). */
export const fetchAuditSince = async (ctx: IngestContext, guildId: string, after: string): Promise<ApiAuditEntry[]> => {
  const entries: ApiAuditEntry[] = [];
  let cursor = after;
  for (let pages = 0; pages < MAX_AUDIT_PAGES; pages++) {
    const query = new URLSearchParams({ limit: String(AUDIT_PAGE), after: cursor });
    const page = AuditPageSchema.parse(await ctx.client.rest.get(Routes.guildAuditLog(guildId), { query })).audit_log_entries;
    const fresh = page.filter((e) => bigger(e.id, cursor)).sort((a, b) => (bigger(a.id, b.id) ? 1 : -1));
    entries.push(...fresh);
    const newest = fresh.at(-1);
    if (page.length < AUDIT_PAGE || !newest) break;
    cursor = newest.id;
  }
  return entries;
};

type AuditPayload = Extract<DiscordFact, { type: 'audit-log-entry' }>['payload'];

/** Of the caught-up entries, each member's latest ban/unban and latest timeout change: all a snapshot needs to say who did it. */
const sanctionEvidence = (facts: readonly DiscordFact[]): AuditPayload[] => {
  const latest = new Map<string, AuditPayload>();
  for (const f of facts) {
    if (f.type !== 'audit-log-entry' || !f.payload.targetId) continue;
    const e = f.payload;
    const kind =
      e.actionType === AuditLogEvent.MemberBanAdd || e.actionType === AuditLogEvent.MemberBanRemove
        ? 'ban'
        : e.actionType === AuditLogEvent.MemberUpdate && e.changes.some((c) => c.key === 'communication_disabled_until')
          ? 'timeout'
          : null;
    // Entries come oldest first, so the last one per member and kind wins.
    if (kind) latest.set(`${e.targetId}/${kind}`, e);
  }
  return [...latest.values()];
};

/**
 * What the bot publishes to reconcile after downtime, after the guild snapshot (whose member
 * fetch filled the cache): the audit-log entries since the last one it saw, as the same
 * audit-log-entry facts the live path publishes (deduplicated by the entry id), then one
 * sanctions-snapshot (bans, timeouts, those entries). Without a cursor (no entry seen yet, or
 * they aged out) nothing is caught up: the snapshot alone makes the records match, with changes
 * attributed to "Discord (while Guildhall was away)". On the first sight of a guild there is no
 * "while away" (bans made before Guildhall are not imported as cases): nothing is published. If
 * the bans cannot be listed, no snapshot goes out (an incomplete list would read as unbans).
 */
export const reconciliationFacts = async (
  ctx: IngestContext,
  guild: Guild,
  sessionId: string | null,
  meta: FactMeta,
  /** Null when it could not be read: no reconciliation this time (the next session tries again). */
  known: GuildHistory | null,
): Promise<DiscordFact[]> => {
  const facts: DiscordFact[] = [];
  if (!known?.seenBefore) return facts;
  const after = known.lastAuditEntryId;
  if (after !== null) {
    try {
      for (const entry of await fetchAuditSince(ctx, guild.id, after)) facts.push(await auditEntryFact(ctx, guild.id, entry, meta));
    } catch (err) {
      ctx.logger.warn({ err, guildId: guild.id, after }, 'audit-log catch-up failed; the sanctions snapshot still reconciles');
    }
  }
  let bans: Awaited<ReturnType<typeof fetchAllBans>>;
  try {
    bans = await fetchAllBans(ctx, guild.id);
  } catch (err) {
    ctx.logger.warn({ err, guildId: guild.id }, 'ban list unavailable; no sanctions snapshot this time');
    return facts;
  }
  const now = Date.parse(meta.observedAt);
  const members = [...guild.members.cache.values()].filter((m) => !m.partial);
  const timeouts = members
    .filter((m) => m.communicationDisabledUntil !== null && m.communicationDisabledUntil.getTime() > now)
    .map((m) => ({ user: userFromCache(m.user), until: (m.communicationDisabledUntil as Date).toISOString() }));
  const payload = {
    bans: bans.map((b) => ({ user: userFromApi(b.user), reason: b.reason ?? null })).sort((a, b) => (bigger(a.user.id, b.user.id) ? 1 : -1)),
    timeoutsKnown: members.length >= guild.memberCount,
    timeouts,
    audit: sanctionEvidence(facts),
  };
  const size = Buffer.byteLength(JSON.stringify(payload));
  if (size > MAX_SNAPSHOT_BYTES) {
    ctx.logger.error({ guildId: guild.id, bans: bans.length, size }, 'sanctions snapshot too large for one message; not reconciled');
    return facts;
  }
  // One snapshot per session and content: a guild that comes back within a session with the
  // same sanctions changes nothing; a new session (after downtime) is always reconciled.
  const snapshotId = deterministicId('sanctions-snapshot', guild.id, sessionId ?? meta.observedAt, JSON.stringify(payload));
  facts.push(makeFact('sanctions-snapshot', guild.id, [snapshotId], { snapshotId, ...payload }, meta));
  return facts;
};
