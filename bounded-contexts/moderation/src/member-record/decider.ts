import type { Command, Decider } from '@guildhall/kernel';
import { parseCaseReference } from '../audit-reason.js';
import type { MemberRecordCommand, SanctionCommand } from './commands.js';
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
import type { ModerationAction } from '../moderation-schemas.js';
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
  if (d.executorIsBot || knownCase) {
    const linked: DiscordAuditActionLinked = {
      type: 'DiscordAuditActionLinked',
      data: {
        auditLogEntryId: d.auditLogEntryId,
        action: d.action,
        target: d.target,
        executor: d.executor,
        executorIsBot: d.executorIsBot,
        reason: d.reason,
        caseNumber: ref,
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
