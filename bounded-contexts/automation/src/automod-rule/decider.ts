import type { Decider } from '@guildhall/kernel';
import type { AutomodRuleCommand } from './commands.js';
import { AutomodErrorCodes, rejectAutomod } from './errors.js';
import type { AutomodRuleEvent } from './events.js';
import type { RuleDefinition } from './rule-schema.js';
import { initialAutomodRuleState, type AutomodRuleState } from './state.js';

export const evolveAutomodRule = (s: AutomodRuleState, e: AutomodRuleEvent): AutomodRuleState => {
  switch (e.type) {
    case 'AutomodRuleCreated':
      return { exists: true, ruleId: e.data.ruleId, revision: 1, enabled: false, definition: e.data.definition };
    case 'AutomodRuleUpdated':
      return { ...s, revision: e.data.revision, definition: e.data.definition };
    case 'AutomodRuleEnabled':
      return { ...s, enabled: true };
    case 'AutomodRuleDisabled':
      return { ...s, enabled: false };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

const FIELDS = ['name', 'trigger', 'actions', 'exemptRoleIds', 'exemptChannelIds', 'dryRun'] as const satisfies readonly (keyof RuleDefinition)[];

/** Key-order-independent equality of two JSON values (definitions come from zod, so plain data). */
const same = (a: unknown, b: unknown): boolean => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
const sortKeys = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)).map(([k, x]) => [k, sortKeys(x)])) : v;

const existing = (s: AutomodRuleState, ruleId: string): AutomodRuleState & { definition: RuleDefinition } => {
  if (!s.exists || !s.definition) return rejectAutomod(AutomodErrorCodes.AUTOMOD_RULE_NOT_FOUND, `automod rule ${ruleId} does not exist`, { ruleId });
  return s as AutomodRuleState & { definition: RuleDefinition };
};

export const decideAutomodRule = (c: AutomodRuleCommand, s: AutomodRuleState): AutomodRuleEvent[] => {
  const by = { by: c.meta.actor, at: c.meta.now };
  switch (c.type) {
    case 'CreateAutomodRule': {
      if (s.exists) {
        // The same create again (a retry) changes nothing; another definition under the id is a clash.
        if (s.revision === 1 && same(s.definition, c.data.definition)) return [];
        return rejectAutomod(AutomodErrorCodes.AUTOMOD_RULE_EXISTS, `automod rule ${c.data.ruleId} exists already`, { ruleId: c.data.ruleId });
      }
      return [{ type: 'AutomodRuleCreated', data: { ruleId: c.data.ruleId, revision: 1, definition: c.data.definition, ...by } }];
    }
    case 'UpdateAutomodRule': {
      const r = existing(s, c.data.ruleId);
      if (c.data.expectedRevision !== null && c.data.expectedRevision !== r.revision) {
        return rejectAutomod(AutomodErrorCodes.AUTOMOD_RULE_REVISION_CONFLICT, `automod rule ${c.data.ruleId} is at revision ${r.revision}, not ${c.data.expectedRevision}`, {
          ruleId: c.data.ruleId,
          revision: r.revision,
          expectedRevision: c.data.expectedRevision,
        });
      }
      const changed = FIELDS.filter((f) => !same(r.definition[f], c.data.definition[f]));
      if (changed.length === 0) return [];
      return [{ type: 'AutomodRuleUpdated', data: { ruleId: c.data.ruleId, revision: r.revision + 1, definition: c.data.definition, changed, ...by } }];
    }
    case 'EnableAutomodRule': {
      const r = existing(s, c.data.ruleId);
      return r.enabled ? [] : [{ type: 'AutomodRuleEnabled', data: { ruleId: c.data.ruleId, revision: r.revision, ...by } }];
    }
    case 'DisableAutomodRule': {
      const r = existing(s, c.data.ruleId);
      return r.enabled ? [{ type: 'AutomodRuleDisabled', data: { ruleId: c.data.ruleId, revision: r.revision, ...by } }] : [];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const automodRuleDecider: Decider<AutomodRuleState, AutomodRuleCommand, AutomodRuleEvent> = {
  decide: decideAutomodRule,
  evolve: evolveAutomodRule,
  initialState: initialAutomodRuleState,
};
