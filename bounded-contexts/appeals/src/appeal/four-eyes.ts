import { requiresApproval, type FourEyesState, type Gated } from '@guildhall/moderation';
import type { AppealCommand } from './commands.js';

type DecideAppeal = Extract<AppealCommand, { type: 'DecideAppeal' }>;

const SUMMARY_MAX = 1000;

/**
 * The four-eyes rule for an appeal decision, pure: it waits for a second moderator when the
 * guild's rules name `appeal-decision`; the request reads "Approve appeal … of case #12: reason".
 */
export const appealDecisionGate = (rules: FourEyesState, c: DecideAppeal): Gated | null => {
  if (!requiresApproval(rules, 'appeal-decision')) return null;
  const { decision, appealId, caseNumber, reason } = c.data;
  const text = `${decision === 'approved' ? 'Approve' : 'Deny'} appeal ${appealId} of case #${caseNumber}: ${reason}`.slice(0, SUMMARY_MAX);
  return { act: 'appeal-decision', summary: { text, targets: [], caseNumber } };
};
