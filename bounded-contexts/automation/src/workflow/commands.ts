import type { CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { WorkflowDefinitionSchema } from './definition.js';
import { TriggerFactSchema } from './trigger.js';

export const WorkflowId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 _ -');
const Version = z.number().int().min(1);
const RunId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);
const ActionId = z.string().regex(/^[A-Za-z0-9_-]{1,140}$/);

/** The guild's workflow definitions (stream `automation.workflows.<guildId>`), versioned like custom commands. */
export const workflowCommands = {
  CreateWorkflow: z.object({ workflowId: WorkflowId, definition: WorkflowDefinitionSchema }),
  UpdateWorkflow: z.object({ workflowId: WorkflowId, definition: WorkflowDefinitionSchema, expectedVersion: Version.nullable().default(null) }),
  RollBackWorkflow: z.object({ workflowId: WorkflowId, toVersion: Version }),
  DeleteWorkflow: z.object({ workflowId: WorkflowId }),
} as const;
export type WorkflowCommand = CommandOf<typeof workflowCommands>;

/** One run of a workflow (stream `automation.workflowrun.<guildId>-<runId>`): its trace. */
export const workflowRunCommands = {
  /** From the workflow reactor: the definition as it was when the trigger happened, and the trigger. */
  StartWorkflowRun: z.object({ runId: RunId, workflowId: WorkflowId, version: Version, definition: WorkflowDefinitionSchema, trigger: TriggerFactSchema, guildName: z.string().max(100).default('') }),
  RecordWorkflowActionSucceeded: z.object({ runId: RunId, actionId: ActionId, detail: z.string().max(500).nullable().default(null) }),
  RecordWorkflowActionFailed: z.object({ runId: RunId, actionId: ActionId, reason: z.string().max(1000), discordErrorCode: z.number().int().nullable().default(null), httpStatus: z.number().int().nullable().default(null) }),
} as const;
export type WorkflowRunCommand = CommandOf<typeof workflowRunCommands>;
