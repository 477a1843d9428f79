import { causedBy as send } from '../process-envelopes.js';
import type { Workflow } from './workflow.js';

/**
 * Acting on a report: a case opened for a request that names a report (`reportId`, set when a
 * moderator acts from the Reports queue) resolves that report as acted with this case, by the
 * case's moderator, when the case opens. The link is explicit (never guessed from the member and
 * a time window), so the audit trail says which action answered which report. A case whose
 * Discord action then fails keeps the report resolved: the failure is on the case, where a
 * moderator retries it.
 */
export const reportsWorkflow: Workflow = (event, envelope, now) => {
  if (event.type !== 'CaseOpened' || event.data.reportId === undefined) return [];
  const d = event.data;
  return [send(envelope, 'ResolveReport', { reportId: event.data.reportId, resolution: { kind: 'acted', caseNumber: d.caseNumber, targetId: d.target.id } }, now)];
};
