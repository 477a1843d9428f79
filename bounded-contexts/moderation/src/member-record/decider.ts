import type { Actor, Command, Decider } from '@guildhall/kernel';
import { parseCaseReference } from '../audit-reason.js';
import type { AuditEvidence, MemberRecordCommand, SanctionCommand } from './commands.js';
import type {
  DiscordAuditActionLinked,
  MemberRecordEvent,
  ModerationActionApplied,
  ModerationActionFailed,
  ModerationActionObserved,
  ModerationActionRequested,
  SanctionExpired,
} from './events.js';
import {
  evolveMemberRecord,
  initialMemberRecord,
  isBanned,
  isTimedOut,
  type MemberRecordState,
  type RequestRecord,
} from './state.js';
import { ModerationErrorCodes as E, reject } from '../moderation-errors.js';
import type { DiscordAction, ModerationAction, UserRef } from '../moderation-schemas.js';
import { addSeconds, secondsBetween } from '../time.js';

type Of<T extends MemberRecordCommand['type']> = Extract<MemberRecordCommand, { type: T }>;

const requestEvent = (
  command: SanctionCommand,
  action: ModerationAction,
  extra: Partial<Pick<ModerationActionRequested['data'], 'durationSeconds' | 'deleteMessageSeconds' | 'liftsCaseNumber'>> = {},
): ModerationActionRequested => {
  const { meta, data } = command;
  const durationSeconds = extra.durationSeconds ?? null;
  return {
    type: 'ModerationActionRequested',
    data: {
      requestId: meta.commandId,
      origin: 'guildhall',
      action,
      target: data.target,
      moderator: meta.actor,
      reason: data.reason,
      durationSeconds,
      expiresAt: durationSeconds === null ? null : addSeconds(meta.now, durationSeconds),
      deleteMessageSeconds: extra.deleteMessageSeconds ?? null,
      bulkId: data.bulkId,
      auditLogEntryId: null,
      liftsCaseNumber: extra.liftsCaseNumber ?? null,
      ...(data.reportId !== null ? { reportId: data.reportId } : {}),
      requestedAt: meta.now,
    },
  };
};

// Own keys only: a request id such as "constructor" must not hit Object.prototype.
const requestOf = (s: MemberRecordState, requestId: string): RequestRecord | undefined =>
  Object.hasOwn(s.requests, requestId) ? s.requests[requestId] : undefined;

/** A redelivered command (same id) decides nothing new. */
const alreadyHandled = (command: Command, s: MemberRecordState): boolean => requestOf(s, command.meta.commandId) !== undefined;

export const warnMember = (c: Of<'WarnMember'>, s: MemberRecordState): MemberRecordEvent[] =>
  alreadyHandled(c, s) ? [] : [requestEvent(c, 'warn')];

export const addMemberNote = (c: Of<'AddMemberNote'>, s: MemberRecordState): MemberRecordEvent[] =>
  alreadyHandled(c, s) ? [] : [requestEvent(c, 'note')];

export const kickMember = (c: Of<'KickMember'>, s: MemberRecordState): MemberRecordEvent[] => {
  if (alreadyHandled(c, s)) return [];
  if (isBanned(s)) reject(E.MEMBER_BANNED, `${c.data.target.id} is banned: there is no member to kick`);
  return [requestEvent(c, 'kick')];
};

export const timeoutMember = (c: Of<'TimeoutMember'>, s: MemberRecordState): MemberRecordEvent[] => {
  if (alreadyHandled(c, s)) return [];
  if (isBanned(s)) reject(E.MEMBER_BANNED, `${c.data.target.id} is banned: there is no member to time out`);
  if (isTimedOut(s, c.meta.now)) {
    reject(E.ALREADY_TIMED_OUT, `${c.data.target.id} is already timed out`, { until: s.timeout?.expiresAt ?? null });
  }
  return [requestEvent(c, 'timeout', { durationSeconds: c.data.durationSeconds })];
};

export const removeMemberTimeout = (c: Of<'RemoveMemberTimeout'>, s: MemberRecordState): MemberRecordEvent[] => {
  if (alreadyHandled(c, s)) return [];
  if (!isTimedOut(s, c.meta.now) || !s.timeout) return reject(E.NOT_TIMED_OUT, `${c.data.target.id} is not timed out`);
  if (s.timeout.status === 'pending' || s.timeout.liftRequestId !== null) {
    reject(E.ACTION_PENDING, `the timeout of ${c.data.target.id} is still being applied or lifted`);
  }
  return [requestEvent(c, 'untimeout', { liftsCaseNumber: s.timeout.caseNumber })];
};

