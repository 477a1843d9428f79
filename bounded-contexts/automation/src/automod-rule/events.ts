import { ActorSchema, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { RuleDefinitionSchema } from './rule-schema.js';

const by = { by: ActorSchema, at: z.iso.datetime() };

export const AutomodRuleCreatedSchema = z.object({ ruleId: z.string(), revision: z.literal(1), definition: RuleDefinitionSchema, ...by });
export const AutomodRuleUpdatedSchema = z.object({
  ruleId: z.string(),
  revision: z.number().int().min(2),
  definition: RuleDefinitionSchema,
  /** The top-level fields that changed (name, trigger, actions, exemptRoleIds, exemptChannelIds, dryRun). */
  changed: z.array(z.string()),
  ...by,
});
export const AutomodRuleEnabledSchema = z.object({ ruleId: z.string(), revision: z.number().int(), ...by });
export const AutomodRuleDisabledSchema = z.object({ ruleId: z.string(), revision: z.number().int(), ...by });

export const automodRuleEvents = {
  AutomodRuleCreated: AutomodRuleCreatedSchema,
  AutomodRuleUpdated: AutomodRuleUpdatedSchema,
  AutomodRuleEnabled: AutomodRuleEnabledSchema,
  AutomodRuleDisabled: AutomodRuleDisabledSchema,
} as const;
export type AutomodRuleEvent = EventOf<typeof automodRuleEvents>;
export type AutomodRuleCreated = DomainEvent<'AutomodRuleCreated', z.output<typeof AutomodRuleCreatedSchema>>;
