import { ActorSchema, SnowflakeSchema, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import {
  AnswerSchema,
  AppealDecisionSchema,
  AppealIdSchema,
  AppealedCaseSchema,
  CaseNumberSchema,
  InstantSchema,
} from '../appeals-schemas.js';

/** Every appeal event names the appeal and its case, so a consumer (notifier, read model) needs no other event. */
const appeal = { appealId: AppealIdSchema, guildId: SnowflakeSchema, caseNumber: CaseNumberSchema };

export const AppealSubmittedSchema = z.object({
  ...appeal,
  appellantId: SnowflakeSchema,
  statement: z.string().min(1),
  /** Sealed personal data: once the appellant is forgotten the store reads it as null (not a string), which is no answers. */
  answers: z.array(AnswerSchema).nullable().transform((a) => a ?? []),
  submittedAt: InstantSchema,
  /** The case as it was when appealed: who issued it (never its reviewer), what it was. */
  appealedCase: AppealedCaseSchema,
  /** submittedAt + the guild's review time limit: after this, AppealReminderDue. */
  reviewDueAt: InstantSchema,
});

export const AppealAssignedSchema = z.object({
  ...appeal,
  /** The moderator who reviews it (a Discord user id). */
  reviewerId: z.string().min(1),
  reviewerName: z.string(),
  assignedBy: ActorSchema,
  assignedAt: InstantSchema,
});

export const AppealDecidedSchema = z.object({
  ...appeal,
  appellantId: SnowflakeSchema,
  decision: AppealDecisionSchema,
  /** Shown to the member. */
  reason: z.string().min(1),
  /** Who decided (wrote the decision and its reason); under four-eyes, the moderator who asked for it. */
  decidedBy: ActorSchema,
  decidedAt: InstantSchema,
  /** Under four-eyes: the approval request and the second moderator whose approval let the decision run; null without four-eyes. */
  approval: z.object({ approvalId: z.string().min(1), approvedBy: ActorSchema }).nullable().default(null),
  /** The sanction approval lifts (ban → unban, timeout → remove timeout); null when nothing is lifted. */
  lifts: z.enum(['ban', 'timeout']).nullable(),
});

export const AppealWithdrawnSchema = z.object({ ...appeal, appellantId: SnowflakeSchema, withdrawnAt: InstantSchema });

/** The appeal waited longer than the guild's review limit without a decision (recorded once per appeal). */
export const AppealReminderDueSchema = z.object({ ...appeal, submittedAt: InstantSchema, reviewDueAt: InstantSchema, remindedAt: InstantSchema });

/** Events of a case's appeals (stream `appeals.case.<guildId>-<caseNumber>`): one open at a time. */
export const appealEvents = {
  AppealSubmitted: AppealSubmittedSchema,
  AppealAssigned: AppealAssignedSchema,
  AppealDecided: AppealDecidedSchema,
  AppealWithdrawn: AppealWithdrawnSchema,
  AppealReminderDue: AppealReminderDueSchema,
} as const;

export type AppealEvent = EventOf<typeof appealEvents>;
export type AppealEventType = AppealEvent['type'];
type Ev<T extends AppealEventType> = DomainEvent<T, z.output<(typeof appealEvents)[T]>>;
export type AppealSubmitted = Ev<'AppealSubmitted'>;
export type AppealAssigned = Ev<'AppealAssigned'>;
export type AppealDecided = Ev<'AppealDecided'>;
export type AppealWithdrawn = Ev<'AppealWithdrawn'>;
export type AppealReminderDue = Ev<'AppealReminderDue'>;
