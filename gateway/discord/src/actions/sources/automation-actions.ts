import { aggregateStream, type EventStore } from '@guildhall/eventing';
import { eventFromEnvelope, type EventEnvelope } from '@guildhall/kernel';
import { customCommandEvents, customCommandsAggregate, workflowRunAggregate, workflowRunEvents } from '@guildhall/automation';
import { outcomeEnvelope, type ActionPlan, type ActionSource } from '../action-plan.js';
import type { ActionRequest } from '../action-request.js';

type Asked = Readonly<{ kind: 'give-role' | 'remove-role' | 'dm'; userId: string; roleId: string | null; content: string | null; auditLogReason: string; requestedAt: string }>;

const requestOf = (event: EventEnvelope, d: Asked): ActionRequest => {
  const base = { id: event.id, guildId: event.guildId, requestedAt: d.requestedAt, auditLogReason: d.auditLogReason, userId: d.userId };
  return d.kind === 'dm' ? { ...base, kind: 'dm', content: d.content ?? '' } : { ...base, kind: d.kind === 'give-role' ? 'role-add' : 'role-remove', roleId: d.roleId ?? '' };
};

/** A custom command's role or DM action; settled once the command's stream no longer lists it as pending. */
const customCommandPlan = (event: EventEnvelope, store: EventStore): ActionPlan | null => {
  const parsed = eventFromEnvelope(customCommandEvents, event);
  if (parsed?.type !== 'CustomCommandActionRequested') return null;
  const d = parsed.data;
  return {
    request: requestOf(event, d),
    context: 'automation',
    isSettled: async () => !(await aggregateStream(store, event.streamId, customCommandsAggregate)).state.pendingActions[d.actionId],
    succeeded: (_r, now) => outcomeEnvelope(event, 'RecordCustomCommandActionSucceeded', { actionId: d.actionId }, now),
    failed: (f, now) => outcomeEnvelope(event, 'RecordCustomCommandActionFailed', { actionId: d.actionId, discordErrorCode: f.discordErrorCode, httpStatus: f.httpStatus, reason: f.reason.slice(0, 1000) }, now),
  };
};

/** A workflow run's role or DM action (its posts go through messaging, not here). */
const workflowPlan = (event: EventEnvelope, store: EventStore): ActionPlan | null => {
  const parsed = eventFromEnvelope(workflowRunEvents, event);
  if (parsed?.type !== 'WorkflowActionRequested' || parsed.data.kind === 'post') return null;
  const d = parsed.data;
  const asked: Asked = { ...d, kind: d.kind === 'dm' ? 'dm' : 'give-role' };
  return {
    request: requestOf(event, asked),
    context: 'automation',
    isSettled: async () => (await aggregateStream(store, event.streamId, workflowRunAggregate)).state.actions.some((a) => a.actionId === d.actionId && a.status !== 'requested'),
    succeeded: (_r, now) => outcomeEnvelope(event, 'RecordWorkflowActionSucceeded', { runId: d.runId, actionId: d.actionId }, now),
    failed: (f, now) => outcomeEnvelope(event, 'RecordWorkflowActionFailed', { runId: d.runId, actionId: d.actionId, discordErrorCode: f.discordErrorCode, httpStatus: f.httpStatus, reason: f.reason.slice(0, 1000) }, now),
  };
};

/**
 * Automation asks for role and DM actions with CustomCommandActionRequested (a custom command's
 * run) and WorkflowActionRequested (a workflow's run); each outcome goes back to its stream.
 */
export const automationActions: ActionSource = {
  context: 'automation',
  plan: (event, store): ActionPlan | null => {
    if (event.type === 'CustomCommandActionRequested') return customCommandPlan(event, store);
    if (event.type === 'WorkflowActionRequested') return workflowPlan(event, store);
    return null;
  },
};
