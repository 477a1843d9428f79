/** A ban case's timeline as the API returns it, shared by the replay tests. */
import { caseAppealsStreamId, evolveCaseAppeals, initialCaseAppeals, parseAppealEvent, type Appeal, type CaseAppealsState } from '@guildhall/appeals';
import type { StoredEvent } from '@guildhall/kernel';
import { caseAsOf, caseStreamId } from '@guildhall/moderation';
import type { TimelineEntry } from '../src/api/types.js';

const moderator = { kind: 'dashboard-user' as const, id: '42', name: 'Ann' };
const target = { id: '777', name: 'spammer' };
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

const entry = (seq: number, version: number, type: string, payload: unknown): TimelineEntry =>
  ({ stream: 'case', seq, eventId: `e${seq}`, type, version, position: seq, occurredAt: at(seq), actor: moderator, source: 'web', correlationId: 'c', causationId: null, payload, state: { status: 'none' }, liftedByAppeal: null }) as TimelineEntry;

/** A ban case as the moderation context stores it: opened and sent to Discord in one commit, then Discord's answer. */
export const entries: TimelineEntry[] = [
  entry(1, 5, 'CaseOpened', {
    requestId: 'r1', origin: 'guildhall', action: 'ban', target, moderator, reason: 'raid', durationSeconds: null, expiresAt: null,
    deleteMessageSeconds: 0, bulkId: null, auditLogEntryId: null, liftsCaseNumber: null, requestedAt: at(0), caseNumber: 3, openedAt: at(1),
  }),
  entry(2, 5, 'DiscordActionRequested', {
    actionId: 'case-3-sanction', caseNumber: 3, requestId: 'r1', purpose: 'sanction', action: 'ban', target,
    auditLogReason: 'Case #3 — raid — by Ann', timeoutUntil: null, deleteMessageSeconds: 0, requestedAt: at(1),
  }),
  entry(3, 9, 'DiscordActionFailed', {
    actionId: 'case-3-sanction', caseNumber: 3, requestId: 'r1', purpose: 'sanction', action: 'ban', target,
    discordErrorCode: 50013, httpStatus: 403, reason: 'Missing Permissions', failedAt: at(3),
  }),
];


const G = '100000000000000001';
const member = { kind: 'dashboard-user' as const, id: '777', name: 'spammer' };
const reviewer = { kind: 'dashboard-user' as const, id: '43', name: 'Ben' };
const APPEAL = `${G}-3-1`;
const banOpened = {
  requestId: 'r1', origin: 'guildhall', action: 'ban', target, moderator, reason: 'raid', durationSeconds: null, expiresAt: null,
  deleteMessageSeconds: 0, bulkId: null, auditLogEntryId: null, liftsCaseNumber: null, requestedAt: at(0), caseNumber: 3, openedAt: at(1),
};
const sanction = { actionId: 'case-3-sanction', caseNumber: 3, requestId: 'r1', purpose: 'sanction', action: 'ban', target };
type Step = { stream: 'case' | 'appeal'; type: string; payload: unknown; actor?: typeof moderator; liftedByAppeal?: { appealId: string; caseNumber: number } };

/**
 * A ban case of guild G with an appeal: banned, appealed, taken, approved, lifted by the
 * approval's unban (case 4). States as the read model stores them (the domain's own folds), so
 * the browser replay agrees; `withheld` as a viewer gets it.
 */
