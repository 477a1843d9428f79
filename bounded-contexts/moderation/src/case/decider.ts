import type { Decider } from '@guildhall/kernel';
import { formatAuditReason } from '../audit-reason.js';
import type { CaseCommand } from './commands.js';
import type { CaseEvent, DiscordActionRequested } from './events.js';
import { evolveCase, initialCaseState, type CaseState, type OpenedCase } from './state.js';
import { ModerationErrorCodes as E, reject } from '../moderation-errors.js';
import { isDiscordAction } from '../moderation-schemas.js';
import { isBefore } from '../time.js';

type Of<T extends CaseCommand['type']> = Extract<CaseCommand, { type: T }>;

const opened = (c: { data: { caseNumber: number } }, s: CaseState): OpenedCase =>
  s.status === 'opened' ? s : reject(E.CASE_NOT_FOUND, `case #${c.data.caseNumber} does not exist`, { caseNumber: c.data.caseNumber });

const isExpiring = (action: string): action is 'ban' | 'timeout' => action === 'ban' || action === 'timeout';

export const sanctionActionId = (caseNumber: number): string => `case-${caseNumber}-sanction`;
export const expiryActionId = (caseNumber: number): string => `case-${caseNumber}-expiry`;

/**
 * A case asked in Guildhall also asks Discord to act (with the audit-log reason that links the
 * fact back); a case observed in Discord is already done, and a timeout seen there starts its
 * expiry at once.
 */
export const openCase = (c: Of<'OpenCase'>, s: CaseState): CaseEvent[] => {
  const { caseNumber, request: r } = c.data;
  if (s.status === 'opened') {
    if (s.requestId === r.requestId) return [];
    return reject(E.CASE_ALREADY_EXISTS, `case #${caseNumber} already belongs to request ${s.requestId}`, { caseNumber });
  }
  const events: CaseEvent[] = [{ type: 'CaseOpened', data: { ...r, caseNumber, openedAt: c.meta.now } }];
  if (r.origin === 'guildhall' && isDiscordAction(r.action)) {
    events.push({
      type: 'DiscordActionRequested',
      data: {
        actionId: sanctionActionId(caseNumber),
        caseNumber,
        requestId: r.requestId,
        purpose: 'sanction',
        action: r.action,
        target: r.target,
        auditLogReason: formatAuditReason(caseNumber, r.reason, r.moderator.name),
        timeoutUntil: r.action === 'timeout' ? r.expiresAt : null,
        deleteMessageSeconds: r.action === 'ban' ? r.deleteMessageSeconds : null,
        requestedAt: c.meta.now,
      },
    });
  }
  if (r.origin === 'discord' && isExpiring(r.action) && r.expiresAt !== null) {
    events.push({
      type: 'ExpiryScheduled',
      data: { caseNumber, action: r.action, target: r.target, dueAt: r.expiresAt, scheduledAt: c.meta.now },
    });
  }
  return events;
};

const discordActionOf = (c: Of<'RecordDiscordActionSucceeded' | 'RecordDiscordActionFailed'>, s: OpenedCase) =>
  s.discordActions.find((a) => a.actionId === c.data.actionId) ??
  reject(E.DISCORD_ACTION_NOT_FOUND, `case #${s.caseNumber} has no Discord action ${c.data.actionId}`);

/** The expiry of a ban/timeout starts when Discord has applied it, not when it was asked. */
export const recordDiscordActionSucceeded = (c: Of<'RecordDiscordActionSucceeded'>, s: CaseState): CaseEvent[] => {
  const open = opened(c, s);
  const action = discordActionOf(c, open);
  if (action.status === 'succeeded') return [];
  if (action.status === 'failed') {
    return reject(E.DISCORD_ACTION_ALREADY_SETTLED, `Discord action ${action.actionId} already failed`);
  }
  const { caseNumber, requestId, target } = open;
  const events: CaseEvent[] = [
    {
      type: 'DiscordActionSucceeded',
      data: { actionId: action.actionId, caseNumber, requestId, purpose: action.purpose, action: action.action, target, succeededAt: c.meta.now },
    },
  ];
  if (action.purpose === 'sanction' && isExpiring(open.action) && open.expiresAt !== null && open.ended === null) {
    events.push({
      type: 'ExpiryScheduled',
      data: { caseNumber, action: open.action, target, dueAt: open.expiresAt, scheduledAt: c.meta.now },
    });
  }
  return events;
};

