import type { Actor } from '@guildhall/kernel';
import type { MemberRecordEvent } from './events.js';
import type { ModerationRequest } from '../moderation-request.js';
import type { ModerationAction, Origin, UserRef } from '../moderation-schemas.js';

/** A ban or timeout Guildhall knows of: waiting for Discord (pending) or in force (active). */
export type Sanction = Readonly<{
  requestId: string;
  caseNumber: number | null;
  status: 'pending' | 'active';
  expiresAt: string | null;
  /** An unban / untimeout on its way to Discord. */
  liftRequestId: string | null;
}>;

export type RequestRecord = Readonly<{
  requestId: string;
  action: ModerationAction;
  origin: Origin;
  /** observed: done in Discord by a human, its case not linked yet. */
  status: 'pending' | 'observed' | 'applied' | 'failed';
  caseNumber: number | null;
  target: UserRef;
  moderator: Actor;
  expiresAt: string | null;
  bulkId: string | null;
  liftsCaseNumber: number | null;
}>;

/** Plain JSON (no Map/Set) so the UI can replay it with the same evolve. */
export type MemberRecordState = Readonly<{
  user: UserRef | null;
  ban: Sanction | null;
  timeout: Sanction | null;
  requests: Readonly<Record<string, RequestRecord>>;
  /** Every case about this member, in the order their outcome was recorded. */
  caseNumbers: readonly number[];
  /** Audit-log entries already handled (facts can be delivered twice). */
  auditLogEntryIds: readonly string[];
  /**
   * When the ban / the timeout last changed here (requested, observed, applied, failed, lifted,
   * expired): a reconciliation from a Discord snapshot taken before that knows less than the record.
   */
  banChangedAt: string | null;
  timeoutChangedAt: string | null;
}>;

export const initialMemberRecord = (): MemberRecordState => ({
  user: null,
  ban: null,
  timeout: null,
  requests: {},
  caseNumbers: [],
  auditLogEntryIds: [],
  banChangedAt: null,
  timeoutChangedAt: null,
});

export const isBanned = (s: MemberRecordState): boolean => s.ban !== null;

/** Discord lifts a timeout by itself at its end, so an active timeout past its end no longer counts. */
export const isTimedOut = (s: MemberRecordState, now: string): boolean =>
  s.timeout !== null &&
  (s.timeout.status === 'pending' || s.timeout.expiresAt === null || Date.parse(s.timeout.expiresAt) > Date.parse(now));

const sanctionFrom = (r: ModerationRequest, status: Sanction['status']): Sanction => ({
  requestId: r.requestId,
  caseNumber: null,
  status,
  expiresAt: r.expiresAt,
  liftRequestId: null,
});

const withCase = (s: MemberRecordState, caseNumber: number): readonly number[] =>
  s.caseNumbers.includes(caseNumber) ? s.caseNumbers : [...s.caseNumbers, caseNumber];

const recordOf = (r: ModerationRequest, status: RequestRecord['status']): RequestRecord => ({
  requestId: r.requestId,
  action: r.action,
  origin: r.origin,
  status,
  caseNumber: null,
  target: r.target,
  moderator: r.moderator,
  expiresAt: r.expiresAt,
  bulkId: r.bulkId,
  liftsCaseNumber: r.liftsCaseNumber,
});

const requested = (s: MemberRecordState, r: ModerationRequest): MemberRecordState => {
  const base = { ...s, user: r.target, requests: { ...s.requests, [r.requestId]: recordOf(r, 'pending') } };
  switch (r.action) {
    case 'ban':
      return { ...base, ban: sanctionFrom(r, 'pending') };
    case 'timeout':
      return { ...base, timeout: sanctionFrom(r, 'pending') };
    case 'unban':
      return { ...base, ban: s.ban && { ...s.ban, liftRequestId: r.requestId } };
    case 'untimeout':
      return { ...base, timeout: s.timeout && { ...s.timeout, liftRequestId: r.requestId } };
    default:
      return base;
  }
};

