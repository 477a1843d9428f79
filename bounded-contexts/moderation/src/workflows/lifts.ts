import { causedBy as send } from '../process-envelopes.js';
import type { Workflow } from './workflow.js';

/** An unban or a removed timeout, once applied, lifts the case it ends. */
export const liftsWorkflow: Workflow = (event, envelope, now) => {
  if (event.type !== 'ModerationActionApplied') return [];
  const d = event.data;
  if (d.liftsCaseNumber === null) return [];
  return [send(envelope, 'RecordCaseLifted', { caseNumber: d.liftsCaseNumber, byCaseNumber: d.caseNumber, byRequestId: d.requestId, liftedBy: d.moderator }, now)];
};
