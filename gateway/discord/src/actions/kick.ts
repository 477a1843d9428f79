import { AuditLogEvent, Routes } from 'discord.js';
import { z } from 'zod';
import { ActionFailure } from './action-failure.js';
import { alreadyDone, done, getOrNull, reasonOf, type ActionContext, type ActionFn, type ActionOf } from './action-context.js';
import { DiscordCodes } from './discord-errors.js';

const AuditLogSchema = z.object({
  audit_log_entries: z.array(z.object({ id: z.string(), target_id: z.string().nullable().optional(), reason: z.string().optional() })),
});

/** Our own earlier kick of this member with this very reason (the case reference makes it unique). */
const earlierKick = async ({ rest, botUserId }: ActionContext, r: ActionOf<'kick'>): Promise<string | null> => {
  if (!r.auditLogReason) return null;
  const query = new URLSearchParams({ action_type: String(AuditLogEvent.MemberKick), user_id: await botUserId(), limit: '100' });
  try {
    const log = AuditLogSchema.parse(await rest.get(Routes.guildAuditLog(r.guildId), { query }));
    return log.audit_log_entries.find((e) => e.target_id === r.userId && e.reason === r.auditLogReason)?.id ?? null;
  } catch {
    return null;
  }
};

/**
 * A kick is not idempotent in Discord (a second one fails: the member is gone), so before
 * kicking the member is looked up; when they are gone, the audit log tells whether it was our
 * kick (a redelivery after a crash: success) or they left on their own (failure: member gone).
 */
export const kick: ActionFn<'kick'> = async (ctx, r) => {
  const member = await getOrNull(ctx.rest, Routes.guildMember(r.guildId, r.userId), DiscordCodes.UNKNOWN_MEMBER);
  if (member === null) {
    const entryId = await earlierKick(ctx, r);
    if (entryId) return alreadyDone({ auditLogEntryId: entryId });
    throw new ActionFailure(DiscordCodes.UNKNOWN_MEMBER, 404, `member gone: user ${r.userId} is no longer in the server`);
  }
  await ctx.rest.delete(Routes.guildMember(r.guildId, r.userId), reasonOf(r));
  return done();
};
