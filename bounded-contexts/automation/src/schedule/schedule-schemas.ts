import { SnowflakeSchema } from '@guildhall/kernel';
import { DiscordLimits, EmbedSchema } from '@guildhall/messaging';
import { z } from 'zod';

export const Instant = z.iso.datetime({ offset: true });
export const ScheduleId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 characters of A-Z a-z 0-9 _ -');
export const TimeZone = z.string().min(1).max(64);
export const CronExpression = z.string().trim().min(9).max(120);

/** When it runs: once at an instant, or on a cron in a time zone (the guild's by default). */
export const TriggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once'), at: Instant }),
  z.object({ kind: z.literal('cron'), cron: CronExpression, timeZone: TimeZone }),
]);
export type Trigger = z.output<typeof TriggerSchema>;

const content = z.string().max(DiscordLimits.content, `Discord allows at most ${DiscordLimits.content} characters`);
const reason = z.string().trim().max(512).nullable().default(null);

/**
 * What a run does, each through the context that owns it: messages, announcements (a message
 * with embeds, mentions allowed) and reminders go to messaging's SendMessage; unban and
 * untimeout to moderation's UnbanMember / RemoveMemberTimeout (each a case, attributed); a
 * temporary role to the bot's role actions (ScheduleRoleActionRequested).
 */
export const ScheduledActionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    channelId: SnowflakeSchema,
    content: content.nullable().default(null),
    embeds: z.array(EmbedSchema).max(DiscordLimits.embeds).default([]),
    /** An announcement may ping @everyone and roles; a plain message may not. */
    announcement: z.boolean().default(false),
  }),
  z.object({ kind: z.literal('reminder'), channelId: SnowflakeSchema, userId: SnowflakeSchema, content: content.min(1) }),
  z.object({ kind: z.literal('unban'), userId: SnowflakeSchema, reason }),
  z.object({ kind: z.literal('untimeout'), userId: SnowflakeSchema, reason }),
  /**
   * A temporary role: the bot gives `roleId` to `userId` at the trigger's time and takes it
   * away at `until` (two runs of one schedule; only a one-off trigger).
   */
  z.object({ kind: z.literal('temporary-role'), userId: SnowflakeSchema, roleId: SnowflakeSchema, until: Instant, reason }),
]);
export type ScheduledAction = z.output<typeof ScheduledActionSchema>;

/** A deadline missed while Guildhall was down: run it once when back, or skip it. */
export const MissedRunPolicySchema = z.enum(['fire-once', 'skip']);
export type MissedRunPolicy = z.output<typeof MissedRunPolicySchema>;

/** A run later than this after its due time counts as missed (the service was down). */
export const MISSED_AFTER_MS = 60_000;

/** Which half of a temporary role a run is: the run due at `until` removes, any earlier one gives. */
export const roleStepOf = (a: Extract<ScheduledAction, { kind: 'temporary-role' }>, dueAt: string): 'give' | 'remove' =>
  Date.parse(dueAt) >= Date.parse(a.until) ? 'remove' : 'give';
