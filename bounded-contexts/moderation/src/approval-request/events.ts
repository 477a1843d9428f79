import { ActorSchema, SnowflakeSchema, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { FourEyesActSchema } from '../four-eyes/commands.js';
import { InstantSchema, RequestIdSchema } from '../moderation-schemas.js';
import { ApprovalSummarySchema, HeldCommandSchema } from './commands.js';

export const ApprovalRequestedSchema = z.object({
  approvalId: RequestIdSchema,
  act: FourEyesActSchema,
  held: HeldCommandSchema,
  summary: ApprovalSummarySchema,
  requestedBy: ActorSchema,
  requestedAt: InstantSchema,
  expiresAt: InstantSchema,
  postTo: SnowflakeSchema.nullable().default(null),
});
export const ApprovalPostedSchema = z.object({
  approvalId: RequestIdSchema,
  channelId: SnowflakeSchema,
  messageId: SnowflakeSchema.nullable(),
  failure: z.string().nullable(),
  at: InstantSchema,
});
/** The staff-channel post a decision updates (what it said), carried by the decision so the bot reads no other event. */
export const ApprovalPostRefSchema = z.object({ channelId: SnowflakeSchema, messageId: SnowflakeSchema, text: z.string(), requestedBy: z.string() });
export const ApprovalPostUpdatedSchema = z.object({ approvalId: RequestIdSchema, failure: z.string().nullable(), at: InstantSchema });
/** Carries the held command and its requester, so the workflow that runs it reads no other event. */
export const ApprovalGrantedSchema = z.object({
  approvalId: RequestIdSchema,
  held: HeldCommandSchema,
  requestedBy: ActorSchema,
  approvedBy: ActorSchema,
  approvedAt: InstantSchema,
  post: ApprovalPostRefSchema.nullable().default(null),
});
export const ApprovalDeniedSchema = z.object({
  approvalId: RequestIdSchema,
  deniedBy: ActorSchema,
  reason: z.string().nullable(),
  deniedAt: InstantSchema,
  post: ApprovalPostRefSchema.nullable().default(null),
});
export const ApprovalExpiredSchema = z.object({ approvalId: RequestIdSchema, expiredAt: InstantSchema, post: ApprovalPostRefSchema.nullable().default(null) });
export const ApprovalExecutedSchema = z.object({
  approvalId: RequestIdSchema,
  /** The id the held command ran under (derived from the approval: it runs once). */
  commandId: z.string().min(1),
  outcome: z.enum(['accepted', 'rejected']),
  code: z.string().nullable(),
  message: z.string().nullable(),
  executedAt: InstantSchema,
});

export const approvalRequestEvents = {
  ApprovalRequested: ApprovalRequestedSchema,
  ApprovalPosted: ApprovalPostedSchema,
  ApprovalPostUpdated: ApprovalPostUpdatedSchema,
  ApprovalGranted: ApprovalGrantedSchema,
  ApprovalDenied: ApprovalDeniedSchema,
  ApprovalExpired: ApprovalExpiredSchema,
  ApprovalExecuted: ApprovalExecutedSchema,
} as const;
export type ApprovalRequestEvent = EventOf<typeof approvalRequestEvents>;
export type ApprovalRequested = DomainEvent<'ApprovalRequested', z.output<typeof ApprovalRequestedSchema>>;
export type ApprovalGranted = DomainEvent<'ApprovalGranted', z.output<typeof ApprovalGrantedSchema>>;
