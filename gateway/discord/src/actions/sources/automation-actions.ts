import { aggregateStream, type EventStore } from '@guildhall/eventing';
import { eventFromEnvelope, type EventEnvelope } from '@guildhall/kernel';
import { automodHitEvents, customCommandEvents, customCommandsAggregate, parseAutomodHitEvent, parseScheduleEvent, scheduleAggregate, workflowRunAggregate, workflowRunEvents } from '@guildhall/automation';
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

/** A temporary role's give or remove; the outcome is the run's RecordScheduleRunOutcome on the schedule's stream. */
const schedulePlan = (event: EventEnvelope, store: EventStore): ActionPlan | null => {
  const parsed = parseScheduleEvent(event);
  if (parsed?.type !== 'ScheduleRoleActionRequested') return null;
  const d = parsed.data;
  const outcome = (o: 'succeeded' | 'failed', detail: string | null, now: string) =>
    outcomeEnvelope(event, 'RecordScheduleRunOutcome', { scheduleId: d.scheduleId, runNumber: d.runNumber, outcome: o, detail, messageId: null }, now);
  return {
    request: { kind: d.step === 'give' ? 'role-add' : 'role-remove', id: event.id, guildId: event.guildId, requestedAt: d.requestedAt, auditLogReason: d.auditLogReason, userId: d.userId, roleId: d.roleId },
    context: 'automation',
    isSettled: async () => {
      const s = (await aggregateStream(store, event.streamId, scheduleAggregate)).state;
      return s.status === 'none' || !s.open.includes(d.runNumber);
    },
    succeeded: (_r, now) => outcome('succeeded', null, now),
    failed: (f, now) => outcome('failed', f.reason.slice(0, 1000), now),
  };
};

const HIT_TYPES: ReadonlySet<string> = new Set(Object.keys(automodHitEvents));

/** The delete of a hit is settled once the rule-day's log records its outcome. */
const settled = async (store: EventStore, event: EventEnvelope, messageId: string): Promise<boolean> => {
  const { events } = await store.readStream(event.streamId);
  return events.some((e) => (e.type === 'AutomodMessageDeleted' || e.type === 'AutomodMessageDeleteFailed') && (e.payload as { messageId?: unknown }).messageId === messageId);
};

/** An automod hit whose rule deletes (not in dry-run); the outcome goes back as RecordAutomodDeleteOutcome, the audit-log reason names the rule. */
const automodDeletePlan = (event: EventEnvelope, store: EventStore): ActionPlan | null => {
  const parsed = parseAutomodHitEvent(event);
  if (parsed?.type !== 'AutomodRuleHit') return null;
  const d = parsed.data;
  if (d.dryRun || d.subject.kind !== 'message' || !d.actions.some((a) => a.kind === 'delete')) return null;
  const s = d.subject;
  const outcome = (deleted: boolean, reason: string | null, now: string) =>
    outcomeEnvelope(event, 'RecordAutomodDeleteOutcome', { ruleId: d.ruleId, at: d.at, messageId: s.messageId, deleted, reason }, now);
  return {
    request: {
      kind: 'delete-message',
      id: event.id,
      guildId: event.guildId,
      requestedAt: event.occurredAt,
      auditLogReason: `Automod: ${d.ruleName} — ${d.reason}`.slice(0, 512),
      channelId: s.channelId,
      messageId: s.messageId,
    },
    context: 'automation',
    isSettled: () => settled(store, event, s.messageId),
    succeeded: (_result, now) => outcome(true, null, now),
    failed: (f, now) => outcome(false, f.reason.slice(0, 1000), now),
  };
};

/**
 * Automation asks for role and DM actions with CustomCommandActionRequested (a custom command's
 * run), WorkflowActionRequested (a workflow's run) and ScheduleRoleActionRequested (a temporary
 * role's give or remove), and for deletes with AutomodRuleHit; each
 * outcome goes back to its stream.
 */
export const automationActions: ActionSource = {
  context: 'automation',
  plan: (event, store): ActionPlan | null => {
    if (event.type === 'CustomCommandActionRequested') return customCommandPlan(event, store);
    if (event.type === 'WorkflowActionRequested') return workflowPlan(event, store);
    if (event.type === 'ScheduleRoleActionRequested') return schedulePlan(event, store);
    if (HIT_TYPES.has(event.type)) return automodDeletePlan(event, store);
    return null;
  },
};
