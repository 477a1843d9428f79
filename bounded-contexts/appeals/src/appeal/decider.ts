import type { Decider } from '@guildhall/kernel';
import { executionCommandId } from '@guildhall/moderation';
import { AppealErrorCodes as E, reject } from '../appeals-errors.js';
import { appealIdOf, type Answer } from '../appeals-schemas.js';
import type { AppealCommand } from './commands.js';
import type { AppealEvent } from './events.js';
import { appealOf, evolveCaseAppeals, initialCaseAppeals, isOpen, openAppealOf, type Appeal, type CaseAppealsState } from './state.js';

type Of<T extends AppealCommand['type']> = Extract<AppealCommand, { type: T }>;

/** Sanctions a member may appeal (a note is the moderators' own; an unban or removed timeout lifts one). */
export const APPEALABLE: ReadonlySet<string> = new Set(['warn', 'timeout', 'kick', 'ban']);

const plus = (at: string, seconds: number): string => new Date(Date.parse(at) + seconds * 1000).toISOString();

const submit = (c: Of<'SubmitAppeal'>, s: CaseAppealsState): AppealEvent[] => {
  const { settings, appealedCase } = c.data;
  const appellantId = c.meta.actor.id;
  if (!settings.enabled) reject(E.APPEALS_DISABLED, 'this server does not take appeals');
  if (appealedCase.targetId !== appellantId) reject(E.NOT_YOUR_CASE, `case #${c.data.caseNumber} is not about you`, { caseNumber: c.data.caseNumber });
  if (!APPEALABLE.has(appealedCase.action)) reject(E.CASE_NOT_APPEALABLE, `a ${appealedCase.action} is not a sanction; there is nothing to appeal`, { caseNumber: c.data.caseNumber });
  if (appealedCase.hidden && !settings.showHiddenCases) reject(E.CASE_NOT_APPEALABLE, `case #${c.data.caseNumber} cannot be appealed`, { caseNumber: c.data.caseNumber });
  const open = openAppealOf(s);
  if (open) reject(E.APPEAL_ALREADY_OPEN, `case #${c.data.caseNumber} already has an open appeal`, { appealId: open.appealId });
  const last = s.appeals.at(-1);
  if (last?.status === 'denied' && last.decision) {
    const until = plus(last.decision.at, settings.cooldownSeconds);
    if (Date.parse(c.meta.now) < Date.parse(until)) reject(E.APPEAL_COOLDOWN, `a new appeal of case #${c.data.caseNumber} is possible from ${until}`, { retryAfter: until });
  }
  if (c.data.answers.length > settings.questions.length) reject(E.TOO_MANY_ANSWERS, `this server asks ${settings.questions.length} question(s)`, { field: 'answers' });
  const answers: Answer[] = settings.questions.map((question, i) => ({ question, answer: c.data.answers[i] ?? '' }));
  return [
    {
      type: 'AppealSubmitted',
      data: {
        appealId: appealIdOf(c.meta.guildId, c.data.caseNumber, s.appeals.length + 1),
        guildId: c.meta.guildId,
        caseNumber: c.data.caseNumber,
        appellantId,
        statement: c.data.statement,
        answers,
        submittedAt: c.meta.now,
        appealedCase,
        reviewDueAt: plus(c.meta.now, settings.reviewLimitSeconds),
      },
    },
  ];
};

const find = (s: CaseAppealsState, appealId: string): Appeal => appealOf(s, appealId) ?? reject(E.APPEAL_NOT_FOUND, `no appeal ${appealId}`, { appealId });

/** Whoever reviews or decides: never the case's moderator, never the appellant. */
const assertReviewer = (a: Appeal, reviewerId: string): void => {
  if (reviewerId === a.appealedCase.moderatorId) reject(E.REVIEWER_IS_CASE_MODERATOR, 'the moderator who issued the sanction cannot review its appeal; another moderator must', { appealId: a.appealId });
  if (reviewerId === a.appellantId) reject(E.REVIEWER_IS_APPELLANT, 'you cannot review your own appeal', { appealId: a.appealId });
};

const assertOpen = (a: Appeal): void => {
  if (a.status === 'withdrawn') reject(E.APPEAL_WITHDRAWN, `appeal ${a.appealId} was withdrawn`, { appealId: a.appealId });
  if (!isOpen(a)) reject(E.APPEAL_ALREADY_DECIDED, `appeal ${a.appealId} was already ${a.status}`, { appealId: a.appealId, status: a.status });
};

