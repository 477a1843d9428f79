import type { CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { RuleDefinitionSchema } from './rule-schema.js';

export const RuleIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ -');

/** Commands of one rule (stream `automation.automod-rule.<guildId>-<ruleId>`): every edit is an event. */
export const automodRuleCommands = {
  /** A new rule, disabled until enabled (a draft to backtest). The API picks the id, so a retried create is the same stream. */
  CreateAutomodRule: z.object({ ruleId: RuleIdSchema, definition: RuleDefinitionSchema }),
  /** A new revision of the definition; `expectedRevision` guards against overwriting an edit made in between. */
  UpdateAutomodRule: z.object({ ruleId: RuleIdSchema, definition: RuleDefinitionSchema, expectedRevision: z.number().int().min(1).nullable().default(null) }),
  EnableAutomodRule: z.object({ ruleId: RuleIdSchema }),
  DisableAutomodRule: z.object({ ruleId: RuleIdSchema }),
} as const;
export type AutomodRuleCommand = CommandOf<typeof automodRuleCommands>;
