import { ActorSchema, SnowflakeSchema, type CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { ModerationRequestSchema } from '../moderation-request.js';
import {
  CaseNumberSchema,
  DiscordActionSchema,
  DiscordFailureSchema,
  REASON_MAX,
  RequestIdSchema,
  UserRefSchema,
} from '../moderation-schemas.js';

const caseNumber = CaseNumberSchema;
const actionId = z.string().min(1).max(200);
const why = z.string().trim().min(1).max(REASON_MAX);

/** Commands of one case (stream `moderation.case.<guildId>-<caseNumber>`). */
export const caseCommands = {
  /** Internal (process manager): open the case a number was allocated for. */
  OpenCase: z.object({ caseNumber, request: ModerationRequestSchema }),
  /** From the Discord action executor. */
  RecordDiscordActionSucceeded: z.object({ caseNumber, actionId }),
  RecordDiscordActionFailed: z.object({ caseNumber, actionId, ...DiscordFailureSchema.shape }),
  /** From the scheduler, at the due time of ExpiryScheduled. */
  ExpireCase: z.object({ caseNumber }),
  /** Internal (process manager): an unban/untimeout (case byCaseNumber) lifted this case's ban/timeout. */
  RecordCaseLifted: z.object({
    caseNumber,
    byCaseNumber: CaseNumberSchema.nullable(),
    byRequestId: RequestIdSchema,
    /** The moderator of the unban/untimeout (or the human who lifted it in Discord). */
    liftedBy: ActorSchema,
  }),
  AmendCaseReason: z.object({ caseNumber, reason: why }),
  AddCaseNote: z.object({ caseNumber, text: z.string().trim().min(1).max(4000) }),
  AddCaseEvidence: z.object({
    caseNumber,
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
    description: z.string().trim().max(500).nullable().default(null),
  }),
  HideCase: z.object({ caseNumber, reason: why }),
  RestoreCase: z.object({ caseNumber, reason: why }),
  /** Internal (process manager): Discord's audit-log entry for an action this case caused. */
  LinkAuditLogEntry: z.object({
    caseNumber,
    auditLogEntryId: SnowflakeSchema,
    action: DiscordActionSchema,
    executor: UserRefSchema,
  }),
} as const;

export type CaseCommand = CommandOf<typeof caseCommands>;