export const recordDiscordActionFailed = (c: Of<'RecordDiscordActionFailed'>, s: CaseState): CaseEvent[] => {
  const open = opened(c, s);
  const action = discordActionOf(c, open);
  if (action.status === 'failed') return [];
  if (action.status === 'succeeded') {
    return reject(E.DISCORD_ACTION_ALREADY_SETTLED, `Discord action ${action.actionId} already succeeded`);
  }
  const { discordErrorCode, httpStatus, reason } = c.data;
  return [
    {
      type: 'DiscordActionFailed',
      data: {
        actionId: action.actionId,
        caseNumber: open.caseNumber,
        requestId: open.requestId,
        purpose: action.purpose,
        action: action.action,
        target: open.target,
        discordErrorCode,
        httpStatus,
        reason,
        failedAt: c.meta.now,
      },
    },
  ];
};

/**
 * Expire only a ban/timeout in effect, only once, not once lifted, never before it is due.
 * A temporary ban also asks Discord to unban; a timeout ends in Discord by itself.
 */
export const expireCase = (c: Of<'ExpireCase'>, s: CaseState): CaseEvent[] => {
  const open = opened(c, s);
  const { caseNumber, expiry } = open;
  if (open.ended?.how === 'lifted') return reject(E.CASE_ALREADY_LIFTED, `case #${caseNumber} was lifted`);
  if (expiry?.status === 'expired') return reject(E.CASE_ALREADY_EXPIRED, `case #${caseNumber} already expired`);
  if (!isExpiring(open.action) || expiry === null || expiry.status !== 'scheduled') {
    return reject(E.CASE_NOT_EXPIRABLE, `case #${caseNumber} has no expiry in effect`);
  }
  if (isBefore(c.meta.now, expiry.dueAt)) {
    return reject(E.EXPIRY_NOT_DUE, `case #${caseNumber} expires at ${expiry.dueAt}`, { dueAt: expiry.dueAt });
  }
  const events: CaseEvent[] = [
    { type: 'CaseExpired', data: { caseNumber, action: open.action, target: open.target, dueAt: expiry.dueAt, expiredAt: c.meta.now } },
  ];
  if (open.action === 'ban') {
    const unban: DiscordActionRequested = {
      type: 'DiscordActionRequested',
      data: {
        actionId: expiryActionId(caseNumber),
        caseNumber,
        requestId: open.requestId,
        purpose: 'expiry',
        action: 'unban',
        target: open.target,
        auditLogReason: formatAuditReason(caseNumber, 'temporary ban expired', c.meta.actor.name),
        timeoutUntil: null,
        deleteMessageSeconds: null,
        requestedAt: c.meta.now,
      },
    };
    events.push(unban);
  }
  return events;
};

/** A ban/timeout that already ended (expired or lifted) stays as it ended. */
export const recordCaseLifted = (c: Of<'RecordCaseLifted'>, s: CaseState): CaseEvent[] => {
  const open = opened(c, s);
  const { caseNumber } = open;
  if (!isExpiring(open.action)) return reject(E.CASE_NOT_LIFTABLE, `case #${caseNumber} is a ${open.action}, not a ban or timeout`);
  if (open.ended !== null) return [];
  const events: CaseEvent[] = [
    {
      type: 'CaseLifted',
      data: {
        caseNumber,
        action: open.action,
        target: open.target,
        byCaseNumber: c.data.byCaseNumber,
        byRequestId: c.data.byRequestId,
        liftedBy: c.data.liftedBy,
        liftedAt: c.meta.now,
      },
    },
  ];
  if (open.expiry?.status === 'scheduled') {
    events.push({ type: 'ExpiryCancelled', data: { caseNumber, dueAt: open.expiry.dueAt, reason: 'lifted', cancelledAt: c.meta.now } });
  }
  return events;
};

