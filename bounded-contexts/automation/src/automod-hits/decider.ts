import type { Decider } from '@guildhall/kernel';
import { subjectKey, type AutomodHitCommand } from './commands.js';
import type { AutomodHitEvent } from './events.js';
import { initialAutomodHitsState, type AutomodHitsState } from './state.js';

export const evolveAutomodHits = (s: AutomodHitsState, e: AutomodHitEvent): AutomodHitsState => {
  switch (e.type) {
    case 'AutomodRuleHit':
      return { ...s, hit: new Set(s.hit).add(subjectKey(e.data.subject)) };
    case 'AutomodMessageDeleted':
    case 'AutomodMessageDeleteFailed':
      return { ...s, settled: new Set(s.settled).add(e.data.messageId) };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

export const decideAutomodHits = (c: AutomodHitCommand, s: AutomodHitsState): AutomodHitEvent[] => {
  switch (c.type) {
    case 'RecordAutomodHit':
      return s.hit.has(subjectKey(c.data.subject)) ? [] : [{ type: 'AutomodRuleHit', data: c.data }];
    case 'RecordAutomodDeleteOutcome': {
      const d = c.data;
      // An outcome for a message this rule never hit, or one already settled, records nothing.
      if (!s.hit.has(`message-${d.messageId}`) || s.settled.has(d.messageId)) return [];
      return d.deleted
        ? [{ type: 'AutomodMessageDeleted', data: { ruleId: d.ruleId, at: d.at, messageId: d.messageId, deletedAt: c.meta.now } }]
        : [{ type: 'AutomodMessageDeleteFailed', data: { ruleId: d.ruleId, at: d.at, messageId: d.messageId, reason: d.reason ?? 'unknown', failedAt: c.meta.now } }];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const automodHitsDecider: Decider<AutomodHitsState, AutomodHitCommand, AutomodHitEvent> = {
  decide: decideAutomodHits,
  evolve: evolveAutomodHits,
  initialState: initialAutomodHitsState,
};
