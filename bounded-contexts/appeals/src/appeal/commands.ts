import { ActorSchema, type CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { ANSWER_MAX, AppealDecisionSchema, AppealedCaseSchema, AppealIdSchema, CaseNumberSchema, DECISION_REASON_MAX, STATEMENT_MAX, textInput } from '../appeals-schemas.js';
import { AppealSettingsSchema } from '../appeal-settings/settings.js';

const answer = z
  .string()
  .refine((s) => !s.includes('\u0000'), { message: 'must not contain a NUL byte' })
  .transform((s) => s.trim())
  .pipe(z.string().max(ANSWER_MAX, `must be at most ${ANSWER_MAX} characters`));

/**
 * Commands on a case's appeals (stream `appeals.case.<guildId>-<caseNumber>`). The appellant,
 * reviewer or decider is always the command's actor (its id: the Discord user id).
 */
export const appealCommands = {
  /**
   * The sender reads the case from moderation's public surface and the guild's settings from
   * this context's settings stream, and passes both: the decider stays pure and checks them.
   */
  SubmitAppeal: z.object({
    caseNumber: CaseNumberSchema,
    statement: textInput(STATEMENT_MAX),
    /** In the order of the guild's questions. */
    answers: z.array(answer).max(20).default([]),
    appealedCase: AppealedCaseSchema,
    settings: AppealSettingsSchema,
  }),
  /** A moderator takes the appeal ("assign to me"). */
  AssignAppeal: z.object({ caseNumber: CaseNumberSchema, appealId: AppealIdSchema }),
  DecideAppeal: z.object({
    caseNumber: CaseNumberSchema,
    appealId: AppealIdSchema,
    decision: AppealDecisionSchema,
    reason: textInput(DECISION_REASON_MAX),
    /**
     * Set only by the four-eyes gate when a second moderator's approval runs the decision (the
     * command's id is then the one derived from that approval); a decision sent with it otherwise
     * is refused. The actor stays the moderator who asked for the decision.
     */
    approval: z.object({ approvalId: z.string().min(1).max(200), approvedBy: ActorSchema }).nullable().default(null),
  }),
  WithdrawAppeal: z.object({ caseNumber: CaseNumberSchema, appealId: AppealIdSchema }),
  /** From the appeals service's reminder sweep, once an appeal is past its review limit. */
  RecordAppealReminder: z.object({ caseNumber: CaseNumberSchema, appealId: AppealIdSchema }),
} as const;
export type AppealCommand = CommandOf<typeof appealCommands>;
export type AppealCommandType = AppealCommand['type'];
