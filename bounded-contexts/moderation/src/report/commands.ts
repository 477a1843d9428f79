import { SnowflakeSchema, type CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { CaseNumberSchema, ReasonInputSchema, UserRefSchema } from '../moderation-schemas.js';

/** A quoted excerpt of the reported message is at most this long (the bot cuts it). */
export const REPORT_EXCERPT_MAX = 500;

/** `m<messageId>-<reporterId>` for a message, `u<targetId>-<reporterId>` for a member: one open report per reporter and thing reported. */
export const ReportIdSchema = z.string().regex(/^[mu]\d{1,20}-\d{1,20}$/, 'must be a report id (m<messageId>-<reporterId> or u<memberId>-<reporterId>)');

/** The report id of a filing: what it is about and who reports it (so a second open report on the same thing is the same stream). */
export const reportIdOf = (r: { reporter: { id: string }; target: { id: string }; messageId: string | null }): string =>
  r.messageId !== null ? `m${r.messageId}-${r.reporter.id}` : `u${r.target.id}-${r.reporter.id}`;

/** How a moderator closed a report: acted with a case (of the reported member), or dismissed it with a reason. */
export const ReportResolutionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('acted'), caseNumber: CaseNumberSchema, /** The case's member: must be the reported one. */ targetId: SnowflakeSchema }),
  z.object({ kind: z.literal('dismissed'), reason: z.string().trim().min(1, 'a dismissal needs a reason').max(512) }),
]);
export type ReportResolution = z.output<typeof ReportResolutionSchema>;

/** Commands of one report (stream `moderation.report.<guildId>-<reportId>`). */
export const reportCommands = {
  /** A member reports a message or a member (the bot's "Report message" / "Report member"); the reporter is the actor. */
  FileReport: z.object({
    reporter: UserRefSchema,
    target: UserRefSchema,
    /** Discord's `user.bot` of the target: bots are not reported. */
    targetIsBot: z.boolean(),
    channelId: SnowflakeSchema.nullable().default(null),
    messageId: SnowflakeSchema.nullable().default(null),
    /** The start of the reported message as the reporter saw it. */
    excerpt: z.string().max(REPORT_EXCERPT_MAX).nullable().default(null),
    reason: ReasonInputSchema,
  }),
  /** A moderator closes it (the dashboard's dismiss / link, or the process manager for a case opened with the report's id). */
  ResolveReport: z.object({ reportId: ReportIdSchema, resolution: ReportResolutionSchema }),
} as const;
export type ReportCommand = CommandOf<typeof reportCommands>;
