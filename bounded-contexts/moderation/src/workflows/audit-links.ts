import { causedBy as send } from '../process-envelopes.js';
import type { Workflow } from './workflow.js';

/** An audit-log entry Guildhall (or the bot) caused is linked to its case, not opened as a new one. */
export const auditLinksWorkflow: Workflow = (event, envelope, now) => {
  if (event.type !== 'DiscordAuditActionLinked') return [];
  const d = event.data;
  if (d.caseNumber === null) return [];
  return [send(envelope, 'LinkAuditLogEntry', { caseNumber: d.caseNumber, auditLogEntryId: d.auditLogEntryId, action: d.action, executor: d.executor }, now)];
};
