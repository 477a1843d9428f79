import type { Actor, Decider } from '@guildhall/kernel';
import { ModerationErrorCodes as E, reject } from '../moderation-errors.js';
import { isBefore } from '../time.js';
import type { ApprovalRequestCommand } from './commands.js';
import type { ApprovalRequestEvent } from './events.js';
import { evolveApprovalRequest, initialApprovalRequestState, type ApprovalRequestState, type OpenedApproval } from './state.js';

type Of<T extends ApprovalRequestCommand['type']> = Extract<ApprovalRequestCommand, { type: T }>;

/** One person, whichever door they came through: the dashboard's user id is their Discord id. */
export const samePerson = (a: Actor, b: Actor): boolean => a.id === b.id;

/** The post a decision updates: only one Discord created. */
const postRef = (a: OpenedApproval) =>
  a.post?.messageId ? { channelId: a.post.channelId, messageId: a.post.messageId, text: a.summary.text, requestedBy: a.requestedBy.name } : null;

const opened = (s: ApprovalRequestState, approvalId: string): OpenedApproval =>
  s.status === 'none' ? reject(E.APPROVAL_NOT_FOUND, `no approval request ${approvalId}`, { approvalId }) : s;

/** The checks a second moderator's decision passes, in the order a person would want to hear them. */
const decidable = (s: ApprovalRequestState, approvalId: string, by: Actor, now: string): OpenedApproval => {
  const a = opened(s, approvalId);
  if (a.status === 'expired' || (a.status === 'pending' && !isBefore(now, a.expiresAt))) {
    return reject(E.APPROVAL_EXPIRED, `approval request ${approvalId} expired at ${a.expiresAt}`, { approvalId, expiresAt: a.expiresAt });
  }
  if (a.status !== 'pending') return reject(E.APPROVAL_ALREADY_DECIDED, `approval request ${approvalId} is already ${a.status}`, { approvalId, status: a.status });
  if (samePerson(a.requestedBy, by)) {
    return reject(E.OWN_APPROVAL_FORBIDDEN, 'a second moderator must decide: you asked for this yourself', { approvalId, requestedBy: a.requestedBy.id });
  }
  return a;
};

export const requestApproval = (c: Of<'RequestApproval'>, s: ApprovalRequestState): ApprovalRequestEvent[] => {
  if (s.status !== 'none') return [];
  const { act, held, summary, expiresAt, postTo } = c.data;
  return [{ type: 'ApprovalRequested', data: { approvalId: c.meta.commandId, act, held, summary, requestedBy: c.meta.actor, requestedAt: c.meta.now, expiresAt, postTo } }];
};

export const decideApprovalRequest = (c: ApprovalRequestCommand, s: ApprovalRequestState): ApprovalRequestEvent[] => {
  const { actor, now } = c.meta;
  switch (c.type) {
    case 'RequestApproval':
      return requestApproval(c, s);
    case 'RecordApprovalPost': {
      const a = opened(s, c.data.approvalId);
      // Posted once; a redelivered outcome changes nothing.
      if (a.post !== null) return [];
      const { channelId, messageId, failure } = c.data;
      return [{ type: 'ApprovalPosted', data: { approvalId: a.approvalId, channelId, messageId, failure, at: now } }];
    }
    case 'RecordApprovalPostUpdated': {
      const a = opened(s, c.data.approvalId);
      if (a.post === null || a.post.updated) return [];
      return [{ type: 'ApprovalPostUpdated', data: { approvalId: a.approvalId, failure: c.data.failure, at: now } }];
    }
    case 'ApproveRequest': {
      const a = decidable(s, c.data.approvalId, actor, now);
      return [{ type: 'ApprovalGranted', data: { approvalId: a.approvalId, held: a.held, requestedBy: a.requestedBy, approvedBy: actor, approvedAt: now, post: postRef(a) } }];
    }
    case 'DenyRequest': {
      const a = decidable(s, c.data.approvalId, actor, now);
      return [{ type: 'ApprovalDenied', data: { approvalId: a.approvalId, deniedBy: actor, reason: c.data.reason, deniedAt: now, post: postRef(a) } }];
    }
    case 'ExpireApproval': {
      const a = opened(s, c.data.approvalId);
      // Decided before it was due: nothing left to expire (the scheduler may fire late or twice).
      if (a.status !== 'pending') return [];
      if (isBefore(now, a.expiresAt)) return reject(E.APPROVAL_NOT_DUE, `approval request ${a.approvalId} expires at ${a.expiresAt}`, { expiresAt: a.expiresAt });
      return [{ type: 'ApprovalExpired', data: { approvalId: a.approvalId, expiredAt: now, post: postRef(a) } }];
    }
    case 'RecordApprovalExecuted': {
      const a = opened(s, c.data.approvalId);
      if (a.status === 'executed') return [];
      if (a.status !== 'approved') return reject(E.APPROVAL_NOT_GRANTED, `approval request ${a.approvalId} is ${a.status}, not approved`, { status: a.status });
      const { commandId, outcome, code, message } = c.data;
      return [{ type: 'ApprovalExecuted', data: { approvalId: a.approvalId, commandId, outcome, code, message, executedAt: now } }];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const approvalRequestDecider: Decider<ApprovalRequestState, ApprovalRequestCommand, ApprovalRequestEvent> = {
  decide: decideApprovalRequest,
  evolve: evolveApprovalRequest,
  initialState: initialApprovalRequestState,
};
