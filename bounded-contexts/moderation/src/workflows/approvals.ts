import type { CommandEnvelope } from '@guildhall/kernel';
import { executionCommandId } from '../approval-request/gate.js';
import type { Workflow } from './workflow.js';

/**
 * Four-eyes: an approved request runs the command it held, once (its id derives from the
 * approval), as the requester asked it; the approver is on the approval's events, which name it.
 */
export const approvalsWorkflow: Workflow = (event, envelope, now) => {
  if (event.type !== 'ApprovalGranted') return [];
  const d = event.data;
  const run: CommandEnvelope = {
    id: executionCommandId(d.approvalId),
    type: d.held.type,
    issuedAt: now,
    guildId: envelope.guildId,
    actor: d.requestedBy,
    source: envelope.source,
    correlationId: envelope.correlationId,
    causationId: envelope.id,
    payload: d.held.payload,
  };
  return [run];
};