export const appealTimeline = (o: { statement?: string; approver?: string } = {}): TimelineEntry[] => {
  const statement = o.statement ?? 'It was my brother.';
  // Under four-eyes, a third moderator approved the decision (the name as the API gives it: "[erased]" once forgotten).
  const approval = o.approver === undefined ? null : { approvalId: 'ap-1', approvedBy: { kind: 'dashboard-user' as const, id: '44', name: o.approver } };
  const steps: Step[] = [
    { stream: 'case', type: 'CaseOpened', payload: banOpened },
    { stream: 'case', type: 'DiscordActionRequested', payload: { ...sanction, auditLogReason: 'Case #3 — raid — by Ann', timeoutUntil: null, deleteMessageSeconds: 0, requestedAt: at(1) } },
    { stream: 'case', type: 'DiscordActionSucceeded', payload: { ...sanction, succeededAt: at(2) } },
    {
      stream: 'appeal', type: 'AppealSubmitted', actor: member,
      payload: { appealId: APPEAL, guildId: G, caseNumber: 3, appellantId: '777', statement, answers: [], submittedAt: at(10), reviewDueAt: at(50), appealedCase: { targetId: '777', moderatorId: '42', action: 'ban', hidden: false } },
    },
    { stream: 'appeal', type: 'AppealAssigned', actor: reviewer, payload: { appealId: APPEAL, guildId: G, caseNumber: 3, reviewerId: '43', reviewerName: 'Ben', assignedBy: reviewer, assignedAt: at(20) } },
    {
      stream: 'appeal', type: 'AppealDecided', actor: reviewer,
      payload: { appealId: APPEAL, guildId: G, caseNumber: 3, appellantId: '777', decision: 'approved', reason: 'Believable.', decidedBy: reviewer, decidedAt: at(30), approval, lifts: 'ban' },
    },
    {
      stream: 'case', type: 'CaseLifted', actor: reviewer, liftedByAppeal: { appealId: APPEAL, caseNumber: 3 },
      payload: { caseNumber: 3, action: 'ban', target, byCaseNumber: 4, byRequestId: 'lift-1', liftedBy: reviewer, liftedAt: at(31) },
    },
  ];
  const caseEvents: StoredEvent[] = [];
  let appeals: CaseAppealsState = initialCaseAppeals();
  let caseSeq = 0;
  let appealSeq = 0;
  return steps.map((st, i): TimelineEntry => {
    const position = i + 10;
    const common = { eventId: `a${i}`, version: position, position, occurredAt: at(i * 5), actor: st.actor ?? moderator, source: 'web', correlationId: 'c', causationId: null, payload: st.payload };
    if (st.stream === 'appeal') {
      const stored = { type: st.type, payload: st.payload, streamId: caseAppealsStreamId(G, 3), version: position, occurredAt: common.occurredAt };
      appeals = evolveCaseAppeals(appeals, parseAppealEvent(stored)!);
      const appeal = appeals.appeals.find((a) => a.appealId === APPEAL) as Appeal;
      return { ...common, stream: 'appeal', seq: ++appealSeq, type: st.type as never, appealId: APPEAL, appealCaseNumber: 3, appeal, state: caseAsOf(caseEvents, Number.MAX_SAFE_INTEGER) };
    }
    caseEvents.push({ type: st.type, payload: st.payload, streamId: caseStreamId(G, 3), version: position, occurredAt: common.occurredAt });
    return { ...common, stream: 'case', seq: ++caseSeq, type: st.type as never, liftedByAppeal: st.liftedByAppeal ?? null, state: caseAsOf(caseEvents, Number.MAX_SAFE_INTEGER) };
  });
};

/**
 * The unban case (4) the approval opened, as the API returns it: the appeal's steps as on case 3
 * (with case 4 as it then was: none yet), then its own events, the opening naming the appeal.
 */
export const unbanTimeline = (): TimelineEntry[] => {
  const borrowed = appealTimeline()
    .filter((e) => e.stream === 'appeal')
    .map((e): TimelineEntry => ({ ...e, state: caseAsOf([], Number.MAX_SAFE_INTEGER) }));
  const unban = { actionId: 'case-4-sanction', caseNumber: 4, requestId: 'lift-1', purpose: 'sanction', action: 'unban', target };
  const steps: Step[] = [
    {
      stream: 'case', type: 'CaseOpened', actor: reviewer, liftedByAppeal: { appealId: APPEAL, caseNumber: 3 },
      payload: { ...banOpened, requestId: 'lift-1', action: 'unban', moderator: reviewer, reason: `Appeal ${APPEAL} of case #3 approved: Believable.`, liftsCaseNumber: 3, requestedAt: at(31), caseNumber: 4, openedAt: at(31) },
    },
    { stream: 'case', type: 'DiscordActionRequested', actor: reviewer, payload: { ...unban, auditLogReason: 'Case #4 — by Ben', timeoutUntil: null, deleteMessageSeconds: 0, requestedAt: at(31) } },
    { stream: 'case', type: 'DiscordActionSucceeded', actor: reviewer, payload: { ...unban, succeededAt: at(32) } },
  ];
  const caseEvents: StoredEvent[] = [];
  const own = steps.map((st, i): TimelineEntry => {
    const position = i + 20;
    caseEvents.push({ type: st.type, payload: st.payload, streamId: caseStreamId(G, 4), version: position, occurredAt: at(31 + i) });
    return {
      eventId: `u${i}`, version: position, position, occurredAt: at(31 + i), actor: st.actor ?? moderator, source: 'web', correlationId: 'c', causationId: null, payload: st.payload,
      stream: 'case', seq: i + 1, type: st.type as never, liftedByAppeal: st.liftedByAppeal ?? null, state: caseAsOf(caseEvents, Number.MAX_SAFE_INTEGER),
    };
  });
  return [...borrowed, ...own];
};
export const APPEAL_GUILD = G;
export const APPEAL_ID = APPEAL;
