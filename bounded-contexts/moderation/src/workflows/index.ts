import type { CommandEnvelope, EventEnvelope } from '@guildhall/kernel';
import { parseModerationEvent } from '../moderation-events.js';
import { approvalsWorkflow, heldElsewhereWorkflow, type ContextCommand } from './approvals.js';
import { auditLinksWorkflow } from './audit-links.js';
import { bulkOutcomesWorkflow } from './bulk-outcomes.js';
import { expiryWorkflow } from './expiry.js';
import { liftsWorkflow } from './lifts.js';
import { reportsWorkflow } from './reports.js';
import { sanctionWorkflow } from './sanction.js';
import type { Workflow } from './workflow.js';

export type { Workflow } from './workflow.js';
export { sanctionWorkflow, expiryWorkflow, liftsWorkflow, bulkOutcomesWorkflow, auditLinksWorkflow, approvalsWorkflow, heldElsewhereWorkflow, reportsWorkflow };
export type { ContextCommand } from './approvals.js';

/** Moderation's workflows, in the order their commands are sent for one event. */
export const moderationWorkflows: readonly Workflow[] = [sanctionWorkflow, expiryWorkflow, liftsWorkflow, bulkOutcomesWorkflow, auditLinksWorkflow, approvalsWorkflow, reportsWorkflow];

/**
 * What the moderation process manager does about a stored event: every workflow's reaction.
 * The infrastructure (the reactor over `es.moderation.>`) calls this and sends the commands.
 */
export const reactToModerationEvent = (envelope: EventEnvelope, now: string): CommandEnvelope[] => {
  const event = parseModerationEvent(envelope);
  return event ? moderationWorkflows.flatMap((react) => react(event, envelope, now)) : [];
};

/**
 * The commands a stored moderation event leads to in other contexts (an approved appeal
 * decision): the process manager sends them to `cmd.<context>.*` on the bus. Pure.
 */
export const reactToModerationEventElsewhere = (envelope: EventEnvelope, now: string): ContextCommand[] => {
  const event = parseModerationEvent(envelope);
  return event ? heldElsewhereWorkflow(event, envelope, now) : [];
};
