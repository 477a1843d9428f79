import { SnowflakeSchema } from '@guildhall/kernel';
import { z } from 'zod';

export const InstantSchema = z.iso.datetime();
export const CaseNumberSchema = z.number().int().positive();

/** The longest statement a member may write (and the longest answer to one question). */
export const STATEMENT_MAX = 4000;
export const ANSWER_MAX = 1000;
export const DECISION_REASON_MAX = 1000;
export const QUESTION_MAX = 300;
export const QUESTIONS_MAX = 10;

/** Free text a person typed: trimmed, no NUL byte (PostgreSQL text refuses it; it is never meant). */
export const textInput = (max: number) =>
  z
    .string()
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain a NUL byte' })
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

/** `<guildId>-<caseNumber>-<n>`: the n-th appeal of the case (the id names the case's appeals stream). */
export const AppealIdSchema = z.string().regex(/^\d{1,20}-\d{1,10}-\d{1,6}$/, 'must be <guildId>-<caseNumber>-<n>');

export const appealIdOf = (guildId: string, caseNumber: number, n: number): string => `${guildId}-${caseNumber}-${n}`;

export const parseAppealId = (appealId: string): { guildId: string; caseNumber: number; n: number } | undefined => {
  const m = /^(\d{1,20})-(\d{1,10})-(\d{1,6})$/.exec(appealId);
  if (!m) return undefined;
  return { guildId: m[1] as string, caseNumber: Number(m[2]), n: Number(m[3]) };
};

/** An answer to one of the guild's questions, with the question as it was asked. */
export const AnswerSchema = z.object({ question: z.string().min(1).max(QUESTION_MAX), answer: z.string().max(ANSWER_MAX) });
export type Answer = z.output<typeof AnswerSchema>;

export const AppealDecisionSchema = z.enum(['approved', 'denied']);
export type AppealDecision = z.output<typeof AppealDecisionSchema>;

/** What moderation's case says about the sanction an appeal is about (read by the sender from moderation's public surface). */
export const AppealedCaseSchema = z.object({
  /** The sanctioned member: the only one who may appeal. */
  targetId: SnowflakeSchema,
  /** The moderator who issued the sanction (a Discord user id, or the dashboard user's id). */
  moderatorId: z.string().min(1).max(100),
  action: z.enum(['warn', 'note', 'timeout', 'untimeout', 'kick', 'ban', 'unban']),
  hidden: z.boolean(),
});
export type AppealedCase = z.output<typeof AppealedCaseSchema>;
