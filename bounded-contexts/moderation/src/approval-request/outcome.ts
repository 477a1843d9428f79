import { executionCommandId } from './gate.js';
import type { ApprovalRequestState } from './state.js';

/**
 * Where a held request stands, for the request's outcome (web, slash reply): still waiting for a
 * second moderator, refused, lapsed, or approved and run under `executionId` (whose own outcome
 * the member record then tells).
 */
export type ApprovalOutcome =
  | Readonly<{ status: 'awaiting-approval'; approvalId: string; expiresAt: string }>
  | Readonly<{ status: 'approval-denied'; approvalId: string; reason: string | null }>
  | Readonly<{ status: 'approval-expired'; approvalId: string }>
  | Readonly<{ status: 'approved'; approvalId: string; executionId: string }>;

/** Undefined: the request was never held (no approval stream). Pure. */
export const approvalOutcomeOf = (s: ApprovalRequestState): ApprovalOutcome | undefined => {
  switch (s.status) {
    case 'none':
      return undefined;
    case 'pending':
      return { status: 'awaiting-approval', approvalId: s.approvalId, expiresAt: s.expiresAt };
    case 'denied':
      return { status: 'approval-denied', approvalId: s.approvalId, reason: s.denialReason };
    case 'expired':
      return { status: 'approval-expired', approvalId: s.approvalId };
    case 'approved':
    case 'executed':
      return { status: 'approved', approvalId: s.approvalId, executionId: executionCommandId(s.approvalId) };
  }
};
