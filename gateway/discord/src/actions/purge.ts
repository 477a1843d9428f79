import { AuditLogEvent, Routes } from 'discord.js';
import { z } from 'zod';
import { BULK_DELETE_MAX_AGE_MS, PURGE_SCAN_WINDOW } from '@guildhall/messaging';
import { alreadyDone, done, reasonOf, type ActionContext, type ActionFn, type ActionOf } from './action-context.js';

const AuditLogSchema = z.object({
  audit_log_entries: z.array(
    z.object({
      target_id: z.string().nullable().optional(),
      reason: z.string().optional(),
      options: z.object({ count: z.string().optional(), channel_id: z.string().optional() }).optional(),
    }),
  ),
});
const MessagesSchema = z.array(z.object({ id: z.string(), author: z.object({ id: z.string() }), timestamp: z.string() }));

const DISCORD_EPOCH = 1_420_070_400_000n;
/** Discord's page size for GET channel messages. */
const PAGE = 100;

/** The smallest snowflake at an instant: "messages before the request" as Discord pages them. */
const snowflakeAt = (iso: string): string => ((BigInt(Date.parse(iso)) - DISCORD_EPOCH) << 22n).toString();

type Scanned = Readonly<{ id: string; authorId: string; at: number }>;
export type PurgePick = Readonly<{ ids: readonly string[]; skipped: number }>;

/**
 * Of the scanned messages (newest first), the `wanted` newest of `authorId`'s (anyone's when
 * null). Those sent before `oldestMs` Discord will not bulk-delete: they are counted as skipped.
 */
export const pickForPurge = (scanned: readonly Scanned[], authorId: string | null, wanted: number, oldestMs: number): PurgePick => {
  const chosen = scanned.filter((m) => authorId === null || m.authorId === authorId).slice(0, Math.max(0, wanted));
  const ids = chosen.filter((m) => m.at > oldestMs).map((m) => m.id);
  return { ids, skipped: chosen.length - ids.length };
};

/**
 * The channel's messages sent before the request, newest first: pages of 100 until `wanted` of
 * the author's are found, the channel ends, or PURGE_SCAN_WINDOW messages have been looked at.
 */
const scan = async ({ rest }: ActionContext, r: ActionOf<'purge'>, wanted: number): Promise<Scanned[]> => {
  const out: Scanned[] = [];
  let before = snowflakeAt(r.requestedAt);
  let matched = 0;
  while (out.length < PURGE_SCAN_WINDOW && matched < wanted) {
    const limit = Math.min(PAGE, PURGE_SCAN_WINDOW - out.length);
    const page = MessagesSchema.parse(await rest.get(Routes.channelMessages(r.channelId), { query: new URLSearchParams({ limit: String(limit), before }) }));
    for (const m of page) {
      out.push({ id: m.id, authorId: m.author.id, at: Date.parse(m.timestamp) });
      if (r.authorId === null || m.author.id === r.authorId) matched++;
    }
    if (page.length < limit) break;
    before = page[page.length - 1]!.id;
  }
  return out;
};

/**
 * Messages this purge already deleted: our audit entries with this purge's reason (bulk deletes
 * target the channel; a single delete of someone's message names the channel in its options).
 * The bot's own messages leave no audit entry, so they are not counted.
 */
const alreadyDeleted = async ({ rest, botUserId }: ActionContext, r: ActionOf<'purge'>): Promise<number> => {
  if (!r.auditLogReason) return 0;
  const me = await botUserId();
  let total = 0;
  for (const type of [AuditLogEvent.MessageBulkDelete, AuditLogEvent.MessageDelete]) {
    const query = new URLSearchParams({ action_type: String(type), user_id: me, limit: '100' });
    const log = AuditLogSchema.parse(await rest.get(Routes.guildAuditLog(r.guildId), { query }));
    total += log.audit_log_entries
      .filter((e) => e.reason === r.auditLogReason && (type === AuditLogEvent.MessageBulkDelete ? e.target_id === r.channelId : e.options?.channel_id === r.channelId))
      .reduce((n, e) => n + Number(e.options?.count ?? 1), 0);
  }
  return total;
};

/**
 * Deletes the `count` newest messages (of `authorId`, when set, among the channel's last
 * PURGE_SCAN_WINDOW) sent before the request: at most 100, so one bulk delete (one message: a
 * single delete). Chosen messages older than 14 days Discord refuses to bulk-delete (50034): they
 * are left and reported as skipped. Not idempotent in Discord (a second run would delete older
 * ones), so the audit log, where each delete is recorded with this purge's unique reason, says how
 * many are already done; the count reported is the purge's total.
 */
export const purge: ActionFn<'purge'> = async (ctx, r) => {
  const { rest } = ctx;
  const already = await alreadyDeleted(ctx, r);
  const wanted = r.count - already;
  if (wanted <= 0) return alreadyDone({ channelId: r.channelId }, already, 0);
  // A minute's margin: a message at the edge of 14 days must not turn the whole bulk delete into 50034.
  const oldest = Date.now() - BULK_DELETE_MAX_AGE_MS + 60_000;
  const { ids, skipped } = pickForPurge(await scan(ctx, r, wanted), r.authorId, wanted, oldest);
  if (ids.length === 1) await rest.delete(Routes.channelMessage(r.channelId, ids[0]!), reasonOf(r));
  else if (ids.length > 1) await rest.post(Routes.channelBulkDelete(r.channelId), { body: { messages: ids }, ...reasonOf(r) });
  const result = ids.length === 0 && already > 0 ? alreadyDone : done;
  return result({ channelId: r.channelId }, already + ids.length, skipped);
};
