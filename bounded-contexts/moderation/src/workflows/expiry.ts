import { causedBy as send } from '../process-envelopes.js';
import type { Workflow } from './workflow.js';

/** A sanction's end: a timeout ends in Discord by itself; a ban when the expiry unban succeeds. */
export const expiryWorkflow: Workflow = (event, envelope, now) => {
  switch (event.type) {
    case 'CaseExpired':
      return event.data.action === 'timeout'
        ? [send(envelope, 'RecordSanctionExpired', { userId: event.data.target.id, caseNumber: event.data.caseNumber }, now)]
        : [];
    case 'DiscordActionSucceeded':
      return event.data.purpose === 'sanction' ? [] : [send(envelope, 'RecordSanctionExpired', { userId: event.data.target.id, caseNumber: event.data.caseNumber }, now)];
    default:
      return [];
  }
};
