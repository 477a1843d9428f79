import { bulkMemberCommands } from '../bulk-action/member-commands.js';
import { causedBy as send } from '../process-envelopes.js';
import type { Workflow } from './workflow.js';

/** A bulk request: one member command each, and each member's outcome back on the request. */
export const bulkOutcomesWorkflow: Workflow = (event, envelope, now) => {
  switch (event.type) {
    case 'BulkActionRequested':
      return bulkMemberCommands(envelope, event.data, now);
    case 'ModerationActionApplied': {
      const d = event.data;
      if (d.bulkId === null) return [];
      return [send(envelope, 'RecordBulkMemberOutcome', { bulkId: d.bulkId, userId: d.target.id, outcome: 'applied', caseNumber: d.caseNumber }, now)];
    }
    case 'ModerationActionFailed': {
      const d = event.data;
      if (d.bulkId === null) return [];
      const outcome = { bulkId: d.bulkId, userId: d.target.id, outcome: 'failed', caseNumber: d.caseNumber, discordErrorCode: d.discordErrorCode, reason: d.reason } as const;
      return [send(envelope, 'RecordBulkMemberOutcome', outcome, now)];
    }
    default:
      return [];
  }
};
