import { SnowflakeSchema } from '@guildhall/kernel';
import { z } from 'zod';
import { checkTemplate, type CheckedTemplate } from '../template/check.js';
import type { TemplatePosition } from '../template/parse.js';

/** What can start a workflow, and the fields its conditions may test. */
export const WORKFLOW_TRIGGERS = {
  'member-joined': ['user.id', 'user.name', 'user.bot', 'member.rejoined'],
  'message-posted': ['user.id', 'user.name', 'user.bot', 'channel.id', 'message.content', 'message.mentions'],
  'case-opened': ['user.id', 'user.name', 'case.number', 'case.action', 'case.reason', 'moderator.name'],
} as const satisfies Record<string, readonly string[]>;
export type WorkflowTriggerKind = keyof typeof WORKFLOW_TRIGGERS;
export const WorkflowTriggerSchema = z.enum(Object.keys(WORKFLOW_TRIGGERS) as [WorkflowTriggerKind, ...WorkflowTriggerKind[]]);

export const ConditionOpSchema = z.enum(['equals', 'not-equals', 'contains', 'not-contains', 'starts-with', 'greater-than', 'less-than']);
export type ConditionOp = z.infer<typeof ConditionOpSchema>;

export const WorkflowConditionSchema = z.object({ field: z.string().min(1).max(40), op: ConditionOpSchema, value: z.string().max(500) });
export type WorkflowCondition = z.output<typeof WorkflowConditionSchema>;

const TemplateText = z.string().min(1).max(2000);
export const WorkflowActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('post'), channelId: SnowflakeSchema, content: TemplateText }),
  z.object({ kind: z.literal('give-role'), roleId: SnowflakeSchema }),
  z.object({ kind: z.literal('dm'), content: TemplateText }),
]);
export type WorkflowAction = z.output<typeof WorkflowActionSchema>;

/** "When <trigger> and <conditions> then <actions>", as the dashboard's builder saves it. */
export const WorkflowDefinitionSchema = z.object({
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean().default(true),
  trigger: WorkflowTriggerSchema,
  /** All must hold (an empty list: every trigger runs it). */
  conditions: z.array(WorkflowConditionSchema).max(10).default([]),
  actions: z.array(WorkflowActionSchema).min(1).max(5),
});
export type WorkflowDefinition = z.output<typeof WorkflowDefinitionSchema>;
export type WorkflowDefinitionInput = z.input<typeof WorkflowDefinitionSchema>;

export type WorkflowProblem = Readonly<{ code: 'INVALID_DEFINITION' | 'INVALID_TEMPLATE'; field: string; reason: string; position?: TemplatePosition; templateCode?: string }>;

/** Workflow templates know the member and the channel of the trigger; no options, no counters. */
const SCOPE = { options: [] as string[] };

const actionTemplates = (d: WorkflowDefinition): { field: string; source: string }[] =>
  d.actions.flatMap((a, i) => (a.kind === 'give-role' ? [] : [{ field: `actions[${i}].content`, source: a.content }]));

export const checkedWorkflowTemplates = (d: WorkflowDefinition): Map<string, CheckedTemplate> => {
  const out = new Map<string, CheckedTemplate>();
  for (const t of actionTemplates(d)) {
    const r = checkTemplate(t.source, SCOPE);
    if (r.ok) out.set(t.field, r.template);
  }
  return out;
};

/** Beyond the shape: conditions test fields the trigger has, numbers compare with numbers, templates check. */
export const workflowProblem = (d: WorkflowDefinition): WorkflowProblem | null => {
  const fields: readonly string[] = WORKFLOW_TRIGGERS[d.trigger];
  for (const [i, c] of d.conditions.entries()) {
    if (!fields.includes(c.field)) return { code: 'INVALID_DEFINITION', field: `conditions[${i}].field`, reason: `"${c.field}" is not a field of ${d.trigger} (it has ${fields.join(', ')})` };
    if ((c.op === 'greater-than' || c.op === 'less-than') && !Number.isFinite(Number(c.value)) ) return { code: 'INVALID_DEFINITION', field: `conditions[${i}].value`, reason: `${c.op} compares numbers; "${c.value}" is not one` };
  }
  for (const t of actionTemplates(d)) {
    const r = checkTemplate(t.source, SCOPE);
    if (!r.ok) {
      const { code, reason, ...position } = r.error;
      return { code: 'INVALID_TEMPLATE', field: t.field, reason: `line ${position.line}, column ${position.column}: ${reason}`, position, templateCode: code };
    }
    if (r.template.counters.length) return { code: 'INVALID_TEMPLATE', field: t.field, reason: 'workflows keep no counters ({{counter.…}} is for custom commands)', templateCode: 'TEMPLATE_UNKNOWN_VARIABLE' };
  }
  return null;
};
