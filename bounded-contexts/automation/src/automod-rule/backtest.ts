import { compileRule, evaluateRule, observeAndEvaluate, type RuleHit } from './evaluate.js';
import { GuildWindow } from './guild-window.js';
import { observedAt, type JoinObservation, type MessageObservation, type Observation } from './observation.js';
import type { RuleDefinition } from './rule-schema.js';

const WINDOWED: ReadonlySet<string> = new Set(['message-rate', 'duplicates', 'raid']);

export type BacktestResult = Readonly<{ examined: { messages: number; joins: number }; hits: readonly RuleHit[] }>;

/**
 * What a draft rule would have done over stored history: the messages and joins merged in time
 * order through a fresh window, the rule evaluated on each, exactly as the live reactor does
 * (same `observeAndEvaluate`). Pure; inputs each in time order.
 */
export const backtestRule = (definition: RuleDefinition, messages: readonly MessageObservation[], joins: readonly JoinObservation[]): BacktestResult => {
  const rule = compileRule('draft', 0, definition);
  const window = new GuildWindow();
  // Only rate, duplicate and raid rules look at the past; the others skip keeping it (the same answers, less work).
  const windowed = WINDOWED.has(definition.trigger.kind);
  const hits: RuleHit[] = [];
  let m = 0;
  let j = 0;
  while (m < messages.length || j < joins.length) {
    const nextMessage = messages[m];
    const nextJoin = joins[j];
    let o: Observation;
    if (nextJoin && (!nextMessage || observedAt(nextJoin) < observedAt(nextMessage))) {
      o = nextJoin;
      j++;
    } else {
      o = nextMessage!;
      m++;
    }
    const hit = windowed ? observeAndEvaluate([rule], o, window)[0] : evaluateRule(rule, o, window);
    if (hit) hits.push(hit);
  }
  return { examined: { messages: messages.length, joins: joins.length }, hits };
};
