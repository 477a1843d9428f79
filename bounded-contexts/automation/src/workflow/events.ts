import { ActorSchema, SnowflakeSchema, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { Instant } from '../custom-command/field-schemas.js';
import { ConditionOpSchema, WorkflowDefinitionSchema } from './definition.js';
import { TriggerFactSchema } from './trigger.js';

const Version = z.number().int().min(1);
const Id = z.string().min(1);

export const workflowEvents = {
  WorkflowCreated: z.object({ workflowId: Id, version: Version, definition: WorkflowDefinitionSchema, by: ActorSchema, at: Instant }),
  WorkflowUpdated: z.object({ workflowId: Id, version: Version, definition: WorkflowDefinitionSchema, by: ActorSchema, at: Instant }),
  WorkflowRolledBack: z.object({ workflowId: Id, version: Version, restoredVersion: Version, definition: WorkflowDefinitionSchema, by: ActorSchema, at: Instant }),
  WorkflowDeleted: z.object({ workflowId: Id, name: z.string(), by: ActorSchema, at: Instant }),
} as const;
export type WorkflowEvent = EventOf<typeof workflowEvents>;

export const workflowRunEvents = {
  WorkflowRunStarted: z.object({ runId: Id, workflowId: Id, version: Version, name: z.string(), trigger: TriggerFactSchema, at: Instant }),
  WorkflowConditionEvaluated: z.object({ runId: Id, index: z.number().int(), field: z.string(), op: ConditionOpSchema, expected: z.string(), actual: z.string(), passed: z.boolean() }),
  /** An action of a run whose conditions all held; `content` is rendered. */
  WorkflowActionRequested: z.object({
    runId: Id,
    actionId: Id,
    index: z.number().int(),
    kind: z.enum(['post', 'give-role', 'dm']),
    userId: SnowflakeSchema,
    channelId: SnowflakeSchema.nullable(),
    roleId: SnowflakeSchema.nullable(),
    content: z.string().nullable(),
    auditLogReason: z.string(),
    requestedAt: Instant,
  }),
  WorkflowActionSucceeded: z.object({ runId: Id, actionId: Id, detail: z.string().nullable(), at: Instant }),
  WorkflowActionFailed: z.object({ runId: Id, actionId: Id, reason: z.string(), discordErrorCode: z.number().int().nullable(), httpStatus: z.number().int().nullable(), at: Instant }),
  /** `matched`: every condition held and the actions were asked for; then it finishes when each has its outcome. */
  WorkflowRunFinished: z.object({ runId: Id, matched: z.boolean(), succeeded: z.number().int(), failed: z.number().int(), at: Instant }),
} as const;
export type WorkflowRunEvent = EventOf<typeof workflowRunEvents>;
