import { ActorSchema, SnowflakeSchema, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { ModerationRequestSchema } from '../moderation-request.js';
import {
  CaseNumberSchema,
  DiscordActionSchema,
  InstantSchema,
  ReasonSchema,
  RequestIdSchema,
  UserRefSchema,
} from '../moderation-schemas.js';

const caseNumber = CaseNumberSchema;
/** sanction: the case's own action; expiry: the unban that ends a temporary ban. */
export const DiscordActionPurposeSchema = z.enum(['sanction', 'expiry']);
const ExpiringActionSchema = z.enum(['ban', 'timeout']);

export const CaseOpenedSchema = ModerationRequestSchema.extend({ caseNumber, openedAt: InstantSchema });

const discordAction = {
  /** Unique within the case: `case-<n>-sanction` or `case-<n>-expiry`. */
  actionId: z.string().min(1),
  caseNumber,
  requestId: RequestIdSchema,
  purpose: DiscordActionPurposeSchema,
  action: DiscordActionSchema,
  target: UserRefSchema,
};

export const DiscordActionRequestedSchema = z.object({
  ...discordAction,
  /** Send as X-Audit-Log-Reason: "Case #N — reason — by actor" (how audit-log facts find the case). */
  auditLogReason: z.string().min(1).max(512),
  /** For a timeout: communication_disabled_until. */
  timeoutUntil: InstantSchema.nullable(),
  /** For a ban: delete_message_seconds. */
  deleteMessageSeconds: z.number().int().min(0).nullable(),
  requestedAt: InstantSchema,
});
export const DiscordActionSucceededSchema = z.object({ ...discordAction, succeededAt: InstantSchema });
export const DiscordActionFailedSchema = z.object({
  ...discordAction,
  discordErrorCode: z.number().int().nullable(),
  httpStatus: z.number().int().nullable(),
  reason: z.string().min(1),
  failedAt: InstantSchema,
});

export const ExpiryScheduledSchema = z.object({
  caseNumber,
  action: ExpiringActionSchema,
  target: UserRefSchema,
  dueAt: InstantSchema,
  scheduledAt: InstantSchema,
});
export const ExpiryCancelledSchema = z.object({
  caseNumber,
  dueAt: InstantSchema,
  reason: z.enum(['lifted']),
  cancelledAt: InstantSchema,
});
export const CaseExpiredSchema = z.object({
  caseNumber,
  action: ExpiringActionSchema,
  target: UserRefSchema,
  dueAt: InstantSchema,
  expiredAt: InstantSchema,
});
export const CaseLiftedSchema = z.object({
  caseNumber,
  action: ExpiringActionSchema,
  target: UserRefSchema,
  /** The unban/untimeout case that lifted it (null while that case has no number yet). */
  byCaseNumber: CaseNumberSchema.nullable(),
  byRequestId: RequestIdSchema,
  liftedBy: ActorSchema,
  liftedAt: InstantSchema,
});
export const CaseReasonAmendedSchema = z.object({
  caseNumber,
  previousReason: ReasonSchema,
  reason: z.string().min(1),
  amendedBy: ActorSchema,
  amendedAt: InstantSchema,
});
export const CaseNoteAddedSchema = z.object({
  caseNumber,
  noteId: z.string().min(1),
  text: z.string().min(1),
  author: ActorSchema,
  addedAt: InstantSchema,
});
export const CaseEvidenceAddedSchema = z.object({
  caseNumber,
  evidenceId: z.string().min(1),
  url: z.string().min(1),
  description: z.string().nullable(),
  addedBy: ActorSchema,
  addedAt: InstantSchema,
});
export const CaseHiddenSchema = z.object({ caseNumber, reason: z.string().min(1), hiddenBy: ActorSchema, hiddenAt: InstantSchema });
export const CaseRestoredSchema = z.object({
  caseNumber,
  reason: z.string().min(1),
  restoredBy: ActorSchema,
  restoredAt: InstantSchema,
});
export const AuditLogEntryLinkedSchema = z.object({
  caseNumber,
  auditLogEntryId: SnowflakeSchema,
  action: DiscordActionSchema,
  executor: UserRefSchema,
  linkedAt: InstantSchema,
});

/** Events of one case (stream `moderation.case.<guildId>-<caseNumber>`): every change is a new event. */
export const caseEvents = {
  CaseOpened: CaseOpenedSchema,
  DiscordActionRequested: DiscordActionRequestedSchema,
  DiscordActionSucceeded: DiscordActionSucceededSchema,
  DiscordActionFailed: DiscordActionFailedSchema,
  ExpiryScheduled: ExpiryScheduledSchema,
  ExpiryCancelled: ExpiryCancelledSchema,
  CaseExpired: CaseExpiredSchema,
  CaseLifted: CaseLiftedSchema,
  CaseReasonAmended: CaseReasonAmendedSchema,
  CaseNoteAdded: CaseNoteAddedSchema,
  CaseEvidenceAdded: CaseEvidenceAddedSchema,
  CaseHidden: CaseHiddenSchema,
  CaseRestored: CaseRestoredSchema,
  AuditLogEntryLinked: AuditLogEntryLinkedSchema,
} as const;

export type CaseEvent = EventOf<typeof caseEvents>;
type Ev<T extends keyof typeof caseEvents> = DomainEvent<T, z.output<(typeof caseEvents)[T]>>;
export type CaseOpened = Ev<'CaseOpened'>;
export type DiscordActionRequested = Ev<'DiscordActionRequested'>;
export type DiscordActionSucceeded = Ev<'DiscordActionSucceeded'>;
export type DiscordActionFailed = Ev<'DiscordActionFailed'>;
export type ExpiryScheduled = Ev<'ExpiryScheduled'>;
export type ExpiryCancelled = Ev<'ExpiryCancelled'>;
export type CaseExpired = Ev<'CaseExpired'>;
export type CaseLifted = Ev<'CaseLifted'>;
export type CaseReasonAmended = Ev<'CaseReasonAmended'>;
export type CaseNoteAdded = Ev<'CaseNoteAdded'>;
export type CaseEvidenceAdded = Ev<'CaseEvidenceAdded'>;
export type CaseHidden = Ev<'CaseHidden'>;
export type CaseRestored = Ev<'CaseRestored'>;
export type AuditLogEntryLinked = Ev<'AuditLogEntryLinked'>;