export const banMember = (c: Of<'BanMember'>, s: MemberRecordState): MemberRecordEvent[] => {
  if (alreadyHandled(c, s)) return [];
  if (s.ban) {
    reject(E.ALREADY_BANNED, `${c.data.target.id} is already banned`, {
      caseNumber: s.ban.caseNumber,
      until: s.ban.expiresAt,
    });
  }
  return [
    requestEvent(c, 'ban', { durationSeconds: c.data.durationSeconds, deleteMessageSeconds: c.data.deleteMessageSeconds }),
  ];
};

export const unbanMember = (c: Of<'UnbanMember'>, s: MemberRecordState): MemberRecordEvent[] => {
  if (alreadyHandled(c, s)) return [];
  if (!s.ban) return reject(E.NOT_BANNED, `${c.data.target.id} is not banned`);
  if (s.ban.status === 'pending' || s.ban.liftRequestId !== null) {
    reject(E.ACTION_PENDING, `the ban of ${c.data.target.id} is still being applied or lifted`);
  }
  return [requestEvent(c, 'unban', { liftsCaseNumber: s.ban.caseNumber })];
};

/**
 * An audit-log fact. Guildhall's own actions (executor is the bot, or the reason names a case of
 * this member as "Case #N") are linked to their case; anything else a human did in Discord is
 * observed and becomes a case of its own. Facts are never rejected: Discord already changed.
 */
export const recordDiscordAuditAction = (
  c: Of<'RecordDiscordAuditAction'>,
  s: MemberRecordState,
): MemberRecordEvent[] => {
  const d = c.data;
  if (s.auditLogEntryIds.includes(d.auditLogEntryId)) return [];
  const ref = parseCaseReference(d.reason);
  const knownCase = ref !== null && s.caseNumbers.includes(ref);
  const reconciled = reconciledChange(s, d.action);
  if (d.executorIsBot || knownCase || reconciled) {
    const linked: DiscordAuditActionLinked = {
      type: 'DiscordAuditActionLinked',
      data: {
        auditLogEntryId: d.auditLogEntryId,
        action: d.action,
        target: d.target,
        executor: d.executor,
        executorIsBot: d.executorIsBot,
        reason: d.reason,
        caseNumber: knownCase || d.executorIsBot ? ref : (reconciled?.caseNumber ?? null),
        linkedAt: c.meta.now,
      },
    };
    return [linked];
  }
  const lifts = d.action === 'unban' ? s.ban : d.action === 'untimeout' ? s.timeout : null;
  const observed: ModerationActionObserved = {
    type: 'ModerationActionObserved',
    data: {
      requestId: `audit-${d.auditLogEntryId}`,
      origin: 'discord',
      action: d.action,
      target: d.target,
      moderator: { kind: 'discord-user', id: d.executor.id, name: d.executor.name ?? d.executor.id },
      reason: d.reason === '' ? null : d.reason,
      durationSeconds: d.timeoutUntil && d.action === 'timeout' ? secondsBetween(c.meta.now, d.timeoutUntil) : null,
      expiresAt: d.action === 'timeout' ? d.timeoutUntil : null,
      deleteMessageSeconds: null,
      bulkId: null,
      auditLogEntryId: d.auditLogEntryId,
      liftsCaseNumber: lifts?.caseNumber ?? null,
      requestedAt: c.meta.now,
    },
  };
  return [observed];
};

/** The request id prefix of a change seen in a Discord snapshot without its audit-log entry. */
const RECONCILED = 'reconciled-';

/**
 * The request that last changed the ban (ban/unban) or the timeout (timeout/untimeout), when it
 * came from a snapshot without its audit-log entry: an entry for that very change may still
 * arrive (a catch-up that failed once and succeeds later) and must not open a second case.
 */
const reconciledChange = (s: MemberRecordState, action: DiscordAction): RequestRecord | null => {
  const kinds = action === 'ban' || action === 'unban' ? ['ban', 'unban'] : action === 'timeout' || action === 'untimeout' ? ['timeout', 'untimeout'] : [];
  let last: RequestRecord | null = null;
  for (const r of Object.values(s.requests)) if (kinds.includes(r.action)) last = r;
  return last && last.action === action && last.requestId.startsWith(RECONCILED) ? last : null;
};

