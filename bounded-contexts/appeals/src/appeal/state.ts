import type { Actor } from '@guildhall/kernel';
import type { Answer, AppealDecision, AppealedCase } from '../appeals-schemas.js';
import type { AppealEvent } from './events.js';

export type AppealStatus = 'submitted' | 'under-review' | 'approved' | 'denied' | 'withdrawn';

export type Appeal = Readonly<{
  appealId: string;
  appellantId: string;
  statement: string;
  answers: readonly Answer[];
  submittedAt: string;
  reviewDueAt: string;
  appealedCase: AppealedCase;
  status: AppealStatus;
  reviewer: Readonly<{ id: string; name: string; at: string }> | null;
  decision: Readonly<{ decision: AppealDecision; reason: string; by: Actor; at: string; approvedBy: Actor | null }> | null;
  withdrawnAt: string | null;
  remindedAt: string | null;
}>;

/** Every appeal of one case, oldest first (plain JSON: the UI may replay it with this evolve). */
export type CaseAppealsState = Readonly<{ appeals: readonly Appeal[] }>;

export const initialCaseAppeals = (): CaseAppealsState => ({ appeals: [] });

export const isOpen = (a: Appeal): boolean => a.status === 'submitted' || a.status === 'under-review';

export const openAppealOf = (s: CaseAppealsState): Appeal | undefined => s.appeals.find(isOpen);

export const appealOf = (s: CaseAppealsState, appealId: string): Appeal | undefined => s.appeals.find((a) => a.appealId === appealId);

const update = (s: CaseAppealsState, appealId: string, f: (a: Appeal) => Appeal): CaseAppealsState => ({
  appeals: s.appeals.map((a) => (a.appealId === appealId ? f(a) : a)),
});

export const evolveCaseAppeals = (s: CaseAppealsState, e: AppealEvent): CaseAppealsState => {
  switch (e.type) {
    case 'AppealSubmitted': {
      const d = e.data;
      const appeal: Appeal = {
        appealId: d.appealId,
        appellantId: d.appellantId,
        statement: d.statement,
        answers: d.answers,
        submittedAt: d.submittedAt,
        reviewDueAt: d.reviewDueAt,
        appealedCase: d.appealedCase,
        status: 'submitted',
        reviewer: null,
        decision: null,
        withdrawnAt: null,
        remindedAt: null,
      };
      return { appeals: [...s.appeals, appeal] };
    }
    case 'AppealAssigned':
      return update(s, e.data.appealId, (a) => ({ ...a, status: 'under-review', reviewer: { id: e.data.reviewerId, name: e.data.reviewerName, at: e.data.assignedAt } }));
    case 'AppealDecided':
      return update(s, e.data.appealId, (a) => ({ ...a, status: e.data.decision, decision: { decision: e.data.decision, reason: e.data.reason, by: e.data.decidedBy, at: e.data.decidedAt, approvedBy: e.data.approval?.approvedBy ?? null } }));
    case 'AppealWithdrawn':
      return update(s, e.data.appealId, (a) => ({ ...a, status: 'withdrawn', withdrawnAt: e.data.withdrawnAt }));
    case 'AppealReminderDue':
      return update(s, e.data.appealId, (a) => ({ ...a, remindedAt: e.data.remindedAt }));
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};
