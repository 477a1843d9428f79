import type { CommandEnvelope, EventEnvelope } from '@guildhall/kernel';
import type { HeldContext } from '../approval-request/commands.js';
import { executionCommandId } from '../approval-request/gate.js';
import type { ModerationEvent } from '../moderation-events.js';
import type { Workflow } from './workflow.js';

/** A command for the context it belongs to (`cmd.<context>.<type>`). */
export type ContextCommand = Readonly<{ context: HeldContext; command: CommandEnvelope }>;

/**
 * Four-eyes: an approved request runs the command it held, once (its id derives from the
 * approval), as the requester asked it, in the context that owns it; the approver is on the
 * approval's events, which name it (and the held context's gate hands it on where it matters).
 */
export const grantedCommand = (event: ModerationEvent, envelope: EventEnvelope, now: string): ContextCommand | null => {
  if (event.type !== 'ApprovalGranted') return null;
  const d = event.data;
  const command: CommandEnvelope = {
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
  return { context: d.held.context, command };
};

/** Moderation's own held commands (decided by the process manager's moderation handler). */
export const approvalsWorkflow: Workflow = (event, envelope, now) => {
  const run = grantedCommand(event, envelope, now);
  return run?.context === 'moderation' ? [run.command] : [];
};

/** Another context's held commands (appeals' decision): sent to that context's command subject. */
export const heldElsewhereWorkflow = (event: ModerationEvent, envelope: EventEnvelope, now: string): ContextCommand[] => {
  const run = grantedCommand(event, envelope, now);
  return run && run.context !== 'moderation' ? [run] : [];
};
