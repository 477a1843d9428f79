import { aggregateStream, type EventStore } from '@guildhall/eventing';
import { eventFromEnvelope, type EventEnvelope } from '@guildhall/kernel';
import { approvalRequestAggregate, approvalRequestEvents, caseAggregate, caseEvents, type ApprovalRequested, type DiscordActionRequested } from '@guildhall/moderation';
import { approvalButtons, approvalPostContent, decidedText, type Decision } from '../../four-eyes/approval-post.js';
import type { ActionPlan, ActionSource } from '../action-plan.js';
import { outcomeEnvelope } from '../action-plan.js';
import type { ActionRequest } from '../action-request.js';

const requestOf = (event: EventEnvelope, d: DiscordActionRequested['data']): ActionRequest => {
  const base = { id: event.id, guildId: event.guildId, requestedAt: d.requestedAt, auditLogReason: d.auditLogReason, userId: d.target.id };
  switch (d.action) {
    case 'ban':
      return { ...base, kind: 'ban', deleteMessageSeconds: d.deleteMessageSeconds };
    case 'unban':
      return { ...base, kind: 'unban' };
    case 'kick':
      return { ...base, kind: 'kick' };
    case 'timeout':
      // The case decider always sets timeoutUntil for a timeout; a missing one is a malformed event.
      if (!d.timeoutUntil) throw new Error(`DiscordActionRequested ${d.actionId}: a timeout without timeoutUntil`);
      return { ...base, kind: 'timeout', until: d.timeoutUntil };
    case 'untimeout':
      return { ...base, kind: 'untimeout' };
    default: {
      const unknown: never = d.action;
      return unknown;
    }
  }
};

/** Settled when the case already records this action's success or failure. */
const settled = async (store: EventStore, event: EventEnvelope, actionId: string): Promise<boolean> => {
  const { state } = await aggregateStream(store, event.streamId, caseAggregate);
  if (state.status !== 'opened') return false;
  return state.discordActions.some((a) => a.actionId === actionId && a.status !== 'requested');
};

/** A four-eyes request with a staff channel: the bot posts it there with Approve / Deny buttons; the post goes back as RecordApprovalPost. */
const approvalPostPlan = (event: EventEnvelope, store: EventStore): ActionPlan | null => {
  const parsed = eventFromEnvelope(approvalRequestEvents, event);
  if (parsed?.type !== 'ApprovalRequested' || parsed.data.postTo === null) return null;
  const d: ApprovalRequested['data'] = parsed.data;
  const channelId = parsed.data.postTo;
  return {
    request: {
      kind: 'send-message',
      id: event.id,
      guildId: event.guildId,
      requestedAt: d.requestedAt,
      auditLogReason: null,
      channelId,
      content: approvalPostContent(d),
      embeds: [],
      replyToMessageId: null,
      allowedMentions: { everyone: false, roles: false, users: false },
      components: approvalButtons(d.approvalId),
    },
    context: 'moderation',
    isSettled: async () => {
      const { state } = await aggregateStream(store, event.streamId, approvalRequestAggregate);
      return state.status !== 'none' && state.post !== null;
    },
    succeeded: (result, now) => outcomeEnvelope(event, 'RecordApprovalPost', { approvalId: d.approvalId, channelId, messageId: result.ids.messageId ?? null, failure: result.ids.messageId ? null : 'no message id' }, now),
    failed: (f, now) => outcomeEnvelope(event, 'RecordApprovalPost', { approvalId: d.approvalId, channelId, messageId: null, failure: f.reason.slice(0, 1000) }, now),
  };
};

/** A decision (wherever it was made) updates the staff-channel post: how it ended, no buttons; the outcome goes back as RecordApprovalPostUpdated. */
const approvalDecidedPlan = (event: EventEnvelope, store: EventStore): ActionPlan | null => {
  const parsed = eventFromEnvelope(approvalRequestEvents, event);
  if (parsed?.type !== 'ApprovalGranted' && parsed?.type !== 'ApprovalDenied' && parsed?.type !== 'ApprovalExpired') return null;
  const post = parsed.data.post;
  if (post === null) return null;
  const d = parsed.data;
  const decision: Decision =
    parsed.type === 'ApprovalGranted'
      ? { status: 'approved', by: parsed.data.approvedBy.name, reason: null }
      : parsed.type === 'ApprovalDenied'
        ? { status: 'denied', by: parsed.data.deniedBy.name, reason: parsed.data.reason }
        : { status: 'expired', by: null, reason: null };
  return {
    request: {
      kind: 'edit-message',
      id: event.id,
      guildId: event.guildId,
      requestedAt: event.occurredAt,
      auditLogReason: null,
      channelId: post.channelId,
      messageId: post.messageId,
      content: decidedText(post.text, post.requestedBy, decision),
      components: [],
    },
    context: 'moderation',
    isSettled: async () => {
      const { state } = await aggregateStream(store, event.streamId, approvalRequestAggregate);
      return state.status !== 'none' && state.post?.updated === true;
    },
    succeeded: (_result, now) => outcomeEnvelope(event, 'RecordApprovalPostUpdated', { approvalId: d.approvalId }, now),
    failed: (f, now) => outcomeEnvelope(event, 'RecordApprovalPostUpdated', { approvalId: d.approvalId, failure: f.reason.slice(0, 1000) }, now),
  };
};

/**
 * Moderation's cases ask Discord to act with DiscordActionRequested (ban, unban, kick, timeout,
 * untimeout, with the "Case #N — reason — by actor" audit-log reason); the outcome goes back as
 * RecordDiscordActionSucceeded / RecordDiscordActionFailed.
 */
export const moderationActions: ActionSource = {
  context: 'moderation',
  plan: (event, store): ActionPlan | null => {
    if (event.type === 'ApprovalRequested') return approvalPostPlan(event, store);
    if (event.type === 'ApprovalGranted' || event.type === 'ApprovalDenied' || event.type === 'ApprovalExpired') return approvalDecidedPlan(event, store);
    if (event.type !== 'DiscordActionRequested') return null;
    const parsed = eventFromEnvelope(caseEvents, event);
    if (parsed?.type !== 'DiscordActionRequested') return null;
    const d = parsed.data;
    return {
      request: requestOf(event, d),
      context: 'moderation',
      isSettled: () => settled(store, event, d.actionId),
      succeeded: (_result, now) => outcomeEnvelope(event, 'RecordDiscordActionSucceeded', { caseNumber: d.caseNumber, actionId: d.actionId }, now),
      failed: (f, now) =>
        outcomeEnvelope(
          event,
          'RecordDiscordActionFailed',
          { caseNumber: d.caseNumber, actionId: d.actionId, discordErrorCode: f.discordErrorCode, httpStatus: f.httpStatus, reason: f.reason.slice(0, 1000) },
          now,
        ),
    };
  },
};