/** A fact: Discord already changed, so the state follows without any check. */
const observed = (s: MemberRecordState, r: ModerationRequest): MemberRecordState => {
  const base = {
    ...s,
    user: r.target,
    requests: { ...s.requests, [r.requestId]: recordOf(r, 'observed') },
    auditLogEntryIds: r.auditLogEntryId ? [...s.auditLogEntryIds, r.auditLogEntryId] : s.auditLogEntryIds,
  };
  switch (r.action) {
    case 'ban':
      return { ...base, ban: sanctionFrom(r, 'active') };
    case 'timeout':
      return { ...base, timeout: sanctionFrom(r, 'active') };
    case 'unban':
      return { ...base, ban: null };
    case 'untimeout':
      return { ...base, timeout: null };
    default:
      return base;
  }
};

const settle = (
  s: MemberRecordState,
  requestId: string,
  caseNumber: number,
  status: 'applied' | 'failed',
): MemberRecordState => {
  const record = Object.hasOwn(s.requests, requestId) ? s.requests[requestId] : undefined;
  if (!record) return s;
  const base = {
    ...s,
    requests: { ...s.requests, [requestId]: { ...record, status, caseNumber } },
    caseNumbers: withCase(s, caseNumber),
  };
  const applied = status === 'applied';
  const confirm = (x: Sanction | null): Sanction | null =>
    x?.requestId === requestId ? (applied ? { ...x, status: 'active', caseNumber } : null) : x;
  const lift = (x: Sanction | null): Sanction | null =>
    x?.liftRequestId === requestId ? (applied ? null : { ...x, liftRequestId: null }) : x;
  switch (record.action) {
    case 'ban':
      return { ...base, ban: confirm(s.ban) };
    case 'timeout':
      return { ...base, timeout: confirm(s.timeout) };
    case 'unban':
      return { ...base, ban: lift(s.ban) };
    case 'untimeout':
      return { ...base, timeout: lift(s.timeout) };
    default:
      return base;
  }
};

/** When an event happened, by its own timestamp (evolve sees no envelope). */
const eventTime = (event: MemberRecordEvent): string => {
  switch (event.type) {
    case 'ModerationActionRequested':
    case 'ModerationActionObserved':
      return event.data.requestedAt;
    case 'ModerationActionApplied':
      return event.data.appliedAt;
    case 'ModerationActionFailed':
      return event.data.failedAt;
    case 'SanctionExpired':
      return event.data.expiredAt;
    case 'DiscordAuditActionLinked':
      return event.data.linkedAt;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

/** The record after the event, with the time its ban / timeout changed (each evolve step keeps an unchanged sanction's object). */
export const evolveMemberRecord = (s: MemberRecordState, event: MemberRecordEvent): MemberRecordState => {
  const next = evolveSanctions(s, event);
  if (next.ban === s.ban && next.timeout === s.timeout) return next;
  const when = eventTime(event);
  return {
    ...next,
    banChangedAt: next.ban === s.ban ? next.banChangedAt : when,
    timeoutChangedAt: next.timeout === s.timeout ? next.timeoutChangedAt : when,
  };
};

const evolveSanctions = (s: MemberRecordState, event: MemberRecordEvent): MemberRecordState => {
  switch (event.type) {
    case 'ModerationActionRequested':
      return requested(s, event.data);
    case 'ModerationActionObserved':
      return observed(s, event.data);
    case 'ModerationActionApplied':
      return settle(s, event.data.requestId, event.data.caseNumber, 'applied');
    case 'ModerationActionFailed':
      return settle(s, event.data.requestId, event.data.caseNumber, 'failed');
    case 'SanctionExpired': {
      const { caseNumber } = event.data;
      return event.data.action === 'ban'
        ? { ...s, ban: s.ban?.caseNumber === caseNumber ? null : s.ban }
        : { ...s, timeout: s.timeout?.caseNumber === caseNumber ? null : s.timeout };
    }
    case 'DiscordAuditActionLinked':
      return { ...s, auditLogEntryIds: [...s.auditLogEntryIds, event.data.auditLogEntryId] };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};
