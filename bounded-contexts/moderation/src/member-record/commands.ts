import { SnowflakeSchema, type CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import {
  CaseNumberSchema,
  DiscordActionSchema,
  DiscordFailureSchema,
  InstantSchema,
  MAX_DELETE_MESSAGE_SECONDS,
  MAX_TEMP_BAN_SECONDS,
  MAX_TIMEOUT_SECONDS,
  REASON_MAX,
  ReasonInputSchema,
  RequestIdSchema,
  UserRefSchema,
} from '../moderation-schemas.js';
import { ReportIdSchema } from '../report/commands.js';

/** A moderation entry of Discord's audit log: who did what to whom, and why. */
export const DiscordAuditEntrySchema = z.object({
  auditLogEntryId: SnowflakeSchema,
  action: DiscordActionSchema,
  target: UserRefSchema,
  executor: UserRefSchema,
  /** The executor is Guildhall's own bot user. */
  executorIsBot: z.boolean(),
  reason: z.string().max(REASON_MAX).nullable().default(null),
});

/** An audit-log entry the bot's catch-up found for a member: who did it, and why. */
export const AuditEvidenceSchema = z.object({
  auditLogEntryId: SnowflakeSchema,
  executor: UserRefSchema,
  reason: z.string().max(REASON_MAX).nullable().default(null),
});
export type AuditEvidence = z.output<typeof AuditEvidenceSchema>;

/** What every sanction command carries; the moderator is the command's actor. */
const sanction = {
  target: UserRefSchema,
  reason: ReasonInputSchema,
  /** Set by the bulk fan-out; a single request leaves it out. */
  bulkId: RequestIdSchema.nullable().default(null),
  /** Acting on a member's report: the case this opens resolves that report (workflows/reports.ts). */
  reportId: ReportIdSchema.nullable().default(null),
};

const outcome = { userId: SnowflakeSchema, requestId: RequestIdSchema, caseNumber: CaseNumberSchema };

/** Commands of the member record (stream `moderation.member.<guildId>-<userId>`). */
export const memberRecordCommands = {
  WarnMember: z.object(sanction),
  /** A moderator's note about a member: a case of type note; the text is the reason. */
  AddMemberNote: z.object({ ...sanction, reason: z.string().trim().min(1).max(REASON_MAX) }),
  TimeoutMember: z.object({ ...sanction, durationSeconds: z.number().int().min(1).max(MAX_TIMEOUT_SECONDS) }),
  RemoveMemberTimeout: z.object(sanction),
  KickMember: z.object(sanction),
  BanMember: z.object({
    ...sanction,
    /** null (or left out): permanent. */
    durationSeconds: z.number().int().min(60).max(MAX_TEMP_BAN_SECONDS).nullable().default(null),
    deleteMessageSeconds: z.number().int().min(0).max(MAX_DELETE_MESSAGE_SECONDS).default(0),
  }),
  UnbanMember: z.object(sanction),
  /** An audit-log entry seen in Discord (GUILD_AUDIT_LOG_ENTRY_CREATE), routed to its target's record. */
  RecordDiscordAuditAction: DiscordAuditEntrySchema.extend({
    /** For a timeout: communication_disabled_until as Discord set it. */
    timeoutUntil: InstantSchema.nullable().default(null),
  }).refine((c) => c.action !== 'timeout' || c.timeoutUntil !== null, {
    path: ['timeoutUntil'],
    message: 'a timeout needs timeoutUntil',
  }),
  /**
   * Discord's state of one member as a snapshot after downtime found it (bans list, and the
   * member's communication_disabled_until when the member list was complete), compared with the
   * record: what changed in Discord meanwhile becomes an observed action. Never rejected.
   */
  ReconcileWithDiscord: z.object({
    target: UserRefSchema,
    snapshotId: RequestIdSchema,
    banned: z.boolean(),
    /** The ban's reason in Discord's ban list. */
    banReason: z.string().max(REASON_MAX).nullable().default(null),
    /** The latest ban / unban entry of the member the audit-log catch-up found (who did it). */
    banAudit: AuditEvidenceSchema.nullable().default(null),
    /** False when the bot could not list every member: timeouts are then not compared. */
    timeoutKnown: z.boolean(),
    /** communication_disabled_until as Discord has it; null: not timed out. */
    timeoutUntil: InstantSchema.nullable().default(null),
    timeoutAudit: AuditEvidenceSchema.nullable().default(null),
  }),
  /** The case of a request is open and (for Discord actions) Discord did it. */
  RecordModerationActionApplied: z.object(outcome),
  RecordModerationActionFailed: z.object({ ...outcome, ...DiscordFailureSchema.shape }),
  /** A ban/timeout case expired (for a ban: the expiry unban succeeded). */
  RecordSanctionExpired: z.object({ userId: SnowflakeSchema, caseNumber: CaseNumberSchema }),
} as const;

export type MemberRecordCommand = CommandOf<typeof memberRecordCommands>;
export type SanctionCommand = Extract<
  MemberRecordCommand,
  { type: 'WarnMember' | 'AddMemberNote' | 'TimeoutMember' | 'RemoveMemberTimeout' | 'KickMember' | 'BanMember' | 'UnbanMember' }
>;
