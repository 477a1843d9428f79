import { ActorSchema, SnowflakeSchema, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { ModerationRequestSchema } from '../moderation-request.js';
import {
  CaseNumberSchema,
  DiscordActionSchema,
  InstantSchema,
  ModerationActionSchema,
  REASON_MAX,
  RequestIdSchema,
  UserRefSchema,
} from '../moderation-schemas.js';

export const ModerationActionAppliedSchema = z.object({
  requestId: RequestIdSchema,
  caseNumber: CaseNumberSchema,
  action: ModerationActionSchema,
  target: UserRefSchema,
  moderator: ActorSchema,
  expiresAt: InstantSchema.nullable(),
  liftsCaseNumber: CaseNumberSchema.nullable(),
  bulkId: RequestIdSchema.nullable(),
  appliedAt: InstantSchema,
});

export const ModerationActionFailedSchema = z.object({
  requestId: RequestIdSchema,
  caseNumber: CaseNumberSchema,
  action: ModerationActionSchema,
  target: UserRefSchema,
  moderator: ActorSchema,
  discordErrorCode: z.number().int().nullable(),
  httpStatus: z.number().int().nullable(),
  reason: z.string().min(1),
  bulkId: RequestIdSchema.nullable(),
  failedAt: InstantSchema,
});

export const SanctionExpiredSchema = z.object({
  caseNumber: CaseNumberSchema,
  action: z.enum(['ban', 'timeout']),
  target: UserRefSchema,
  expiredAt: InstantSchema,
});

export const DiscordAuditActionLinkedSchema = z.object({
  auditLogEntryId: SnowflakeSchema,
  action: DiscordActionSchema,
  target: UserRefSchema,
  executor: UserRefSchema,
  executorIsBot: z.boolean(),
  reason: z.string().max(REASON_MAX).nullable(),
  /** The case it belongs to (from "Case #N" in the reason); null for a bot action outside any case. */
  caseNumber: CaseNumberSchema.nullable(),
  linkedAt: InstantSchema,
});

/** Events of the member record (stream `moderation.member.<guildId>-<userId>`). */
export const memberRecordEvents = {
  /** Asked in Guildhall; a case will be opened and (for Discord actions) Discord asked to do it. */
  ModerationActionRequested: ModerationRequestSchema,
  /** A human did it directly in Discord (audit log); a case will be opened, attributed to them. */
  ModerationActionObserved: ModerationRequestSchema,
  ModerationActionApplied: ModerationActionAppliedSchema,
  ModerationActionFailed: ModerationActionFailedSchema,
  SanctionExpired: SanctionExpiredSchema,
  /** An audit-log entry caused by Guildhall (or the bot) was linked to its case, not opened as a new one. */
  DiscordAuditActionLinked: DiscordAuditActionLinkedSchema,
} as const;

export type MemberRecordEvent = EventOf<typeof memberRecordEvents>;
export type ModerationActionRequested = DomainEvent<'ModerationActionRequested', z.output<typeof ModerationRequestSchema>>;
export type ModerationActionObserved = DomainEvent<'ModerationActionObserved', z.output<typeof ModerationRequestSchema>>;
export type ModerationActionApplied = DomainEvent<'ModerationActionApplied', z.output<typeof ModerationActionAppliedSchema>>;
export type ModerationActionFailed = DomainEvent<'ModerationActionFailed', z.output<typeof ModerationActionFailedSchema>>;
export type SanctionExpired = DomainEvent<'SanctionExpired', z.output<typeof SanctionExpiredSchema>>;
export type DiscordAuditActionLinked = DomainEvent<'DiscordAuditActionLinked', z.output<typeof DiscordAuditActionLinkedSchema>>;
