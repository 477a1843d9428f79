import { streamAggregate, type StreamAggregate } from '@guildhall/kernel';
import type { Actor } from '@guildhall/kernel';
import { approvalRequestEvents, type ApprovalRequested, type ApprovalRequestEvent } from './events.js';

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'executed';

export type OpenedApproval = Readonly<
  ApprovalRequested['data'] & {
    status: ApprovalStatus;
    decidedBy: Actor | null;
    decidedAt: string | null;
    denialReason: string | null;
    /** The bot's post in the staff channel (messageId null: Discord refused, `failure` says why). */
    post: Readonly<{ channelId: string; messageId: string | null; failure: string | null; updated: boolean }> | null;
    execution: Readonly<{ commandId: string; outcome: 'accepted' | 'rejected'; code: string | null; message: string | null; at: string }> | null;
  }
>;

/** Plain JSON: the API returns it and the dashboard shows it as is. */
export type ApprovalRequestState = Readonly<{ status: 'none' }> | OpenedApproval;

export const initialApprovalRequestState = (): ApprovalRequestState => ({ status: 'none' });

export const evolveApprovalRequest = (s: ApprovalRequestState, e: ApprovalRequestEvent): ApprovalRequestState => {
  if (e.type === 'ApprovalRequested') return { ...e.data, status: 'pending', decidedBy: null, decidedAt: null, denialReason: null, post: null, execution: null };
  if (s.status === 'none') return s;
  switch (e.type) {
    case 'ApprovalPosted':
      return { ...s, post: { channelId: e.data.channelId, messageId: e.data.messageId, failure: e.data.failure, updated: false } };
    case 'ApprovalPostUpdated':
      return s.post === null ? s : { ...s, post: { ...s.post, updated: true, failure: e.data.failure ?? s.post.failure } };
    case 'ApprovalGranted':
      return { ...s, status: 'approved', decidedBy: e.data.approvedBy, decidedAt: e.data.approvedAt };
    case 'ApprovalDenied':
      return { ...s, status: 'denied', decidedBy: e.data.deniedBy, decidedAt: e.data.deniedAt, denialReason: e.data.reason };
    case 'ApprovalExpired':
      return { ...s, status: 'expired', decidedAt: e.data.expiredAt };
    case 'ApprovalExecuted': {
      const { commandId, outcome, code, message, executedAt } = e.data;
      return { ...s, status: 'executed', execution: { commandId, outcome, code, message, at: executedAt } };
    }
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

/** For `aggregateStream`: the gate, the API and the bot read one request from its stream. */
export const approvalRequestAggregate: StreamAggregate<ApprovalRequestState, ApprovalRequestEvent> = streamAggregate({ initialState: initialApprovalRequestState, evolve: evolveApprovalRequest }, approvalRequestEvents);