/** Who an action seen only by its result in Discord (no audit-log entry found) is attributed to. */
export const SEEN_IN_DISCORD: Actor = { kind: 'system', id: 'discord-reconciliation', name: 'Discord (while Guildhall was away)' };

type ObservedChange = Readonly<{
  action: 'ban' | 'unban' | 'timeout' | 'untimeout';
  key: 'ban' | 'timeout';
  evidence: AuditEvidence | null;
  reason: string | null;
  expiresAt: string | null;
  liftsCaseNumber: number | null;
}>;

/**
 * One change Discord made while Guildhall was away, as an observed action. With the audit-log
 * entry the catch-up found, it is that entry's action (same request id and entry id as the live
 * path would give it, so whichever of the two comes second is a no-op); without, it is attributed
 * to "Discord (while Guildhall was away)".
 */
const observedChange = (c: Of<'ReconcileWithDiscord'>, s: MemberRecordState, change: ObservedChange): ModerationActionObserved => {
  const evidence = change.evidence && !s.auditLogEntryIds.includes(change.evidence.auditLogEntryId) ? change.evidence : null;
  const target: UserRef = c.data.target.name === null && s.user ? s.user : c.data.target;
  const now = c.meta.now;
  return {
    type: 'ModerationActionObserved',
    data: {
      requestId: evidence ? `audit-${evidence.auditLogEntryId}` : `${RECONCILED}${c.meta.commandId}-${change.key}`,
      origin: 'discord',
      action: change.action,
      target,
      moderator: evidence ? { kind: 'discord-user', id: evidence.executor.id, name: evidence.executor.name ?? evidence.executor.id } : SEEN_IN_DISCORD,
      reason: (evidence?.reason || change.reason) ?? null,
      durationSeconds: change.expiresAt ? secondsBetween(now, change.expiresAt) : null,
      expiresAt: change.expiresAt,
      deleteMessageSeconds: null,
      bulkId: null,
      auditLogEntryId: evidence?.auditLogEntryId ?? null,
      liftsCaseNumber: change.liftsCaseNumber,
      requestedAt: now,
    },
  };
};

/** The record changed after the snapshot was taken: it knows better than the snapshot. */
const changedSince = (changedAt: string | null, snapshotAt: string): boolean =>
  changedAt !== null && Date.parse(changedAt) > Date.parse(snapshotAt);

/**
 * Discord is the truth: a snapshot of the member's ban and timeout (taken when the bot came
 * back) against the record. Only settled sanctions are compared: a ban still pending or being
 * lifted is the action executor's to finish, and a record changed after the snapshot is newer
 * than it. What differs becomes an observed ban / unban (a lift of the ban's case) / timeout /
 * untimeout; what agrees decides nothing, so a repeat or a second snapshot changes nothing.
 */
export const reconcileWithDiscord = (c: Of<'ReconcileWithDiscord'>, s: MemberRecordState): MemberRecordEvent[] => {
  const d = c.data;
  const now = c.meta.now;
  const events: MemberRecordEvent[] = [];
  if (!changedSince(s.banChangedAt, now)) {
    if (d.banned && s.ban === null) {
      events.push(observedChange(c, s, { action: 'ban', key: 'ban', evidence: d.banAudit, reason: d.banReason, expiresAt: null, liftsCaseNumber: null }));
    } else if (!d.banned && s.ban?.status === 'active' && s.ban.liftRequestId === null) {
      events.push(observedChange(c, s, { action: 'unban', key: 'ban', evidence: d.banAudit, reason: null, expiresAt: null, liftsCaseNumber: s.ban.caseNumber }));
    }
  }
  if (d.timeoutKnown && !changedSince(s.timeoutChangedAt, now)) {
    const inDiscord = d.timeoutUntil !== null && Date.parse(d.timeoutUntil) > Date.parse(now);
    const recorded = isTimedOut(s, now);
    if (inDiscord && !recorded) {
      events.push(observedChange(c, s, { action: 'timeout', key: 'timeout', evidence: d.timeoutAudit, reason: null, expiresAt: d.timeoutUntil, liftsCaseNumber: null }));
    } else if (!inDiscord && recorded && s.timeout?.status === 'active' && s.timeout.liftRequestId === null) {
      events.push(
        observedChange(c, s, { action: 'untimeout', key: 'timeout', evidence: d.timeoutAudit, reason: null, expiresAt: null, liftsCaseNumber: s.timeout.caseNumber }),
      );
    }
  }
  return events;
};

