import type { DomainEvent, EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { ActionSchema } from '../automod-rule/rule-schema.js';
import { HitSubjectSchema } from './commands.js';

export const AutomodRuleHitSchema = z.object({
  ruleId: z.string(),
  ruleName: z.string(),
  revision: z.number().int(),
  dryRun: z.boolean(),
  reason: z.string(),
  at: z.iso.datetime(),
  subject: HitSubjectSchema,
  actions: z.array(ActionSchema),
});
export const AutomodMessageDeletedSchema = z.object({ ruleId: z.string(), at: z.iso.datetime(), messageId: z.string(), deletedAt: z.iso.datetime() });
export const AutomodMessageDeleteFailedSchema = z.object({ ruleId: z.string(), at: z.iso.datetime(), messageId: z.string(), reason: z.string(), failedAt: z.iso.datetime() });

export const automodHitEvents = {
  AutomodRuleHit: AutomodRuleHitSchema,
  AutomodMessageDeleted: AutomodMessageDeletedSchema,
  AutomodMessageDeleteFailed: AutomodMessageDeleteFailedSchema,
} as const;
export type AutomodHitEvent = EventOf<typeof automodHitEvents>;
export type AutomodRuleHit = DomainEvent<'AutomodRuleHit', z.output<typeof AutomodRuleHitSchema>>;
