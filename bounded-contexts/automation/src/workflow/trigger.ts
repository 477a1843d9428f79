import { SnowflakeSchema } from '@guildhall/kernel';
import { z } from 'zod';
import { WorkflowTriggerSchema, type ConditionOp, type WorkflowCondition } from './definition.js';

/** One happening that may start workflows, as the workflow reactor reads it from an event or a fact. */
export const TriggerFactSchema = z.object({
  kind: WorkflowTriggerSchema,
  /** The event or fact id: with the workflow id, the run's id (a redelivery is the same run). */
  sourceId: z.string().min(1).max(200),
  userId: SnowflakeSchema,
  userName: z.string().max(100),
  channelId: SnowflakeSchema.nullable(),
  /** The trigger's fields (WORKFLOW_TRIGGERS), as text. */
  fields: z.record(z.string(), z.string().max(6000)),
  at: z.iso.datetime(),
});
export type TriggerFact = z.output<typeof TriggerFactSchema>;

export type ConditionResult = Readonly<{ index: number; field: string; op: ConditionOp; expected: string; actual: string; passed: boolean }>;

const test = (op: ConditionOp, actual: string, expected: string): boolean => {
  const a = actual.toLowerCase();
  const e = expected.toLowerCase();
  switch (op) {
    case 'equals':
      return a === e;
    case 'not-equals':
      return a !== e;
    case 'contains':
      return a.includes(e);
    case 'not-contains':
      return !a.includes(e);
    case 'starts-with':
      return a.startsWith(e);
    case 'greater-than':
      return Number(actual) > Number(expected);
    case 'less-than':
      return Number(actual) < Number(expected);
    default: {
      const unknown: never = op;
      return unknown;
    }
  }
};

/** Each condition on the trigger's fields (text comparisons ignore case; a missing field is empty). */
export const evaluateConditions = (conditions: readonly WorkflowCondition[], fact: TriggerFact): ConditionResult[] =>
  conditions.map((c, index) => {
    const actual = Object.hasOwn(fact.fields, c.field) ? fact.fields[c.field]! : '';
    return { index, field: c.field, op: c.op, expected: c.value, actual: actual.slice(0, 200), passed: test(c.op, actual, c.value) };
  });
