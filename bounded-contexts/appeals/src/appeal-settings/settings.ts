import { z } from 'zod';
import { QUESTION_MAX, QUESTIONS_MAX, textInput } from '../appeals-schemas.js';

const DAY = 24 * 3600;

/** A guild's appeal rules. */
export const AppealSettingsSchema = z.object({
  /** Members may appeal at all. */
  enabled: z.boolean(),
  /** Asked on the appeal form, answered beside the statement. */
  questions: z.array(textInput(QUESTION_MAX)).max(QUESTIONS_MAX, `must be at most ${QUESTIONS_MAX} questions`),
  /** After a denial, how long before the member may appeal the same case again. */
  cooldownSeconds: z.number().int().min(0).max(365 * DAY),
  /** How long an appeal may wait for a decision before a reminder. */
  reviewLimitSeconds: z.number().int().min(60).max(90 * DAY),
  /** What the member sees of their own record: hidden cases, the moderator's name. */
  showHiddenCases: z.boolean(),
  showModeratorName: z.boolean(),
});
export type AppealSettings = z.output<typeof AppealSettingsSchema>;

/** A guild that never changed its settings: appeals open, a week's cooldown, three days to decide, moderators anonymous. */
export const defaultAppealSettings = (): AppealSettings => ({
  enabled: true,
  questions: [],
  cooldownSeconds: 7 * DAY,
  reviewLimitSeconds: 3 * DAY,
  showHiddenCases: false,
  showModeratorName: false,
});