const ids = (c: { meta: { guildId: string }; data: { caseNumber: number; appealId: string } }) => ({ appealId: c.data.appealId, guildId: c.meta.guildId, caseNumber: c.data.caseNumber });

const assign = (c: Of<'AssignAppeal'>, s: CaseAppealsState): AppealEvent[] => {
  const a = find(s, c.data.appealId);
  assertOpen(a);
  assertReviewer(a, c.meta.actor.id);
  if (a.reviewer?.id === c.meta.actor.id) return [];
  if (a.reviewer) reject(E.APPEAL_ASSIGNED_TO_OTHER, `appeal ${a.appealId} is assigned to ${a.reviewer.name}`, { reviewerId: a.reviewer.id });
  return [{ type: 'AppealAssigned', data: { ...ids(c), reviewerId: c.meta.actor.id, reviewerName: c.meta.actor.name, assignedBy: c.meta.actor, assignedAt: c.meta.now } }];
};

const liftOf = (a: Appeal): 'ban' | 'timeout' | null => (a.appealedCase.action === 'ban' ? 'ban' : a.appealedCase.action === 'timeout' ? 'timeout' : null);

/**
 * Under four-eyes the decision is the requester's (the actor) and runs on a second moderator's
 * approval: both must be allowed to decide it, and the approval must be the one this command
 * runs for (its id derives from it), so nobody can write an approval into a decision.
 */
const decide = (c: Of<'DecideAppeal'>, s: CaseAppealsState): AppealEvent[] => {
  const { approval } = c.data;
  if (approval !== null && c.meta.commandId !== executionCommandId(approval.approvalId)) {
    reject(E.DECISION_NOT_APPROVED, 'only a granted four-eyes approval runs a decision that names one', { approvalId: approval.approvalId });
  }
  const a = find(s, c.data.appealId);
  assertOpen(a);
  assertReviewer(a, c.meta.actor.id);
  if (approval !== null) assertReviewer(a, approval.approvedBy.id);
  return [
    {
      type: 'AppealDecided',
      data: {
        ...ids(c),
        appellantId: a.appellantId,
        decision: c.data.decision,
        reason: c.data.reason,
        decidedBy: c.meta.actor,
        decidedAt: c.meta.now,
        approval,
        lifts: c.data.decision === 'approved' ? liftOf(a) : null,
      },
    },
  ];
};

const withdraw = (c: Of<'WithdrawAppeal'>, s: CaseAppealsState): AppealEvent[] => {
  const a = find(s, c.data.appealId);
  if (a.appellantId !== c.meta.actor.id) reject(E.NOT_YOUR_CASE, 'only the member who appealed may withdraw the appeal', { appealId: a.appealId });
  if (a.status === 'withdrawn') return [];
  assertOpen(a);
  return [{ type: 'AppealWithdrawn', data: { ...ids(c), appellantId: a.appellantId, withdrawnAt: c.meta.now } }];
};

/** Once per appeal, and only while it still waits past its limit. */
const remind = (c: Of<'RecordAppealReminder'>, s: CaseAppealsState): AppealEvent[] => {
  const a = find(s, c.data.appealId);
  if (!isOpen(a) || a.remindedAt !== null || Date.parse(c.meta.now) < Date.parse(a.reviewDueAt)) return [];
  return [{ type: 'AppealReminderDue', data: { ...ids(c), submittedAt: a.submittedAt, reviewDueAt: a.reviewDueAt, remindedAt: c.meta.now } }];
};

export const decideCaseAppeals = (c: AppealCommand, s: CaseAppealsState): AppealEvent[] => {
  switch (c.type) {
    case 'SubmitAppeal':
      return submit(c, s);
    case 'AssignAppeal':
      return assign(c, s);
    case 'DecideAppeal':
      return decide(c, s);
    case 'WithdrawAppeal':
      return withdraw(c, s);
    case 'RecordAppealReminder':
      return remind(c, s);
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const caseAppealsDecider: Decider<CaseAppealsState, AppealCommand, AppealEvent> = {
  decide: decideCaseAppeals,
  evolve: evolveCaseAppeals,
  initialState: initialCaseAppeals,
};
