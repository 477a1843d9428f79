import type { RuleDefinition } from './rule-schema.js';

export type AutomodRuleState = Readonly<{
  exists: boolean;
  ruleId: string | null;
  revision: number;
  enabled: boolean;
  definition: RuleDefinition | null;
}>;

export const initialAutomodRuleState = (): AutomodRuleState => ({ exists: false, ruleId: null, revision: 0, enabled: false, definition: null });
