import { SnowflakeSchema, type CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { FourEyesActSchema } from '../four-eyes/commands.js';
import { InstantSchema, REASON_MAX, RequestIdSchema, UserRefSchema } from '../moderation-schemas.js';

/** The contexts whose commands the gate may hold: the approved command is sent to `cmd.<context>.<type>`. */
export const HeldContextSchema = z.enum(['moderation', 'appeals']);
export type HeldContext = z.output<typeof HeldContextSchema>;

/**
 * The command an approval holds: its context, its type and its payload exactly as the requester
 * sent it (so the handler's schema applies its defaults once, when it runs).
 */
export const HeldCommandSchema = z.object({
  context: HeldContextSchema,
  type: z.string().min(1).max(100),
  payload: z.record(z.string(), z.unknown()),
});
export type HeldCommand = z.output<typeof HeldCommandSchema>;

/** What a pending request shows to the second moderator, worked out by the gate. */
export const ApprovalSummarySchema = z.object({
  /** "Ban troll#0001 (raid)". */
  text: z.string().min(1).max(1000),
  /** The members it acts on (a bulk action: all of them). */
  targets: z.array(UserRefSchema).max(200),
  caseNumber: z.number().int().positive().nullable(),
});

const approvalId = RequestIdSchema;

/** Commands of one approval request (stream `moderation.approval.<guildId>-<approvalId>`, approvalId = the held command's id). */
export const approvalRequestCommands = {
  /** Internal (the four-eyes gate): the act waits for a second moderator. */
  RequestApproval: z.object({
    act: FourEyesActSchema,
    held: HeldCommandSchema,
    summary: ApprovalSummarySchema,
    expiresAt: InstantSchema,
    /** The guild's staff channel, where the bot posts it with Approve / Deny buttons. */
    postTo: SnowflakeSchema.nullable().default(null),
  }),
  /** From the bot's action executor: the post in the staff channel (or why Discord refused it). */
  RecordApprovalPost: z.object({
    approvalId,
    channelId: SnowflakeSchema,
    messageId: SnowflakeSchema.nullable(),
    failure: z.string().trim().min(1).max(1000).nullable().default(null),
  }),
  /** From the bot's action executor: the staff-channel post now says how the request was decided (or why not). */
  RecordApprovalPostUpdated: z.object({ approvalId, failure: z.string().trim().min(1).max(1000).nullable().default(null) }),
  ApproveRequest: z.object({ approvalId }),
  DenyRequest: z.object({ approvalId, reason: z.string().trim().max(REASON_MAX).nullable().default(null) }),
  /** From the scheduler, at the request's expiry. */
  ExpireApproval: z.object({ approvalId }),
  /** Internal (the four-eyes gate): the held command ran, how it ended. */
  RecordApprovalExecuted: z.object({
    approvalId,
    commandId: z.string().min(1).max(200),
    outcome: z.enum(['accepted', 'rejected']),
    code: z.string().min(1).max(100).nullable().default(null),
    message: z.string().max(1000).nullable().default(null),
  }),
} as const;
export type ApprovalRequestCommand = CommandOf<typeof approvalRequestCommands>;
