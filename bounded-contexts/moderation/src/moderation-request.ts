import { ActorSchema, SnowflakeSchema } from '@guildhall/kernel';
import { z } from 'zod';
import {
  CaseNumberSchema,
  InstantSchema,
  MAX_DELETE_MESSAGE_SECONDS,
  ModerationActionSchema,
  OriginSchema,
  ReasonSchema,
  RequestIdSchema,
  UserRefSchema,
} from './moderation-schemas.js';
import { ReportIdSchema } from './report/commands.js';

/**
 * One moderation action as requested in Guildhall or observed in Discord. It travels unchanged
 * member record → case-number counter → case, so each step (and the process manager between
 * them) has everything it needs without reading another stream.
 */
export const ModerationRequestSchema = z.object({
  /** The id of the command that asked for it (or `audit-<entryId>` for an observed action). */
  requestId: RequestIdSchema,
  /** guildhall: asked here, Discord still has to do it; discord: a human already did it in Discord. */
  origin: OriginSchema,
  action: ModerationActionSchema,
  target: UserRefSchema,
  moderator: ActorSchema,
  reason: ReasonSchema,
  /** Timeouts and temporary bans; null for everything else and for permanent bans. */
  durationSeconds: z.number().int().positive().nullable(),
  /** requestedAt + durationSeconds (a timeout observed in Discord: its end as Discord reports it). */
  expiresAt: InstantSchema.nullable(),
  deleteMessageSeconds: z.number().int().min(0).max(MAX_DELETE_MESSAGE_SECONDS).nullable(),
  /** Set when the action is one member of a bulk request. */
  bulkId: RequestIdSchema.nullable(),
  auditLogEntryId: SnowflakeSchema.nullable(),
  /** For unban / untimeout: the case whose ban or timeout this lifts, when known. */
  liftsCaseNumber: CaseNumberSchema.nullable(),
  /** The member report this action answers (the dashboard's "act on report"): its case resolves it. Absent otherwise. */
  reportId: ReportIdSchema.optional(),
  requestedAt: InstantSchema,
});
export type ModerationRequest = z.output<typeof ModerationRequestSchema>;
