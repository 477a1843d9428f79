import { ActorSchema, SnowflakeSchema, type CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import {
  CaseNumberSchema,
  InstantSchema,
  MAX_DELETE_MESSAGE_SECONDS,
  MAX_TEMP_BAN_SECONDS,
  MAX_TIMEOUT_SECONDS,
  ReasonInputSchema,
  ReasonSchema,
  RequestIdSchema,
  UserRefSchema,
} from '../moderation-schemas.js';

/** Discord's own bulk-ban endpoint takes at most 200 users; we keep the same bound. */
export const MAX_BULK_TARGETS = 200;

export const BulkActionSchema = z.enum(['ban', 'kick', 'timeout']);

const outcomeOf = { bulkId: RequestIdSchema, userId: SnowflakeSchema };

/** Commands of one bulk request (stream `moderation.bulk.<guildId>-<bulkId>`, bulkId = the request's command id). */
export const bulkActionCommands = {
  RequestBulkAction: z
    .object({
      action: BulkActionSchema,
      targets: z.array(UserRefSchema).min(1).max(MAX_BULK_TARGETS),
      reason: ReasonInputSchema,
      durationSeconds: z.number().int().min(1).nullable().default(null),
      deleteMessageSeconds: z.number().int().min(0).max(MAX_DELETE_MESSAGE_SECONDS).default(0),
    })
    .superRefine((c, ctx) => {
      const d = c.durationSeconds;
      if (c.action === 'timeout' && (d === null || d > MAX_TIMEOUT_SECONDS)) {
        ctx.addIssue({ code: 'custom', path: ['durationSeconds'], message: `a timeout needs 1..${MAX_TIMEOUT_SECONDS} seconds` });
      }
      if (c.action === 'ban' && d !== null && (d < 60 || d > MAX_TEMP_BAN_SECONDS)) {
        ctx.addIssue({ code: 'custom', path: ['durationSeconds'], message: `a temporary ban lasts 60..${MAX_TEMP_BAN_SECONDS} seconds` });
      }
      if (c.action === 'kick' && d !== null) {
        ctx.addIssue({ code: 'custom', path: ['durationSeconds'], message: 'a kick has no duration' });
      }
    }),
  /** Internal (process manager): how one member's part ended. */
  RecordBulkMemberOutcome: z.discriminatedUnion('outcome', [
    z.object({ ...outcomeOf, outcome: z.literal('applied'), caseNumber: CaseNumberSchema }),
    z.object({
      ...outcomeOf,
      outcome: z.literal('failed'),
      caseNumber: CaseNumberSchema,
      discordErrorCode: z.number().int().nullable().default(null),
      reason: z.string().trim().min(1).max(1000),
    }),
    /** The member's command was rejected (e.g. ALREADY_BANNED): no case was opened. */
    z.object({ ...outcomeOf, outcome: z.literal('rejected'), code: z.string().min(1), reason: z.string().trim().min(1).max(1000) }),
  ]),
} as const;
export type BulkActionCommand = CommandOf<typeof bulkActionCommands>;
