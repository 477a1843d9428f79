import { ActorSchema, SnowflakeSchema, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { InstantSchema, ReasonSchema, UserRefSchema } from '../moderation-schemas.js';
import { REPORT_EXCERPT_MAX, ReportIdSchema, ReportResolutionSchema } from './commands.js';

export const ReportFiledSchema = z.object({
  reportId: ReportIdSchema,
  reporter: UserRefSchema,
  target: UserRefSchema,
  channelId: SnowflakeSchema.nullable(),
  messageId: SnowflakeSchema.nullable(),
  /** Personal data of the target (personal-data.ts): shredded with the target's key. */
  excerpt: z.string().max(REPORT_EXCERPT_MAX).nullable(),
  reason: ReasonSchema,
  filedAt: InstantSchema,
});

export const ReportResolvedSchema = z.object({
  reportId: ReportIdSchema,
  target: UserRefSchema,
  resolution: ReportResolutionSchema,
  resolvedBy: ActorSchema,
  /** The filing it closes (for "time from report to action" without reading the filing again). */
  filedAt: InstantSchema,
  resolvedAt: InstantSchema,
});

export const reportEvents = {
  ReportFiled: ReportFiledSchema,
  ReportResolved: ReportResolvedSchema,
} as const;
export type ReportEvent = EventOf<typeof reportEvents>;
export type ReportFiled = DomainEvent<'ReportFiled', z.output<typeof ReportFiledSchema>>;
export type ReportResolved = DomainEvent<'ReportResolved', z.output<typeof ReportResolvedSchema>>;