export const recordModerationActionApplied = (
  c: Of<'RecordModerationActionApplied'>,
  s: MemberRecordState,
): MemberRecordEvent[] => {
  const r = requestOf(s, c.data.requestId);
  if (!r) return reject(E.REQUEST_NOT_FOUND, `no request ${c.data.requestId} for ${c.data.userId}`);
  if (r.status === 'applied') return [];
  if (r.status === 'failed') return reject(E.REQUEST_ALREADY_SETTLED, `request ${r.requestId} already failed`);
  const applied: ModerationActionApplied = {
    type: 'ModerationActionApplied',
    data: {
      requestId: r.requestId,
      caseNumber: c.data.caseNumber,
      action: r.action,
      target: r.target,
      moderator: r.moderator,
      expiresAt: r.expiresAt,
      liftsCaseNumber: r.liftsCaseNumber,
      bulkId: r.bulkId,
      appliedAt: c.meta.now,
    },
  };
  return [applied];
};

export const recordModerationActionFailed = (
  c: Of<'RecordModerationActionFailed'>,
  s: MemberRecordState,
): MemberRecordEvent[] => {
  const r = requestOf(s, c.data.requestId);
  if (!r) return reject(E.REQUEST_NOT_FOUND, `no request ${c.data.requestId} for ${c.data.userId}`);
  if (r.status === 'failed') return [];
  if (r.status !== 'pending') {
    return reject(E.REQUEST_ALREADY_SETTLED, `request ${r.requestId} is ${r.status}: it cannot fail any more`);
  }
  const failed: ModerationActionFailed = {
    type: 'ModerationActionFailed',
    data: {
      requestId: r.requestId,
      caseNumber: c.data.caseNumber,
      action: r.action,
      target: r.target,
      moderator: r.moderator,
      discordErrorCode: c.data.discordErrorCode,
      httpStatus: c.data.httpStatus,
      reason: c.data.reason,
      bulkId: r.bulkId,
      failedAt: c.meta.now,
    },
  };
  return [failed];
};

/** Only the ban/timeout of that very case ends; one lifted or replaced meanwhile is left alone. */
export const recordSanctionExpired = (c: Of<'RecordSanctionExpired'>, s: MemberRecordState): MemberRecordEvent[] => {
  const { caseNumber } = c.data;
  const which = s.ban?.caseNumber === caseNumber ? 'ban' : s.timeout?.caseNumber === caseNumber ? 'timeout' : null;
  if (which === null) return [];
  const expired: SanctionExpired = {
    type: 'SanctionExpired',
    data: { caseNumber, action: which, target: s.user ?? { id: c.data.userId, name: null }, expiredAt: c.meta.now },
  };
  return [expired];
};

export const decideMemberRecord = (command: MemberRecordCommand, state: MemberRecordState): MemberRecordEvent[] => {
  switch (command.type) {
    case 'WarnMember':
      return warnMember(command, state);
    case 'AddMemberNote':
      return addMemberNote(command, state);
    case 'TimeoutMember':
      return timeoutMember(command, state);
    case 'RemoveMemberTimeout':
      return removeMemberTimeout(command, state);
    case 'KickMember':
      return kickMember(command, state);
    case 'BanMember':
      return banMember(command, state);
    case 'UnbanMember':
      return unbanMember(command, state);
    case 'RecordDiscordAuditAction':
      return recordDiscordAuditAction(command, state);
    case 'ReconcileWithDiscord':
      return reconcileWithDiscord(command, state);
    case 'RecordModerationActionApplied':
      return recordModerationActionApplied(command, state);
    case 'RecordModerationActionFailed':
      return recordModerationActionFailed(command, state);
    case 'RecordSanctionExpired':
      return recordSanctionExpired(command, state);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

/** The member record: is this member banned / timed out, and which requests are on their way. */
export const memberRecordDecider: Decider<MemberRecordState, MemberRecordCommand, MemberRecordEvent> = {
  decide: decideMemberRecord,
  evolve: evolveMemberRecord,
  initialState: initialMemberRecord,
};
