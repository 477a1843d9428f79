import { isDiscordAction } from '../moderation-schemas.js';
import { causedBy as send } from '../process-envelopes.js';
import type { Workflow } from './workflow.js';

/**
 * The sanction chain, one request from asking to Discord's answer:
 *
 *   member record: ModerationActionRequested | ModerationActionObserved
 *     → counter: AllocateCaseNumber → CaseNumberAllocated
 *     → case: OpenCase → CaseOpened (+ DiscordActionRequested: the bot's executor acts in Discord)
 *     → member record: RecordModerationActionApplied | RecordModerationActionFailed
 *       (at once for warn/note/observed cases; after Discord's outcome otherwise)
 */
export const sanctionWorkflow: Workflow = (event, envelope, now) => {
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
      if (d.purpose !== 'sanction') return [];
      return [send(envelope, 'RecordModerationActionApplied', { userId: d.target.id, requestId: d.requestId, caseNumber: d.caseNumber }, now)];
    }
    case 'DiscordActionFailed': {
      const d = event.data;
      // A failed expiry unban leaves the member banned; the failure is on the case for a moderator.
      if (d.purpose !== 'sanction') return [];
      const failure = { discordErrorCode: d.discordErrorCode, httpStatus: d.httpStatus, reason: d.reason };
      return [send(envelope, 'RecordModerationActionFailed', { userId: d.target.id, requestId: d.requestId, caseNumber: d.caseNumber, ...failure }, now)];
    }
    default:
      return [];
  }
};
