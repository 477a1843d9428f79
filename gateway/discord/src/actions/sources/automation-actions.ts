import type { EventStore } from '@guildhall/eventing';
import { eventFromEnvelope, type EventEnvelope } from '@guildhall/kernel';
import { customCommandsAggregate, customCommandEvents } from '@guildhall/automation';
import { aggregateStream } from '@guildhall/eventing';
import { outcomeEnvelope, type ActionPlan, type ActionSource } from '../action-plan.js';
import type { ActionRequest } from '../action-request.js';

/** Settled once the custom command's outcome is recorded (the action is no longer pending). */
const settled = async (store: EventStore, event: EventEnvelope, actionId: string): Promise<boolean> => {
  const { state } = await aggregateStream(store, event.streamId, customCommandsAggregate);
  return !state.pendingActions[actionId];
};

/**
 * Automation's custom commands ask for role and DM actions with CustomCommandActionRequested;
 * the outcome goes back as RecordCustomCommandActionSucceeded / RecordCustomCommandActionFailed.
 */
export const automationActions: ActionSource = {
  context: 'automation',
  plan: (event, store): ActionPlan | null => {
    if (event.type !== 'CustomCommandActionRequested') return null;
    const parsed = eventFromEnvelope(customCommandEvents, event);
    if (parsed?.type !== 'CustomCommandActionRequested') return null;
    const d = parsed.data;
    const base = { id: event.id, guildId: event.guildId, requestedAt: d.requestedAt, auditLogReason: d.auditLogReason, userId: d.userId };
    const request: ActionRequest =
      d.kind === 'dm'
        ? { ...base, kind: 'dm', content: d.content ?? '' }
        : { ...base, kind: d.kind === 'give-role' ? 'role-add' : 'role-remove', roleId: d.roleId ?? '' };
    return {
      request,
      context: 'automation',
      isSettled: () => settled(store, event, d.actionId),
      succeeded: (_result, now) => outcomeEnvelope(event, 'RecordCustomCommandActionSucceeded', { actionId: d.actionId }, now),
      failed: (f, now) =>
        outcomeEnvelope(event, 'RecordCustomCommandActionFailed', { actionId: d.actionId, discordErrorCode: f.discordErrorCode, httpStatus: f.httpStatus, reason: f.reason.slice(0, 1000) }, now),
    };
  },
};
