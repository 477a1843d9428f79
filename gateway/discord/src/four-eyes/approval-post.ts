import type { ApprovalRequested, OpenedApproval } from '@guildhall/moderation';

/** A button's custom_id: `four-eyes:<approve|deny>:<approvalId>` (Discord allows 100 characters). */
const PREFIX = 'four-eyes';
export type ApprovalButton = Readonly<{ decision: 'approve' | 'deny'; approvalId: string }>;

export const approvalButtonId = (b: ApprovalButton): string => `${PREFIX}:${b.decision}:${b.approvalId}`;

/** The button a custom_id names; null for anyone else's buttons. */
export const parseApprovalButton = (customId: string): ApprovalButton | null => {
  const [prefix, decision, approvalId, ...rest] = customId.split(':');
  if (prefix !== PREFIX || (decision !== 'approve' && decision !== 'deny') || !approvalId || rest.length > 0) return null;
  return { decision, approvalId };
};

const ts = (iso: string): string => `<t:${Math.floor(Date.parse(iso) / 1000)}:R>`;

/** The post's text: what waits, who asked, until when. */
export const approvalPostContent = (d: Pick<ApprovalRequested['data'], 'summary' | 'requestedBy' | 'expiresAt'>): string =>
  `👀 **Four-eyes:** ${d.summary.text} — asked by ${d.requestedBy.name}. A second moderator approves or denies; it expires ${ts(d.expiresAt)}.`.slice(0, 2000);

/** Approve / Deny (Discord's button styles: 3 success, 4 danger). */
export const approvalButtons = (approvalId: string): Record<string, unknown>[] => [
  {
    type: 1,
    components: [
      { type: 2, style: 3, label: 'Approve', custom_id: approvalButtonId({ decision: 'approve', approvalId }) },
      { type: 2, style: 4, label: 'Deny', custom_id: approvalButtonId({ decision: 'deny', approvalId }) },
    ],
  },
];

export type Decision = Readonly<{ status: 'approved' | 'denied' | 'expired'; by: string | null; reason: string | null }>;

/** The post once decided: what was asked, by whom, and how it ended (its buttons go). */
export const decidedText = (summary: string, requestedBy: string, d: Decision): string => {
  const how = d.status === 'denied' ? `❌ denied by ${d.by ?? '?'}${d.reason ? ` (${d.reason})` : ''}` : d.status === 'expired' ? '⌛ expired' : `✅ approved by ${d.by ?? '?'}`;
  return `**Four-eyes:** ${summary} — asked by ${requestedBy}: ${how}.`.slice(0, 2000);
};

export const decidedPostContent = (a: OpenedApproval): string =>
  decidedText(a.summary.text, a.requestedBy.name, {
    status: a.status === 'denied' ? 'denied' : a.status === 'expired' ? 'expired' : 'approved',
    by: a.decidedBy?.name ?? null,
    reason: a.denialReason,
  });