export const amendCaseReason = (c: Of<'AmendCaseReason'>, s: CaseState): CaseEvent[] => {
  const open = opened(c, s);
  if (open.reason === c.data.reason) return [];
  return [
    {
      type: 'CaseReasonAmended',
      data: { caseNumber: open.caseNumber, previousReason: open.reason, reason: c.data.reason, amendedBy: c.meta.actor, amendedAt: c.meta.now },
    },
  ];
};

export const addCaseNote = (c: Of<'AddCaseNote'>, s: CaseState): CaseEvent[] => {
  const open = opened(c, s);
  if (open.notes.some((n) => n.noteId === c.meta.commandId)) return [];
  return [
    {
      type: 'CaseNoteAdded',
      data: { caseNumber: open.caseNumber, noteId: c.meta.commandId, text: c.data.text, author: c.meta.actor, addedAt: c.meta.now },
    },
  ];
};

/** The same link twice adds nothing. */
export const addCaseEvidence = (c: Of<'AddCaseEvidence'>, s: CaseState): CaseEvent[] => {
  const open = opened(c, s);
  if (open.evidence.some((e) => e.url === c.data.url)) return [];
  return [
    {
      type: 'CaseEvidenceAdded',
      data: {
        caseNumber: open.caseNumber,
        evidenceId: c.meta.commandId,
        url: c.data.url,
        description: c.data.description,
        addedBy: c.meta.actor,
        addedAt: c.meta.now,
      },
    },
  ];
};

export const hideCase = (c: Of<'HideCase'>, s: CaseState): CaseEvent[] => {
  const open = opened(c, s);
  if (open.hidden) return reject(E.CASE_ALREADY_HIDDEN, `case #${open.caseNumber} is already hidden`);
  return [{ type: 'CaseHidden', data: { caseNumber: open.caseNumber, reason: c.data.reason, hiddenBy: c.meta.actor, hiddenAt: c.meta.now } }];
};

export const restoreCase = (c: Of<'RestoreCase'>, s: CaseState): CaseEvent[] => {
  const open = opened(c, s);
  if (!open.hidden) return reject(E.CASE_NOT_HIDDEN, `case #${open.caseNumber} is not hidden`);
  return [
    { type: 'CaseRestored', data: { caseNumber: open.caseNumber, reason: c.data.reason, restoredBy: c.meta.actor, restoredAt: c.meta.now } },
  ];
};

export const linkAuditLogEntry = (c: Of<'LinkAuditLogEntry'>, s: CaseState): CaseEvent[] => {
  const open = opened(c, s);
  if (open.auditLogEntryIds.includes(c.data.auditLogEntryId)) return [];
  const { auditLogEntryId, action, executor } = c.data;
  return [{ type: 'AuditLogEntryLinked', data: { caseNumber: open.caseNumber, auditLogEntryId, action, executor, linkedAt: c.meta.now } }];
};

export const decideCase = (command: CaseCommand, state: CaseState): CaseEvent[] => {
  switch (command.type) {
    case 'OpenCase':
      return openCase(command, state);
    case 'RecordDiscordActionSucceeded':
      return recordDiscordActionSucceeded(command, state);
    case 'RecordDiscordActionFailed':
      return recordDiscordActionFailed(command, state);
    case 'ExpireCase':
      return expireCase(command, state);
    case 'RecordCaseLifted':
      return recordCaseLifted(command, state);
    case 'AmendCaseReason':
      return amendCaseReason(command, state);
    case 'AddCaseNote':
      return addCaseNote(command, state);
    case 'AddCaseEvidence':
      return addCaseEvidence(command, state);
    case 'HideCase':
      return hideCase(command, state);
    case 'RestoreCase':
      return restoreCase(command, state);
    case 'LinkAuditLogEntry':
      return linkAuditLogEntry(command, state);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

export const caseDecider: Decider<CaseState, CaseCommand, CaseEvent> = {
  decide: decideCase,
  evolve: evolveCase,
  initialState: initialCaseState,
};
