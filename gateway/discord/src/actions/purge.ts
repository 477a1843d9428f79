import { AuditLogEvent, Routes } from 'discord.js';
import { z } from 'zod';
import { done, reasonOf, type ActionContext, type ActionFn, type ActionOf } from './action-context.js';

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

const FOURTEEN_DAYS_MS = 14 * 86_400_000;
const DISCORD_EPOCH = 1_420_070_400_000n;

/** The smallest snowflake at an instant: "messages before the request" as Discord pages them. */
const snowflakeAt = (iso: string): string => ((BigInt(Date.parse(iso)) - DISCORD_EPOCH) << 22n).toString();

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
 * Deletes the `count` newest messages (of `authorId`, when set) sent before the request. Not
 * idempotent in Discord (a second run would delete older ones), so the audit log, where each
 * bulk delete is recorded with this purge's unique reason, says how many are already done.
 */
export const purge: ActionFn<'purge'> = async (ctx, r) => {
  const { rest } = ctx;
  let remaining = r.count - (await alreadyDeleted(ctx, r));
  let deleted = 0;
  let before = snowflakeAt(r.requestedAt);
  const oldest = Date.now() - FOURTEEN_DAYS_MS + 60_000;
  while (remaining > 0) {
    const page = MessagesSchema.parse(await rest.get(Routes.channelMessages(r.channelId), { query: new URLSearchParams({ limit: '100', before }) }));
    if (page.length === 0) break;
    before = page[page.length - 1]!.id;
    const picked = page
      .filter((m) => (r.authorId === null || m.author.id === r.authorId) && Date.parse(m.timestamp) > oldest)
      .slice(0, remaining)
      .map((m) => m.id);
    if (picked.length === 1) await rest.delete(Routes.channelMessage(r.channelId, picked[0]!), reasonOf(r));
    else if (picked.length > 1) await rest.post(Routes.channelBulkDelete(r.channelId), { body: { messages: picked }, ...reasonOf(r) });
    deleted += picked.length;
    remaining -= picked.length;
    // Older than 14 days cannot be bulk-deleted: stop there.
    if (Date.parse(page[page.length - 1]!.timestamp) <= oldest) break;
  }
  return done({ channelId: r.channelId }, deleted);
};
