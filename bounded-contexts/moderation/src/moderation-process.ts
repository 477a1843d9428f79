import type { CommandEnvelope, EventEnvelope } from '@guildhall/kernel';
import { bulkMemberCommands } from './bulk-action.js';
import { parseModerationEvent } from './moderation-events.js';
import { isDiscordAction } from './moderation-schemas.js';
import { causedBy } from './process-envelopes.js';

/**
 * The moderation process manager's decisions, pure: which commands a stored event leads to.
 * The infrastructure subscribes to `es.moderation.>`, calls this, and sends the commands
 * (their ids are derived from the event, so a re-delivery sends nothing new). The chain:
 *
 *   member record: ModerationActionRequested | ModerationActionObserved
 *     → counter: AllocateCaseNumber → CaseNumberAllocated
 *     → case: OpenCase → CaseOpened (+ DiscordActionRequested: the executor acts in Discord)
 *     → member record: RecordModerationActionApplied | RecordModerationActionFailed
 *       (at once for warn/note/observed cases; after Discord's outcome otherwise)
 *     → case lifted (unban/untimeout) and bulk outcomes.
 */
export const reactToModerationEvent = (envelope: EventEnvelope, now: string): CommandEnvelope[] => {
  const event = parseModerationEvent(envelope);
  if (!event) return [];
  const send = causedBy;
  switch (event.type) {
    case 'ModerationActionRequested':
    case 'ModerationActionObserved':
      return [send(envelope, 'AllocateCaseNumber', { request: event.data }, now)];
    case 'CaseNumberAllocated':
      return [send(envelope, 'OpenCase', { caseNumber: event.data.caseNumber, request: event.data.request }, now)];
    case 'CaseOpened': {
      const d = event.data;
      // Nothing left to wait for: a record-only case, or one a human already did in Discord.
      if (d.origin === 'guildhall' && isDiscordAction(d.action)) return [];
      return [send(envelope, 'RecordModerationActionApplied', { userId: d.target.id, requestId: d.requestId, caseNumber: d.caseNumber }, now)];
    }
    case 'DiscordActionSucceeded': {
      const d = event.data;
      return d.purpose === 'sanction'
        ? [send(envelope, 'RecordModerationActionApplied', { userId: d.target.id, requestId: d.requestId, caseNumber: d.caseNumber }, now)]
        : [send(envelope, 'RecordSanctionExpired', { userId: d.target.id, caseNumber: d.caseNumber }, now)];
    }
    case 'DiscordActionFailed': {
      const d = event.data;
      // A failed expiry unban leaves the member banned; the failure is on the case for a moderator.
      if (d.purpose !== 'sanction') return [];
      const failure = { discordErrorCode: d.discordErrorCode, httpStatus: d.httpStatus, reason: d.reason };
      return [
        send(envelope, 'RecordModerationActionFailed', { userId: d.target.id, requestId: d.requestId, caseNumber: d.caseNumber, ...failure }, now),
      ];
    }
    case 'CaseExpired':
      // A timeout ends in Discord by itself; a ban ends when the expiry unban succeeds.
      return event.data.action === 'timeout'
        ? [send(envelope, 'RecordSanctionExpired', { userId: event.data.target.id, caseNumber: event.data.caseNumber }, now)]
        : [];
    case 'ModerationActionApplied': {
      const d = event.data;
      const out: CommandEnvelope[] = [];
      if (d.liftsCaseNumber !== null) {
        out.push(
          send(envelope, 'RecordCaseLifted', { caseNumber: d.liftsCaseNumber, byCaseNumber: d.caseNumber, byRequestId: d.requestId, liftedBy: d.moderator }, now),
        );
      }
      if (d.bulkId !== null) {
        out.push(send(envelope, 'RecordBulkMemberOutcome', { bulkId: d.bulkId, userId: d.target.id, outcome: 'applied', caseNumber: d.caseNumber }, now));
      }
      return out;
    }
    case 'ModerationActionFailed': {
      const d = event.data;
      if (d.bulkId === null) return [];
      return [
        send(
          envelope,
          'RecordBulkMemberOutcome',
          { bulkId: d.bulkId, userId: d.target.id, outcome: 'failed', caseNumber: d.caseNumber, discordErrorCode: d.discordErrorCode, reason: d.reason },
          now,
        ),
      ];
    }
    case 'DiscordAuditActionLinked': {
      const d = event.data;
      if (d.caseNumber === null) return [];
      return [send(envelope, 'LinkAuditLogEntry', { caseNumber: d.caseNumber, auditLogEntryId: d.auditLogEntryId, action: d.action, executor: d.executor }, now)];
    }
    case 'BulkActionRequested':
      return bulkMemberCommands(envelope, event.data, now);
    case 'SanctionExpired':
    case 'DiscordActionRequested':
    case 'ExpiryScheduled':
    case 'ExpiryCancelled':
    case 'CaseLifted':
    case 'CaseReasonAmended':
    case 'CaseNoteAdded':
    case 'CaseEvidenceAdded':
    case 'CaseHidden':
    case 'CaseRestored':
    case 'AuditLogEntryLinked':
    case 'BulkMemberSucceeded':
    case 'BulkMemberFailed':
    case 'BulkActionCompleted':
      return [];
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};
