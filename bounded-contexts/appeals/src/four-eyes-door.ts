import { aggregateStream, type CommandBus, type CommandHandlerFn, type EventStore, type HandlerOutcome } from '@guildhall/eventing';
import { fourEyesGated, type FourEyesDoor } from '@guildhall/moderation/handler';
import { commandFromEnvelope, deterministicId, isDomainError, type CommandEnvelope } from '@guildhall/kernel';
import type { AppealCommand } from './appeal/commands.js';
import { decideCaseAppeals } from './appeal/decider.js';
import { appealDecisionGate } from './appeal/four-eyes.js';
import { caseAppealsAggregate, commands } from './command-routing.js';
import { caseAppealsStreamId } from './stream-ids.js';

type DecideAppeal = Extract<AppealCommand, { type: 'DecideAppeal' }>;

const decisionOf = (envelope: CommandEnvelope): DecideAppeal => commandFromEnvelope(commands, envelope) as DecideAppeal;

/**
 * The appeal decision's rules (open, not withdrawn, the decider neither the case's moderator nor
 * the appellant) for `actor`, against the appeal as it stands: the same pure decider that records
 * the decision, run without appending. Null when it would be decided; the refusal otherwise.
 */
export const refusalOfDecision = async (store: EventStore, envelope: CommandEnvelope): Promise<HandlerOutcome | null> => {
  const c = decisionOf(envelope);
  const { state } = await aggregateStream(store, caseAppealsStreamId(envelope.guildId, c.data.caseNumber), caseAppealsAggregate);
  try {
    decideCaseAppeals(c, state);
    return null;
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return { status: 'rejected', commandId: envelope.id, code: e.code, message: e.message, details: e.details };
  }
};

/**
 * Appeals' door to moderation's four-eyes gate: DecideAppeal waits when the guild's rules say so.
 * The request is checked against the decision's rules first (a refusal appends nothing), then
 * sent to moderation as a RequestApproval whose id derives from the decision's (the decision's
 * own id is taken on the bus); once a second moderator approves, moderation's process manager
 * sends the decision back here under the approval's derived id, and it runs with the approver.
 */
export const appealsFourEyesDoor = (store: EventStore, moderation: CommandHandlerFn): FourEyesDoor => ({
  context: 'appeals',
  gatedTypes: new Set(['DecideAppeal']),
  gate: (rules, envelope) => appealDecisionGate(rules, decisionOf(envelope)),
  check: (envelope) => refusalOfDecision(store, envelope),
  approvals: moderation,
  granted: (envelope, approval) => {
    if (approval.decidedBy === null) throw new Error(`approval ${approval.approvalId} is granted but names no approver`);
    return { ...envelope, payload: { ...(envelope.payload as Record<string, unknown>), approval: { approvalId: approval.approvalId, approvedBy: approval.decidedBy } } };
  },
});

/** The approval request of a held decision: derived from the decision's id, so a resend is the same request. */
export const heldApprovalId = (envelope: CommandEnvelope): string => deterministicId('four-eyes-request', envelope.id);

/** Appeals' handler behind the gate; `moderation` decides the approval requests (the bus in a service, moderation's handler in a test). */
export const gatedAppealsHandler = (store: EventStore, inner: CommandHandlerFn, moderation: CommandHandlerFn): CommandHandlerFn =>
  fourEyesGated(store, inner, appealsFourEyesDoor(store, moderation), heldApprovalId);

/**
 * Moderation's approval requests over the bus, waiting for the decision: a request not decided
 * within the wait throws, so the reactor retries the appeals command (the same derived id is
 * deduplicated, and its stored result answers).
 */
export const moderationOverBus = (bus: CommandBus, waitMs = 10_000): CommandHandlerFn => async (command) => {
  const r = await bus.send(command, { context: 'moderation', waitMs });
  if (r.status === 'accepted' || r.status === 'rejected') return r;
  throw new Error(`moderation has not decided ${command.type} ${command.id} (${r.status})`);
};
