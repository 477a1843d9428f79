import { ActorSchema, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { CaseNumberSchema, InstantSchema, ReasonSchema, RequestIdSchema, UserRefSchema } from '../moderation-schemas.js';
import { BulkActionSchema } from './commands.js';

export const BulkActionRequestedSchema = z.object({
  bulkId: RequestIdSchema,
  action: BulkActionSchema,
  targets: z.array(UserRefSchema).min(1),
  reason: ReasonSchema,
  durationSeconds: z.number().int().positive().nullable(),
  deleteMessageSeconds: z.number().int().min(0).nullable(),
  moderator: ActorSchema,
  requestedAt: InstantSchema,
});
export const BulkMemberSucceededSchema = z.object({ bulkId: RequestIdSchema, target: UserRefSchema, caseNumber: CaseNumberSchema, at: InstantSchema });
export const BulkMemberFailedSchema = z.object({
  bulkId: RequestIdSchema,
  target: UserRefSchema,
  /** rejected: our rule said no (code), no case; discord: the case exists but Discord refused. */
  stage: z.enum(['rejected', 'discord']),
  caseNumber: CaseNumberSchema.nullable(),
  code: z.string().nullable(),
  discordErrorCode: z.number().int().nullable(),
  reason: z.string().min(1),
  at: InstantSchema,
});
export const BulkActionCompletedSchema = z.object({
  bulkId: RequestIdSchema,
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  completedAt: InstantSchema,
});

export const bulkActionEvents = {
  BulkActionRequested: BulkActionRequestedSchema,
  BulkMemberSucceeded: BulkMemberSucceededSchema,
  BulkMemberFailed: BulkMemberFailedSchema,
  BulkActionCompleted: BulkActionCompletedSchema,
} as const;
export type BulkActionEvent = EventOf<typeof bulkActionEvents>;
export type BulkActionRequested = DomainEvent<'BulkActionRequested', z.output<typeof BulkActionRequestedSchema>>;
export type BulkMemberSucceeded = DomainEvent<'BulkMemberSucceeded', z.output<typeof BulkMemberSucceededSchema>>;
export type BulkMemberFailed = DomainEvent<'BulkMemberFailed', z.output<typeof BulkMemberFailedSchema>>;
export type BulkActionCompleted = DomainEvent<'BulkActionCompleted', z.output<typeof BulkActionCompletedSchema>>;
